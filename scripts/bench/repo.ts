// Queries the benchmark needs beyond the services; kept apart so the benchmark itself holds no SQL.
import { pool } from '../../lib/db';

export async function benchCustomerIds(workspaceId: string): Promise<Map<string, string>> {
  const { rows } = await pool().query<{ id: string; external_id: string }>('SELECT id::text, external_id FROM customers WHERE workspace_id = $1', [workspaceId]);
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

export async function benchRowCount(workspaceId: string): Promise<number> {
  const { rows } = await pool().query<{ n: string }>('SELECT count(*) AS n FROM events WHERE workspace_id = $1', [workspaceId]);
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
