import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './env';

/** Runs `npm run churn -- …` as a user would (a separate process); `json` is the last stdout line, parsed. */
export function runChurn(args: string[], timeoutMs = 120_000) {
  const res = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/churn.ts', ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  const lines = res.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  return { code: res.status, stdout: res.stdout, stderr: res.stderr, last, json: () => JSON.parse(last || '{}') };
}
