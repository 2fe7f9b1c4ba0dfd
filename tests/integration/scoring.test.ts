import { QueueEvents, Worker } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { getQueue } from '../../lib/jobs/enqueue';
import { createRedis } from '../../lib/redis';
import { NIGHTLY_PATTERN, nightlySchedulerId } from '../../lib/scoring/schedule';
import { processNightlyScore } from '../../workers/processors/nightly-score';
import { evaluateAlerts } from '../../lib/alerts/service';
import { createScoreRun, rescoreCustomerNow, runScoring, setTierThresholds } from '../../lib/scoring/service';
import { keepEveryoneActive, seedChurnData } from '../support/churn-data';
import { callRoute } from '../support/api';
import { runChurn } from '../support/cli';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const churn = (...args: string[]) => runChurn(args, 300_000);
let ws: RoleWorkspace;

beforeAll(async () => {
  ws = await createRoleWorkspace('scoring');
  await seedChurnData(ws.id, 800);
});

describe('scoring with the champion', () => {
  it('refuses to score without a champion, naming what to do', async () => {
    const res = churn('score', '--workspace', 'scoring');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/No champion model in this workspace: train a model and promote it first/);
  });

  it('gives every customer a probability, a tier and up to three reasons, and counts the tiers', async () => {
    const trained = churn(
      ...['train', '--workspace', 'scoring', '--label', 'inactivity', '--horizon', '90'],
      ...['--as-of', '2025-01-01', '--algo', 'xgboost', '--promote', '--json'],
    );
    expect(trained.code, trained.stderr).toBe(0);
    await keepEveryoneActive(ws.id);
    const res = churn('score', '--workspace', 'scoring', '--json');
    expect(res.code, res.stderr).toBe(0);
    const out = res.json();
    const { rows } = await pool().query(
      `SELECT count(*)::int AS customers, count(s.customer_id)::int AS scored,
              count(*) FILTER (WHERE s.probability BETWEEN 0 AND 1)::int AS valid
         FROM customers c LEFT JOIN customer_scores s ON s.workspace_id = c.workspace_id AND s.customer_id = c.id
        WHERE c.workspace_id = $1 AND (c.signup_at IS NULL OR c.signup_at < now())`,
      [ws.id],
    );
    expect(rows[0]).toEqual({ customers: 800, scored: 800, valid: 800 });
    expect(out.tiers.high + out.tiers.medium + out.tiers.low).toBe(800);
    expect(out.seconds).toBeGreaterThan(0);
    const scores = await pool().query(
      `SELECT probability, tier, reasons FROM customer_scores WHERE workspace_id = $1`,
      [ws.id],
    );
    for (const s of scores.rows) {
      const tier = s.probability >= 0.8 ? 'high' : s.probability >= 0.5 ? 'medium' : 'low';
      expect(s.tier).toBe(tier);
      expect(s.reasons.length).toBeLessThanOrEqual(3);
      for (const r of s.reasons) expect(r.impact).toBeGreaterThan(0);
      const impacts = s.reasons.map((r: { impact: number }) => r.impact);
      expect(impacts).toEqual([...impacts].sort((a, b) => b - a));
    }
    expect(scores.rows.some((s) => s.reasons.length > 0)).toBe(true);
  }, 300_000);

  it('serves the score with reasons as sentences through the API, and filters the list by tier', async () => {
    const key = await createKey(ws, ['customers.read']);
    const list = await callRoute('app/api/v1/customers/route.ts', 'GET', '/api/v1/customers?tier=high&limit=500', {
      key,
    });
    expect(list.status).toBe(200);
    const items = (await list.json()).items as { customerId: string; risk: { tier: string; probability: number } }[];
    const high = await pool().query(
      `SELECT count(*)::int AS n FROM customer_scores WHERE workspace_id = $1 AND tier = 'high'`,
      [ws.id],
    );
    expect(items.length).toBe(Math.min(high.rows[0].n, 500));
    for (const i of items) expect(i.risk.tier).toBe('high');
    const withReasons = await pool().query(
      `SELECT c.external_id FROM customer_scores s JOIN customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id
        WHERE s.workspace_id = $1 AND jsonb_array_length(s.reasons) > 0 LIMIT 1`,
      [ws.id],
    );
    const id = withReasons.rows[0].external_id;
    const res = await callRoute('app/api/v1/customers/[customerId]/route.ts', 'GET', `/api/v1/customers/${id}`, {
      key,
      params: { customerId: id },
    });
    expect(res.status).toBe(200);
    const { score } = await res.json();
    expect(score).toMatchObject({ tier: expect.stringMatching(/^(high|medium|low)$/), model_id: expect.any(String) });
    expect(score.probability).toBeGreaterThanOrEqual(0);
    expect(score.reasons[0]).toMatchObject({ feature: expect.any(String), impact: expect.any(Number) });
    // A sentence from the feature's template, with the placeholder filled in.
    expect(score.reasons[0].text).not.toContain('{value}');
    expect(score.reasons[0].text).not.toBe(score.reasons[0].feature);
  });

  it('uses the workspace thresholds (audited) and keeps the previous score and the history', async () => {
    await expect(setTierThresholds(ws.as.admin, { high: 0.3, medium: 0.4 })).rejects.toThrow(
      /high: must be above the medium threshold/,
    );
    await expect(setTierThresholds(ws.as.ops, { high: 0.6, medium: 0.2 })).rejects.toThrow(/models.write/);
    await setTierThresholds(ws.as.admin, { high: 0.6, medium: 0.2 });
    await runScoring(await createScoreRun(ws.system, 'manual', { queue: false }));
    const { rows } = await pool().query(
      `SELECT count(*) FILTER (WHERE tier <> (CASE WHEN probability >= 0.6 THEN 'high' WHEN probability >= 0.2
                                     THEN 'medium' ELSE 'low' END)::"RiskTier")::int AS wrong,
              count(*) FILTER (WHERE previous_probability IS NULL)::int AS without_previous,
              (SELECT count(*)::int FROM score_history h WHERE h.workspace_id = $1) AS history
         FROM customer_scores WHERE workspace_id = $1`,
      [ws.id],
    );
    expect(rows[0]).toEqual({ wrong: 0, without_previous: 0, history: 1600 });
    const audit = await pool().query(
      `SELECT before, after FROM audit_logs WHERE workspace_id = $1 AND action = 'scoring.thresholds'`,
      [ws.id],
    );
    expect(audit.rows).toEqual([{ before: { high: 0.8, medium: 0.5 }, after: { high: 0.6, medium: 0.2 } }]);
  }, 120_000);

  it('retires customers who churned: no current score, history kept, open alerts closed as churned', async () => {
    const { rows: picked } = await pool().query<{ id: string; external_id: string }>(
      `SELECT c.id::text, c.external_id FROM customers c JOIN customer_scores s
          ON s.workspace_id = c.workspace_id AND s.customer_id = c.id
        WHERE c.workspace_id = $1 ORDER BY c.id LIMIT 3`,
      [ws.id],
    );
    const ids = picked.map((r) => r.id);
    // One of them has an open alert: it entered the high tier at the last pass.
    await pool().query(
      `UPDATE customer_scores SET tier = 'high', probability = 0.95, previous_tier = 'low', previous_probability = 0.1
        WHERE workspace_id = $1 AND customer_id = $2`,
      [ws.id, ids[0]],
    );
    expect((await evaluateAlerts(ws.id, [ids[0]!])).created).toBeGreaterThan(0);
    await pool().query(
      `UPDATE customers SET churned_at = now() - interval '2 days' WHERE workspace_id = $1 AND id = ANY($2::bigint[])`,
      [ws.id, ids],
    );
    await runScoring(await createScoreRun(ws.system, 'manual', { queue: false }));
    const { rows } = await pool().query(
      `SELECT (SELECT count(*)::int FROM customer_scores WHERE workspace_id = $1 AND customer_id = ANY($2::bigint[]))
                AS current,
              (SELECT count(*)::int FROM score_history WHERE workspace_id = $1 AND customer_id = ANY($2::bigint[]))
                AS history,
              (SELECT count(*)::int FROM customer_scores WHERE workspace_id = $1) AS scored`,
      [ws.id, ids],
    );
    expect(rows[0]).toEqual({ current: 0, history: 6, scored: 797 });
    const alerts = await pool().query(
      `SELECT status, outcome, closed_by FROM alerts WHERE workspace_id = $1 AND customer_id = $2`,
      [ws.id, ids[0]],
    );
    expect(alerts.rows.length).toBeGreaterThan(0);
    for (const a of alerts.rows) expect(a).toEqual({ status: 'closed', outcome: 'churned', closed_by: 'system' });
    await expect(rescoreCustomerNow(ws.as.ops, picked[1]!.external_id)).rejects.toThrow(
      /has churned: churned customers are no longer scored/,
    );
  }, 120_000);

  it('says so when a workspace has no customers', async () => {
    const empty = await createRoleWorkspace('scoring-empty');
    await pool().query(
      `INSERT INTO models (id, workspace_id, algorithm, status, feature_set_version, spec, feature_names, label, metrics,
                           candidates, feature_importance, params, training_rows, training_positives)
       SELECT 'copied-model', $1, algorithm, 'champion', feature_set_version, spec, feature_names, label, metrics,
              candidates, feature_importance, params, training_rows, training_positives
         FROM models WHERE workspace_id = $2 AND status = 'champion'`,
      [empty.id, ws.id],
    );
    await pool().query(
      `INSERT INTO model_artefacts (model_id, kind, content)
       SELECT 'copied-model', a.kind, a.content FROM model_artefacts a JOIN models m ON m.id = a.model_id
        WHERE m.workspace_id = $1 AND m.status = 'champion'`,
      [ws.id],
    );
    const run = await createScoreRun(empty.system, 'manual', { queue: false });
    await expect(runScoring(run)).rejects.toThrow(/no customers to score yet/);
    const { rows } = await pool().query('SELECT status, error FROM score_runs WHERE id = $1', [run]);
    expect(rows[0].status).toBe('failed');
  });
});

describe('nightly scoring', () => {
  it('a promotion schedules a nightly run, and the nightly job scores the workspace through a real worker', async () => {
    const queue = getQueue('ml');
    const scheduler = await queue.getJobScheduler(nightlySchedulerId(ws.id));
    expect(scheduler).toMatchObject({ pattern: NIGHTLY_PATTERN, tz: 'UTC' });
    const worker = new Worker('ml', processNightlyScore, { connection: createRedis({ forWorker: true }) });
    try {
      const events = new QueueEvents('ml', { connection: createRedis({ forWorker: true }) });
      const job = await queue.add('nightly-score', { workspaceId: ws.id }, { jobId: `nightly-test.${ws.id}` });
      const result = await job.waitUntilFinished(events, 120_000);
      await events.close();
      expect(result.customers).toBe(797); // the three churned above are no longer scored
      const { rows } = await pool().query(
        `SELECT status FROM score_runs WHERE workspace_id = $1 AND trigger = 'nightly'`,
        [ws.id],
      );
      expect(rows).toEqual([{ status: 'succeeded' }]);
    } finally {
      await worker.close();
      await queue.removeJobScheduler(nightlySchedulerId(ws.id));
    }
  }, 180_000);
});
