// Runs `prisma generate` without letting the CLI try to download its native schema engine (unreachable offline).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'scripts/db/no-schema-engine.sh');
const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['generate'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
