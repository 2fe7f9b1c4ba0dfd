import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import * as features from '../../lib/features/service';
import { QUEUES } from '../../lib/jobs/definitions';
import { createRedis } from '../../lib/redis';
import { isDraining, rescoreChanged } from '../../lib/scoring/realtime';
import { loadChampion } from '../../lib/scoring/service';
import { processCustomersChanged } from '../../workers/processors/customers-changed';
import { callRoute, postJson } from '../support/api';
import { seedChurnData } from '../support/churn-data';
import { trainAndScore } from '../support/cli';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const EVENTS = 'app/api/v1/events/route.ts';
const CUSTOMER = 'app/api/v1/customers/[customerId]/route.ts';
const SCORE = 'app/api/v1/customers/[customerId]/score/route.ts';
let ws: RoleWorkspace;
let key: string;
let worker: Worker;

async function readScore(externalId: string) {
  const res = await callRoute(CUSTOMER, 'GET', `/api/v1/customers/${externalId}`, {
    key,
    params: { customerId: externalId },
  });
  expect(res.status).toBe(200);
  return (await res.json()).score as {
    probability: number;
    scored_at: string;
    previous: { probability: number; changes: { text: string; direction: string }[] } | null;
  };
}

async function historyCount(externalId: string) {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM score_history h JOIN customers c ON c.workspace_id = h.workspace_id
        AND c.id = h.customer_id WHERE c.workspace_id = $1 AND c.external_id = $2`,
    [ws.id, externalId],
  );
  return rows[0].n as number;
}

/** Polls the API until the customer's score is newer than `after`; answers the milliseconds it took. */
async function waitForNewScore(externalId: string, after: string, started: number) {
  for (;;) {
    const score = await readScore(externalId);
    if (score.scored_at > after) return performance.now() - started;
    if (performance.now() - started > 15_000) throw new Error('no new score within 15 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  ws = await createRoleWorkspace('realtime');
  await seedChurnData(ws.id, 400);
  await trainAndScore('realtime');
  key = await createKey(ws, ['events.write', 'customers.read']);
  worker = new Worker(QUEUES.realtime, processCustomersChanged, {
    connection: createRedis({ forWorker: true }),
    concurrency: 4,
  });
}, 360_000);

afterAll(async () => {
  await worker?.close();
  delete process.env.REALTIME_DEBOUNCE_MS;
  resetEnvCache();
});

describe('real-time re-scoring', () => {
  it('computes the same features for a list of customers as the snapshot does at the same instant', async () => {
    const model = await loadChampion(ws.id);
    const asOf = new Date('2025-03-01T00:00:00Z');
    const snapshotId = await features.createSnapshot(ws.system, asOf, model.spec, 'features');
    await features.computeSnapshot(snapshotId);
    const fromSnapshot = new Map<string, (number | null)[]>();
    for await (const page of features.readSnapshotRows(ws.system, snapshotId))
      for (const r of page) fromSnapshot.set(r.customer_id, r.values);
    const ids = [...fromSnapshot.keys()].filter((_, i) => i % 7 === 0);
    const live = await features.computeCustomerFeatures(ws.id, model.spec, asOf, ids);
    expect(live.length).toBe(ids.length);
    for (const r of live) expect(r.values).toEqual(fromSnapshot.get(r.customer_id));
  });

  it('re-scores a customer after an event arrives through the API, and says why the score changed', async () => {
    const before = await readScore('c00012');
    const started = performance.now();
    const res = await postJson(EVENTS, '/api/v1/events', key, [
      { customer_id: 'c00012', occurred_at: new Date().toISOString(), type: 'login', event_id: 'rt-1' },
    ]);
    expect((await res.json()).inserted).toBe(1);
    const ms = await waitForNewScore('c00012', before.scored_at, started);
    console.log(`real-time re-score visible after ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(5000);
    const after = await readScore('c00012');
    // A login today resets the recency features, so the drivers moved and the API says which.
    expect(after.previous?.probability).toBeCloseTo(before.probability, 5);
    expect(after.previous?.changes.length).toBeGreaterThan(0);
    for (const c of after.previous!.changes) {
      expect(c.text).not.toContain('{value}');
      expect(['up', 'down']).toContain(c.direction);
    }
  });

  it('scores a burst of records about one customer once, after its last record (debounced per customer)', async () => {
    // Records 300 ms apart within a 1.5 s window: each one pushes the customer's due time back, so the burst is
    // scored once, at least a window after its last record. (A window counted from the first record would score
    // the early records and then the late ones again.)
    process.env.REALTIME_DEBOUNCE_MS = '1500';
    resetEnvCache();
    while (await isDraining(ws.id)) await new Promise((r) => setTimeout(r, 20));
    const before = await readScore('c00020');
    const count = await historyCount('c00020');
    const started = performance.now();
    let last = 0;
    for (let i = 0; i < 5; i++) {
      if (i) await new Promise((r) => setTimeout(r, 300));
      const res = await postJson(EVENTS, '/api/v1/events', key, [
        { customer_id: 'c00020', occurred_at: new Date().toISOString(), type: 'login', event_id: `burst-${i}` },
      ]);
      expect(res.status).toBe(200);
      last = performance.now();
    }
    await waitForNewScore('c00020', before.scored_at, started);
    expect(performance.now() - last).toBeGreaterThanOrEqual(1400);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await historyCount('c00020')) - count).toBe(1);
    delete process.env.REALTIME_DEBOUNCE_MS;
    resetEnvCache();
  });

  it('re-scores one customer on demand through the worker and answers the new score with its reasons', async () => {
    const { rows } = await pool().query(
      `SELECT c.external_id, s.scored_at FROM customer_scores s JOIN customers c
          ON c.workspace_id = s.workspace_id AND c.id = s.customer_id
        WHERE s.workspace_id = $1 ORDER BY s.probability, c.external_id LIMIT 1`,
      [ws.id],
    );
    const id = rows[0].external_id as string;
    const writer = await createKey(ws, ['customers.write']);
    const res = await callRoute(SCORE, 'POST', `/api/v1/customers/${id}/score`, {
      key: writer,
      params: { customerId: id },
    });
    expect(res.status).toBe(200);
    const { score } = await res.json();
    expect(new Date(score.scored_at).getTime()).toBeGreaterThan(rows[0].scored_at.getTime());
    expect(score.reasons.length).toBeGreaterThan(0);
    const missing = await callRoute(SCORE, 'POST', '/api/v1/customers/nobody/score', {
      key: writer,
      params: { customerId: 'nobody' },
    });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain('No customer "nobody"');
  });

  it('leaves a workspace without a champion alone instead of failing the job', async () => {
    const other = await createRoleWorkspace('realtime-none');
    await seedChurnData(other.id, 5);
    const { rows } = await pool().query('SELECT id::text FROM customers WHERE workspace_id = $1', [other.id]);
    await expect(
      rescoreChanged(
        other.id,
        rows.map((r) => r.id),
      ),
    ).resolves.toEqual({ scored: 0 });
  });
});
