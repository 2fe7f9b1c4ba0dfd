// A worker killed with SIGKILL in the middle of an import, then restarted, finishes it with no lost and no
// duplicated rows: each batch commits together with the import's checkpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createImport, queueImport } from '../../lib/imports/service';
import { getQueue } from '../../lib/jobs/enqueue';
import { sql } from '../support/db';
import { ROOT } from '../support/env';
import { createRoleWorkspace } from '../support/fixtures';
import { insertCustomers } from '../support/customers';

const EVENTS = 150_000;
const CUSTOMERS = 1_500;
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, WORKER_LOCK_MS: '2000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('import crash safety', () => {
  it('survives SIGKILL of the worker mid-import: restarted, it finishes with every row exactly once', async () => {
    const ws = await createRoleWorkspace('kill');
    await insertCustomers(
      ws.id,
      Array.from({ length: CUSTOMERS }, (_, i) => ({ id: `K${i}` })),
    );
    const file = path.join(os.tmpdir(), `hf-kill-${process.pid}.csv`);
    const lines = ['customer_id,occurred_at,type,value,event_id'];
    for (let i = 0; i < EVENTS; i++)
      lines.push(`K${i % CUSTOMERS},2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z,session,${i % 600},ev-${i}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    await getQueue('ingest').obliterate({ force: true });

    const imp = await createImport(ws.system, { fileName: 'kill.csv', filePath: file, options: { kind: 'events' } });
    const first = startWorker();
    await queueImport(imp.id);
    const progressAtKill = await waitFor(
      'the import to be part-way',
      async () => {
        const [row] = await sql<{ lines_done: number; status: string }>(
          'SELECT lines_done, status FROM imports WHERE id = $1',
          [imp.id],
        );
        return row && row.lines_done > 10_000 && row.lines_done < EVENTS ? row.lines_done : null;
      },
      60_000,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const [partial] = await sql<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [ws.id]);
    expect(Number(partial!.n)).toBeGreaterThan(0);
    expect(Number(partial!.n)).toBeLessThan(EVENTS);
    // Dead means dead: nothing moves until a new worker starts.
    await new Promise((r) => setTimeout(r, 1500));
    const [still] = await sql<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [ws.id]);
    expect(still!.n).toBe(partial!.n);

    startWorker();
    const done = await waitFor(
      'the restarted worker to finish',
      async () => {
        const [row] = await sql<{
          status: string;
          inserted: number;
          skipped: number;
          rejected: number;
          lines_done: number;
        }>('SELECT status, inserted, skipped, rejected, lines_done FROM imports WHERE id = $1', [imp.id]);
        return row?.status === 'succeeded' || row?.status === 'failed' ? row : null;
      },
      120_000,
    );
    expect(progressAtKill).toBeGreaterThan(0);
    expect(done).toMatchObject({
      status: 'succeeded',
      inserted: EVENTS,
      skipped: 0,
      rejected: 0,
      lines_done: EVENTS + 1,
    });
    const [counts] = await sql<{ n: string; keys: string }>(
      'SELECT count(*) AS n, count(DISTINCT event_key) AS keys FROM events WHERE workspace_id = $1',
      [ws.id],
    );
    expect(counts).toEqual({ n: String(EVENTS), keys: String(EVENTS) });
    fs.rmSync(file, { force: true });
  }, 240_000);
});
