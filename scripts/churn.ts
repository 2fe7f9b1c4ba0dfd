// `npm run churn -- <command>`: the command-line adapter over the same services as the UI.
import { findCommand, resolveCommand, usage } from '../lib/cli/commands';
import { getEnv } from '../lib/env';
import { isAppError } from '../lib/errors';
import { closeConnections } from '../lib/system/repo';
import { loadDotenv } from './load-dotenv';

loadDotenv();
const argv = process.argv.slice(2);
const wantsJson = argv.includes('--json');
let code = 0;
try {
  if (!argv.length || argv[0] === '--help' || argv[0] === 'help') {
    console.log(usage());
  } else {
    const { command, values, positionals, json } = resolveCommand(argv);
    getEnv();
    const out = await command.run(values, positionals);
    if (!json) out.lines.forEach((l) => console.log(l));
    else console.log(JSON.stringify(out.json));
    code = out.exitCode ?? 0;
  }
} catch (err) {
  code = isAppError(err) && err.code === 'invalid_input' ? 2 : 1;
  const message = isAppError(err) ? err.message : (err as Error).message;
  console.error(`error: ${message}`);
  if (code === 2 && !findCommand(argv.slice(0, 2).join(' ')) && !findCommand(argv[0] ?? ''))
    console.error(`\n${usage()}`);
  if (wantsJson) console.log(JSON.stringify({ error: { code: isAppError(err) ? err.code : 'internal', message } }));
} finally {
  await closeConnections();
}
process.exit(code);
