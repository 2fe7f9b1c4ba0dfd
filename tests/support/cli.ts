import { pool } from '../../lib/db';
import { keepEveryoneActive } from './churn-data';
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

/**
 * Trains an XGBoost champion on the synthetic churn data (inactivity within 90 days of 2025-01-01) through the
 * CLI, then lets `beforeScore` adjust the workspace and scores every customer; fails with the CLI's own error.
 */
export async function trainAndScore(slug: string, beforeScore?: () => Promise<unknown>) {
  const trained = runChurn(
    ['train', '--workspace', slug, '--label', 'inactivity', '--horizon', '90', '--as-of', '2025-01-01'].concat([
      '--algo',
      'xgboost',
      '--promote',
      '--json',
    ]),
    300_000,
  );
  if (trained.code !== 0) throw new Error(`train failed: ${trained.stderr}`);
  const { rows } = await pool().query('SELECT id FROM workspaces WHERE slug = $1', [slug]);
  await keepEveryoneActive(rows[0].id);
  await beforeScore?.();
  const scored = runChurn(['score', '--workspace', slug, '--json'], 300_000);
  if (scored.code !== 0) throw new Error(`score failed: ${scored.stderr}`);
}
