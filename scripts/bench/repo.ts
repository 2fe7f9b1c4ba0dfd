// Queries the benchmark needs beyond the services; kept apart so the benchmark itself holds no SQL.
import pg from 'pg';
import { pool } from '../../lib/db';
import { applyMigrations } from '../db/migrations';

export async function benchCustomerIds(workspaceId: string): Promise<Map<string, string>> {
  const { rows } = await pool().query<{ id: string; external_id: string }>(
    'SELECT id::text, external_id FROM customers WHERE workspace_id = $1',
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export async function benchRowCount(workspaceId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [
    workspaceId,
  ]);
  return Number(rows[0]!.n);
}

/** Deletes benchmark workspaces child tables first, so the cascade does not walk millions of rows one by one. */
export async function benchCleanup(workspaceIds: string[]): Promise<void> {
  for (const id of workspaceIds) {
    for (const table of [
      'customer_scores',
      'score_history',
      'models',
      'feature_snapshots',
      'events',
      'transactions',
      'tickets',
      'customers',
      'imports',
      'audit_logs',
      'api_keys',
    ]) {
      await pool().query(`DELETE FROM ${table} WHERE workspace_id = $1`, [id]);
    }
    await pool().query('DELETE FROM workspaces WHERE id = $1', [id]);
  }
}

/** Fills a workspace with synthetic customers in one set-based statement (no personal data). */
export async function benchFillCustomers(workspaceId: string, n: number): Promise<void> {
  await pool().query(
    `INSERT INTO customers (workspace_id, external_id, segment, region, signup_at, churned_at, tags)
     SELECT $1, 'L' || lpad(g::text, 7, '0'),
            (ARRAY['consumer','smb','enterprise'])[1 + g % 3],
            (ARRAY['Europe','North America','Asia Pacific'])[1 + g % 3],
            CASE WHEN g % 10 = 0 THEN NULL ELSE timestamptz '2024-01-01' + (g % 700) * interval '1 day' END,
            CASE WHEN g % 4 = 0 THEN timestamptz '2026-01-01' + (g % 200) * interval '1 day' END,
            CASE WHEN g % 20 = 0 THEN ARRAY['vip'] ELSE '{}'::text[] END
       FROM generate_series(1, $2) g`,
    [workspaceId, n],
  );
  await pool().query('ANALYZE customers');
}

/**
 * Fills behaviour events, transactions and tickets for every customer of a workspace, set-based: `events` and
 * `transactions` per customer spread over the year before `asOf` (and a few after it, which a snapshot must
 * ignore).
 */
export async function benchFillActivity(
  workspaceId: string,
  asOf: Date,
  perCustomer: { events: number; transactions: number },
  opts: { label?: boolean } = {},
): Promise<void> {
  const q = pool();
  await q.query(
    `INSERT INTO events (workspace_id, customer_id, occurred_at, type, value)
     SELECT $1, c.id, $2::timestamptz - (random() * 380 - 15) * interval '1 day',
            (ARRAY['login','session','page_view','feature_use','click'])[1 + (g + c.id::int) % 5], random() * 600
       FROM customers c CROSS JOIN generate_series(1, $3) g WHERE c.workspace_id = $1`,
    [workspaceId, asOf, perCustomer.events],
  );
  await q.query(
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $1, c.id, $2::timestamptz - (random() * 380 - 15) * interval '1 day', round((random() * 100)::numeric, 2),
            (CASE WHEN random() < 0.03 THEN 'failed' ELSE 'paid' END)::"TransactionStatus"
       FROM customers c CROSS JOIN generate_series(1, $3) g WHERE c.workspace_id = $1`,
    [workspaceId, asOf, perCustomer.transactions],
  );
  await q.query(
    `INSERT INTO tickets (workspace_id, customer_id, opened_at, resolved_at, category, satisfaction)
     SELECT $1, c.id, t.opened, CASE WHEN random() < 0.7 THEN t.opened + interval '2 days' END,
            (ARRAY['complaint','inquiry','billing'])[1 + c.id::int % 3], 1 + (c.id::int % 5)
       FROM customers c CROSS JOIN LATERAL (SELECT $2::timestamptz - random() * 200 * interval '1 day' AS opened) t
      WHERE c.workspace_id = $1 AND c.id % 5 = 0`,
    [workspaceId, asOf],
  );
  // A label for the training part: customers quiet in the last 60 days churn more often.
  if (opts.label ?? true)
    await q.query(
      `UPDATE customers c SET churned = (random() < CASE WHEN NOT EXISTS (SELECT 1 FROM events e
        WHERE e.workspace_id = $1 AND e.customer_id = c.id AND e.occurred_at >= $2::timestamptz - interval '60 days'
          AND e.occurred_at < $2) THEN 0.7 ELSE 0.2 END)
      WHERE c.workspace_id = $1`,
      [workspaceId, asOf],
    );
  await q.query('ANALYZE customers, events, transactions, tickets');
}

/**
 * The yardstick: one hand-written aggregate statement over the same rows (per customer: event count, last event,
 * events in 30 days, purchases, spend, last purchase, open tickets), written to a table as the engine writes its
 * snapshot. Returns seconds.
 */
export async function benchHandWrittenAggregate(workspaceId: string, asOf: Date): Promise<number> {
  const q = pool();
  await q.query('DROP TABLE IF EXISTS bench_hand_features');
  const t = performance.now();
  await q.query(
    `CREATE UNLOGGED TABLE bench_hand_features AS
     SELECT c.id, e.n, e.last_at, e.n30, t.n AS orders, t.spend, t.last_at AS last_purchase, k.open
       FROM customers c
       LEFT JOIN (SELECT customer_id, count(*) AS n, max(occurred_at) AS last_at,
                         count(*) FILTER (WHERE occurred_at >= $2::timestamptz - interval '30 days') AS n30
                    FROM events WHERE workspace_id = $1 AND occurred_at < $2 GROUP BY 1) e ON e.customer_id = c.id
       LEFT JOIN (SELECT customer_id, count(*) AS n, sum(amount) AS spend, max(occurred_at) AS last_at
                    FROM transactions WHERE workspace_id = $1 AND occurred_at < $2 AND status = 'paid'
                   GROUP BY 1) t ON t.customer_id = c.id
       LEFT JOIN (SELECT customer_id, count(*) FILTER (WHERE resolved_at IS NULL OR resolved_at >= $2) AS open
                    FROM tickets WHERE workspace_id = $1 AND opened_at < $2 GROUP BY 1) k ON k.customer_id = c.id
      WHERE c.workspace_id = $1`,
    [workspaceId, asOf],
  );
  const seconds = (performance.now() - t) / 1000;
  await q.query('DROP TABLE bench_hand_features');
  return seconds;
}

/** Bytes the snapshot's feature arrays take on disk (compressed or not, as stored). */
export async function benchSnapshotBytes(snapshotId: string): Promise<number> {
  const { rows } = await pool().query<{ bytes: string }>(
    'SELECT sum(pg_column_size(values))::bigint AS bytes FROM snapshot_rows WHERE snapshot_id = $1',
    [snapshotId],
  );
  return Number(rows[0]?.bytes ?? 0);
}

/** Up to `n` external ids of a workspace's customers, to pick benchmark targets from. */
export async function benchExternalIds(workspaceId: string, n: number): Promise<string[]> {
  const { rows } = await pool().query<{ external_id: string }>(
    'SELECT external_id FROM customers WHERE workspace_id = $1 ORDER BY id LIMIT $2',
    [workspaceId, n],
  );
  return rows.map((r) => r.external_id);
}

/** Creates the database named in `url` when it does not exist yet (as its own owner), then applies migrations. */
export async function benchEnsureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  await applyMigrations(url);
}

/**
 * Replaces the simple "quiet customers churn" label with one that needs interactions to learn (recent activity ×
 * spend × segment, open tickets × segment, failed payments, tenure) plus noise, so the trainer's search picks a
 * model of a realistic size instead of a few stumps. Only records before `asOf` count, as in a snapshot.
 */
export async function benchInteractingLabel(workspaceId: string, asOf: Date): Promise<void> {
  await pool().query(
    `WITH e AS (SELECT customer_id, count(*) AS n,
                       count(*) FILTER (WHERE occurred_at >= $2::timestamptz - interval '30 days') AS n30
                  FROM events WHERE workspace_id = $1 AND occurred_at < $2 GROUP BY 1),
          t AS (SELECT customer_id, coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0) AS spend,
                       bool_or(status = 'failed') AS failed
                  FROM transactions WHERE workspace_id = $1 AND occurred_at < $2 GROUP BY 1),
          k AS (SELECT customer_id, bool_or(resolved_at IS NULL OR resolved_at >= $2) AS open
                  FROM tickets WHERE workspace_id = $1 AND opened_at < $2 GROUP BY 1),
          s AS (SELECT c.id,
                       1.6 * (coalesce(e.n30, 0) = 0)::int
                     + 1.2 * ((coalesce(t.spend, 0) < 40) AND c.segment = 'consumer')::int
                     - 1.4 * ((coalesce(e.n, 0) >= 3) AND coalesce(t.spend, 0) > 50)::int
                     + 1.5 * (coalesce(k.open, false) AND c.segment = 'smb')::int
                     + 0.9 * coalesce(t.failed, false)::int
                     + 0.7 * (c.signup_at > $2::timestamptz - interval '180 days')::int
                     - 0.004 * least(coalesce(t.spend, 0), 100) * (c.segment = 'enterprise')::int
                     - 1.1 AS logit
                  FROM customers c LEFT JOIN e ON e.customer_id = c.id LEFT JOIN t ON t.customer_id = c.id
                  LEFT JOIN k ON k.customer_id = c.id
                 WHERE c.workspace_id = $1)
     UPDATE customers c SET churned = random() < 1 / (1 + exp(-2 * s.logit)) FROM s
      WHERE c.workspace_id = $1 AND c.id = s.id`,
    [workspaceId, asOf],
  );
  await pool().query('ANALYZE customers');
}
