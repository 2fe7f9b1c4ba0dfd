// Queries the benchmark needs beyond the services; kept apart so the benchmark itself holds no SQL.
import { pool } from '../../lib/db';

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
    for (const table of ['events', 'transactions', 'tickets', 'customers', 'imports', 'audit_logs', 'api_keys']) {
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
