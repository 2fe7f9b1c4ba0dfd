// Queries of the dashboard benchmark: synthetic scores at scale, sample customers, bare statements to time.
import { pool } from '../../../lib/db';

const BENCH_FEATURES = [
  'days_since_last_activity',
  'orders_90d',
  'open_complaints',
  'spend_30d',
  'tenure_days',
  'events_30d',
  'refunds_90d',
];

/**
 * Scores for every customer of a workspace without a model: a right-skewed probability, the tier by the default
 * thresholds, three reasons drawn from a fixed list, a value, and `history` earlier scores each — what the
 * dashboard and the customer page read. Also fills channel, plan and lifecycle stage, which the breakdowns use.
 */
export async function benchFillScores(workspaceId: string, history: number): Promise<void> {
  const q = pool();
  await q.query(
    `UPDATE customers SET channel = (ARRAY['web','store','partner','phone'])[1 + id % 4],
                          plan = (ARRAY['basic','plus','pro'])[1 + id % 3],
                          lifecycle_stage = (ARRAY['new','active','loyal','lapsing'])[1 + id % 4]
      WHERE workspace_id = $1`,
    [workspaceId],
  );
  const reasons = `jsonb_build_array(
      jsonb_build_object('feature', f[1 + (c.id % 7)::int], 'value', (c.id % 90)::int, 'impact', 0.9),
      jsonb_build_object('feature', f[1 + ((c.id + 1) % 7)::int], 'value', (c.id % 5)::int, 'impact', 0.5),
      jsonb_build_object('feature', f[1 + ((c.id + 3) % 7)::int], 'value', (c.id % 40)::int, 'impact', 0.2))`;
  await q.query(
    `INSERT INTO customer_scores (workspace_id, customer_id, model_id, probability, tier, reasons, drivers,
                                  top_driver, value, previous_probability, previous_tier, scored_at)
     SELECT $1, c.id, 'bench-model', c.p,
            (CASE WHEN c.p >= 0.8 THEN 'high' WHEN c.p >= 0.5 THEN 'medium' ELSE 'low' END)::"RiskTier",
            ${reasons}, ${reasons}, f[1 + (c.id % 7)::int], round((random() * 2000)::numeric, 2),
            greatest(c.p - 0.1, 0), 'low', now()
       FROM (SELECT id, power(random(), 3)::real AS p FROM customers WHERE workspace_id = $1) c
       CROSS JOIN (SELECT $2::text[] AS f) fs`,
    [workspaceId, BENCH_FEATURES],
  );
  await q.query(
    `INSERT INTO score_history (workspace_id, customer_id, model_id, probability, tier, reasons, scored_at)
     SELECT s.workspace_id, s.customer_id, s.model_id, s.probability * (0.8 + 0.1 * g), s.tier, s.reasons,
            now() - g * interval '7 days'
       FROM customer_scores s CROSS JOIN generate_series(1, $2) g WHERE s.workspace_id = $1`,
    [workspaceId, history],
  );
  await q.query(
    `INSERT INTO risk_daily (workspace_id, day, high, medium, low, revenue_at_risk, updated_at)
     SELECT $1, current_date - g, 8000 + g * 10, 120000 - g * 50, 872000, 8e6, now() FROM generate_series(1, 90) g`,
    [workspaceId],
  );
  await q.query('ANALYZE customers, customer_scores, score_history');
}

/** Some customers to open, spread over the id range. */
export async function benchSampleCustomers(workspaceId: string, n: number): Promise<string[]> {
  const { rows } = await pool().query<{ external_id: string }>(
    'SELECT external_id FROM customers WHERE workspace_id = $1 AND id % 997 = 0 LIMIT $2',
    [workspaceId, n],
  );
  return rows.map((r) => r.external_id);
}

/** Times one statement (ms), for the bare-SQL figures beside each page. */
export async function benchTimeSql(text: string, params: unknown[]): Promise<number> {
  const t = performance.now();
  await pool().query(text, params);
  return performance.now() - t;
}
