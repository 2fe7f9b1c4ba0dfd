// evaluateAlerts at the nightly batch size: 10,000 freshly scored customers, three rules, inbox rows for the
// receiving members, an email per instant user and webhook POSTs in batches of 100, all logged and queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhook, evaluateAlerts, listRules, saveRule } from '../../lib/alerts/service';
import { pool } from '../../lib/db';
import { resetEnvCache } from '../../lib/env';
import { getQueue } from '../../lib/jobs/enqueue';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

// Email on (nothing is sent: no worker runs the queue here), so the fan-out is measured whole.
process.env.SMTP_URL = 'smtp://127.0.0.1:9';
resetEnvCache();

const N = 10_000;
let ws: RoleWorkspace;
let ids: string[];

beforeAll(async () => {
  ws = await createRoleWorkspace('alerts-scale');
  const q = pool();
  await q.query(
    `INSERT INTO customers (workspace_id, external_id, segment)
     SELECT $1, 's' || g, (ARRAY['consumer', 'smb', 'enterprise'])[1 + g % 3] FROM generate_series(1, $2) g`,
    [ws.id, N],
  );
  await q.query(
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $1, c.id, now() - make_interval(days => k * 40), 100 + (c.id % 7) * 150, 'paid'
       FROM customers c CROSS JOIN generate_series(1, 4) k WHERE c.workspace_id = $1`,
    [ws.id],
  );
  // Probabilities spread over 0–1; even customers rose 25 points, every tenth was high before.
  await q.query(
    `INSERT INTO customer_scores (workspace_id, customer_id, model_id, probability, tier, reasons, previous_probability,
                                  previous_tier, scored_at)
     SELECT $1, id, 'm', p, (CASE WHEN p >= 0.8 THEN 'high' WHEN p >= 0.5 THEN 'medium' ELSE 'low' END)::"RiskTier",
            '[{"feature":"days_since_last_purchase","value":45,"impact":0.8}]', pp,
            (CASE WHEN id % 10 = 0 THEN 'high' WHEN pp >= 0.5 THEN 'medium' ELSE 'low' END)::"RiskTier", now()
       FROM (SELECT id, (id % 100) / 100.0 AS p,
                    greatest(0, (id % 100) / 100.0 - CASE WHEN id % 2 = 0 THEN 0.25 ELSE 0.05 END) AS pp
               FROM customers WHERE workspace_id = $1) s`,
    [ws.id],
  );
  await q.query('ANALYZE customers, transactions, customer_scores');
  ids = (await q.query(`SELECT id::text FROM customers WHERE workspace_id = $1 ORDER BY id`, [ws.id])).rows.map(
    (r) => r.id,
  );
  // The defaults, created on first use; the high-value threshold lowered so that rule fires too.
  const hv = (await listRules(ws.as.admin)).find((r) => r.kind === 'high_value_at_risk')!;
  await saveRule(ws.as.admin, { ...hv, params: { minValue: 2000 } });
  await createWebhook(ws.as.admin, { name: 'scale', url: 'http://127.0.0.1:9/hooks' });
});

afterAll(async () => {
  await getQueue('notify').obliterate({ force: true });
});

describe('evaluateAlerts at scale', () => {
  it('evaluates 10,000 customers well within two seconds, then finds nothing new on a repeat', async () => {
    const started = performance.now();
    const { created } = await evaluateAlerts(ws.id, ids);
    const ms = performance.now() - started;
    const { rows } = await pool().query(
      `SELECT (SELECT count(*)::int FROM alerts WHERE workspace_id = $1) AS alerts,
              (SELECT count(*)::int FROM alert_recipients WHERE workspace_id = $1) AS inbox,
              (SELECT count(*)::int FROM alert_deliveries WHERE workspace_id = $1 AND channel = 'webhook') AS posts,
              (SELECT count(*)::int FROM alert_deliveries WHERE workspace_id = $1 AND channel = 'email') AS emails`,
      [ws.id],
    );
    const counts = rows[0];
    expect(created).toBe(counts.alerts);
    expect(created).toBeGreaterThan(5000);
    expect(counts.inbox).toBe(2 * created); // admin and ops by default; the manager's default is off
    expect(counts.posts).toBe(Math.ceil(created / 100));
    expect(counts.emails).toBe(2);
    expect(await getQueue('notify').getJobCounts('waiting')).toEqual({ waiting: counts.posts + 2 });

    const again = performance.now();
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 0 });
    const repeatMs = performance.now() - again;

    const small = performance.now();
    await evaluateAlerts(ws.id, ids.slice(0, 50));
    const smallMs = performance.now() - small;
    console.log(
      `evaluateAlerts: ${N} customers → ${created} alerts, ${counts.inbox} inbox rows, ${counts.posts} webhook POSTs ` +
        `in ${ms.toFixed(0)} ms; repeat ${repeatMs.toFixed(0)} ms; 50 customers ${smallMs.toFixed(0)} ms`,
    );
    expect(ms).toBeLessThan(5000);
    expect(repeatMs).toBeLessThan(5000);
    expect(smallMs).toBeLessThan(500);
  }, 60_000);
});
