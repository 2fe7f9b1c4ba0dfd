import { pool } from '../db';

export type RunTable = 'training_runs' | 'score_runs' | 'feature_snapshots';

/** Marks a run failed with `reason` unless it has already ended; answers whether it changed. */
export async function failUnfinishedRun(table: RunTable, id: string, reason: string): Promise<boolean> {
  const { rowCount } = await pool().query(
    `UPDATE ${table} SET status = 'failed', error = $2, finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, reason],
  );
  return (rowCount ?? 0) > 0;
}
