// A run whose job BullMQ fails without the processor seeing it (its worker died more often than the stall limit
// allows) is ended by the worker's 'failed' handler, through real BullMQ: the stall limit's deferred failure is set
// on the job as BullMQ's stalled checker sets it, and a worker picks the job up.
import { Queue, Worker, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { endAbandonedRun } from '../../lib/jobs/abandoned';
import { createRedis, redis } from '../../lib/redis';
import { insertRun } from '../../lib/scoring/repo';
import { waitFor } from '../support/alerts';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const QUEUE = 'test-abandoned';
let ws: RoleWorkspace;
let queue: Queue;
let worker: Worker;
const processed: string[] = [];
const handled: string[] = [];

async function runningRun() {
  const { id } = await insertRun({ workspaceId: ws.id, trigger: 'manual' });
  await pool().query(`UPDATE score_runs SET status = 'running' WHERE id = $1`, [id]);
  return id;
}

const runRow = async (id: string) =>
  (await pool().query('SELECT status, error FROM score_runs WHERE id = $1', [id])).rows[0];

beforeAll(async () => {
  ws = await createRoleWorkspace('abandoned');
  queue = new Queue(QUEUE, { connection: redis() });
  await queue.obliterate({ force: true });
  worker = new Worker(
    QUEUE,
    async (job: Job) => {
      processed.push(job.id!);
      if (job.data.fail) throw new Error(job.data.fail);
    },
    { connection: createRedis({ forWorker: true }), autorun: false },
  );
  worker.on('failed', (job, err) => {
    if (job) void endAbandonedRun(job, err).then(() => handled.push(job.id!));
  });
});

afterAll(async () => {
  await worker?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
});

describe('abandoned runs', () => {
  it('ends a run whose job failed at the stall limit, saying what happened; leaves retried and ended runs alone', async () => {
    const stalled = await runningRun();
    const retried = await runningRun();
    const ended = await runningRun();
    await pool().query(`UPDATE score_runs SET status = 'failed', error = 'no champion' WHERE id = $1`, [ended]);
    await queue.add('score-workspace', { runId: stalled }, { jobId: 'j-stalled' });
    await queue.add(
      'score-workspace',
      { runId: retried, fail: 'flaky' },
      {
        jobId: 'j-retried',
        attempts: 3,
        backoff: { type: 'fixed', delay: 60_000 },
      },
    );
    await queue.add('score-workspace', { runId: ended, fail: 'no champion' }, { jobId: 'j-ended' });
    // What BullMQ's stalled checker writes on a job that has stalled more often than allowed.
    await redis().hset(`bull:${QUEUE}:j-stalled`, 'defa', 'job stalled more than allowable limit');
    void worker.run();
    await waitFor(() => handled.length >= 3 && handled, 15_000, 'three failures handled');

    expect(processed).not.toContain('j-stalled');
    expect(await runRow(stalled)).toEqual({
      status: 'failed',
      error: 'The worker stopped repeatedly while running this (it was killed or ran out of memory); start it again.',
    });
    expect(await runRow(retried)).toEqual({ status: 'running', error: null });
    expect(await runRow(ended)).toEqual({ status: 'failed', error: 'no champion' });
  });
});
