import { db, pool } from '../db';
import type { JobStatus } from '../generated/prisma/client';
import { buildCustomerFeaturesSql, buildSnapshotChunkSql } from './sql';
import type { TFeatureSpec } from './spec';

// Queries of the feature engine. Everything is scoped by workspace; snapshot rows are reached through their
// snapshot, whose workspace the service has already checked.

const MAX_EVENT_TYPES = 8;
const MAX_LEVELS = 10;
const MAX_TAGS = 20;
const MAX_ATTRIBUTES = 100;

const population = `(c.signup_at IS NULL OR c.signup_at < $2)`;

/** Counts behind the dynamic feature set, from records before `asOf` and the customers known by then. */
export async function loadSpecCounts(workspaceId: string, asOf: Date) {
  const q = pool();
  const [customers, types, levels, attrs, tags] = await Promise.all([
    q.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers c WHERE c.workspace_id = $1 AND ${population}`, [
      workspaceId,
      asOf,
    ]),
    q.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM events WHERE workspace_id = $1 AND occurred_at < $2
        GROUP BY type ORDER BY n DESC, type LIMIT ${MAX_EVENT_TYPES}`,
      [workspaceId, asOf],
    ),
    q.query<{ field: string; value: string; n: number }>(
      `SELECT field, value, n FROM (
         SELECT f.field, f.value, count(*)::int AS n,
                row_number() OVER (PARTITION BY f.field ORDER BY count(*) DESC, f.value) AS rn
           FROM customers c
          CROSS JOIN LATERAL (VALUES ('segment', c.segment), ('region', c.region), ('city', c.city),
                 ('channel', c.channel), ('gender', c.gender), ('plan', c.plan),
                 ('lifecycle_stage', c.lifecycle_stage)) AS f(field, value)
          WHERE c.workspace_id = $1 AND ${population} AND f.value IS NOT NULL
          GROUP BY 1, 2) s
        WHERE rn <= ${MAX_LEVELS}`,
      [workspaceId, asOf],
    ),
    q.query<{ key: string; kind: string; value: string | null; n: number; total: number; keys_rank: number }>(
      `WITH a AS (
         SELECT a.key, jsonb_typeof(a.value) AS kind,
                CASE WHEN jsonb_typeof(a.value) IN ('string', 'boolean') THEN a.value #>> '{}' END AS value
           FROM customers c CROSS JOIN LATERAL jsonb_each(c.attributes) a
          WHERE c.workspace_id = $1 AND ${population}),
       g AS (SELECT key, kind, value, count(*)::int AS n FROM a GROUP BY 1, 2, 3),
       r AS (SELECT g.*, row_number() OVER (PARTITION BY key, kind ORDER BY n DESC, value) AS rn,
                    sum(n) OVER (PARTITION BY key, kind)::int AS total,
                    dense_rank() OVER (ORDER BY key) AS keys_rank FROM g)
       SELECT key, kind, value, n, total, keys_rank::int FROM r WHERE rn <= ${MAX_LEVELS}`,
      [workspaceId, asOf],
    ),
    q.query<{ tag: string; n: number }>(
      `SELECT t.tag, count(*)::int AS n FROM customers c CROSS JOIN LATERAL unnest(c.tags) AS t(tag)
        WHERE c.workspace_id = $1 AND ${population} GROUP BY 1 ORDER BY n DESC, tag LIMIT ${MAX_TAGS}`,
      [workspaceId, asOf],
    ),
  ]);
  return {
    customers: customers.rows[0]?.n ?? 0,
    eventTypes: types.rows,
    levels: levels.rows,
    attributes: attrs.rows.filter((r) => r.keys_rank <= MAX_ATTRIBUTES),
    tags: tags.rows,
  };
}

export async function insertSnapshot(data: {
  workspaceId: string;
  asOf: Date;
  featureSetVersion: string;
  purpose: SnapshotPurpose;
  spec: TFeatureSpec;
  featureNames: string[];
  createdById: string | null;
}) {
  return db().featureSnapshot.create({ data, select: { id: true } });
}

export async function findSnapshot(workspaceId: string, id: string) {
  return db().featureSnapshot.findFirst({ where: { id, workspaceId } });
}

export async function findSnapshotById(id: string) {
  return db().featureSnapshot.findUnique({ where: { id } });
}

export type SnapshotPurpose = 'features' | 'training' | 'evaluation' | 'scoring';

export async function listSnapshots(workspaceId: string, purpose: SnapshotPurpose, take = 20) {
  return db().featureSnapshot.findMany({ where: { workspaceId, purpose }, orderBy: { createdAt: 'desc' }, take });
}

export async function updateSnapshot(
  id: string,
  data: Partial<{
    status: JobStatus;
    progress: number;
    customerCount: number;
    seconds: number;
    error: string | null;
  }> & {
    finishedAt?: Date | null;
  },
) {
  await db().featureSnapshot.update({ where: { id }, data });
}

/** Customer id boundaries splitting the workspace into ranges of about `size` customers: [b0, b1), [b1, b2), … */
export async function loadChunkBounds(workspaceId: string, size: number): Promise<bigint[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text FROM (
       SELECT id, row_number() OVER (ORDER BY id) AS rn FROM customers WHERE workspace_id = $1) s
      WHERE (rn - 1) % $2 = 0
     UNION ALL
     SELECT (max(id) + 1)::text FROM customers WHERE workspace_id = $1 HAVING count(*) > 0`,
    [workspaceId, size],
  );
  return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function deleteSnapshotRows(snapshotId: string) {
  await pool().query('DELETE FROM snapshot_rows WHERE snapshot_id = $1', [snapshotId]);
}

/**
 * Computes and stores one id range of a snapshot in a single statement; returns the rows written. Nested loops
 * are off for it: the planner guesses 200 rows for every rolled-up CTE, and a nested loop over a materialised CTE
 * turns a one-second chunk into a quadratic ten-minute one.
 */
export async function insertSnapshotChunk(
  snapshot: { id: string; workspaceId: string; asOf: Date; spec: TFeatureSpec },
  lo: bigint,
  hi: bigint,
): Promise<number> {
  const { text, extraParams } = buildSnapshotChunkSql(snapshot.spec);
  const client = await pool().connect();
  try {
    await client.query('BEGIN; SET LOCAL enable_nestloop = off');
    const res = await client.query(text, [
      snapshot.workspaceId,
      snapshot.asOf,
      lo.toString(),
      hi.toString(),
      snapshot.id,
      ...extraParams,
    ]);
    await client.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The features of a few customers as of `asOf`, computed on the spot (not stored), in no particular order. */
export async function selectCustomerFeatures(workspaceId: string, asOf: Date, spec: TFeatureSpec, ids: string[]) {
  const { text, extraParams } = buildCustomerFeaturesSql(spec);
  const { rows } = await pool().query<{ customer_id: string; values: (number | null)[] }>(text, [
    workspaceId,
    asOf,
    ids,
    ...extraParams,
  ]);
  return rows;
}

export async function countSnapshotRows(snapshotId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM snapshot_rows WHERE snapshot_id = $1',
    [snapshotId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * One page of a snapshot in customer order, values as stored (null = unknown). Only the snapshot's rows are read:
 * joining customers through feature_snapshots hid the workspace from the planner, which then sorted every
 * customer of the workspace for each page. (Order by the column, not the text alias, or pages overlap.)
 */
export async function readSnapshotPage(snapshotId: string, afterCustomerId: bigint, limit: number) {
  const { rows } = await pool().query<{ customer_id: string; values: (number | null)[] }>(
    `SELECT r.customer_id::text AS customer_id, r.values FROM snapshot_rows r
      WHERE r.snapshot_id = $1 AND r.customer_id > $2 ORDER BY r.customer_id LIMIT $3`,
    [snapshotId, afterCustomerId.toString(), limit],
  );
  return rows;
}

export type SnapshotMatrix = { ids: string[]; x: Float32Array };

/**
 * One page of a snapshot as the model's input matrix (row-major, `cols` wide, NaN for a missing value). The values
 * travel in PostgreSQL's binary array format and are decoded straight into the matrix: formatting and parsing 64
 * floats per customer as text cost more than scoring them. A row of another width throws `WidthMismatch`.
 */
export async function readSnapshotMatrixPage(
  snapshotId: string,
  afterCustomerId: bigint,
  limit: number,
  cols: number,
): Promise<SnapshotMatrix> {
  const { rows } = await pool().query<{ customer_id: string; v: Buffer }>(
    `SELECT r.customer_id::text AS customer_id, array_send(r.values) AS v FROM snapshot_rows r
      WHERE r.snapshot_id = $1 AND r.customer_id > $2 ORDER BY r.customer_id LIMIT $3`,
    [snapshotId, afterCustomerId.toString(), limit],
  );
  const x = new Float32Array(rows.length * cols).fill(NaN);
  rows.forEach((r, i) => decodeRealArray(r.v, x, i * cols, cols, r.customer_id));
  return { ids: rows.map((r) => r.customer_id), x };
}

export class WidthMismatch extends Error {
  constructor(
    readonly customerId: string,
    readonly width: number,
  ) {
    super(`customer ${customerId} has ${width} features`);
  }
}

/** Decodes a one-dimensional real[] in binary format into `out` at `offset`; NULL elements stay as they are. */
export function decodeRealArray(b: Buffer, out: Float32Array, offset: number, cols: number, customerId: string) {
  // Header: dimensions, has-nulls flag, element type OID, then per dimension its length and lower bound.
  const dims = b.readInt32BE(0);
  const length = dims > 0 ? b.readInt32BE(12) : 0;
  if (dims > 1 || length !== cols) throw new WidthMismatch(customerId, length);
  let at = 12 + 8 * dims;
  for (let j = 0; j < length; j++) {
    const size = b.readInt32BE(at);
    at += 4;
    if (size < 0) continue;
    out[offset + j] = b.readFloatBE(at);
    at += size;
  }
}

/** Removes the rows of customers who had churned by the snapshot's date; answers how many rows remain. */
export async function deleteChurnedSnapshotRows(snapshotId: string, workspaceId: string, asOf: Date) {
  await pool().query(
    `DELETE FROM snapshot_rows r USING customers c
      WHERE r.snapshot_id = $1 AND c.workspace_id = $2 AND c.id = r.customer_id AND c.churned_at <= $3`,
    [snapshotId, workspaceId, asOf],
  );
  const { rows } = await pool().query<{ n: number }>(
    'SELECT count(*)::int AS n FROM snapshot_rows WHERE snapshot_id = $1',
    [snapshotId],
  );
  await db().featureSnapshot.update({ where: { id: snapshotId }, data: { customerCount: rows[0]!.n } });
  return rows[0]!.n;
}

/** Keeps the newest `keep` snapshots of a workspace; older ones (and their rows) go. */
export async function pruneSnapshots(workspaceId: string, keep: number) {
  await pool().query(
    `DELETE FROM feature_snapshots WHERE id IN (
       SELECT id FROM feature_snapshots WHERE workspace_id = $1 AND status <> 'running'
        ORDER BY created_at DESC OFFSET $2)`,
    [workspaceId, keep],
  );
}

export async function deleteSnapshots(ids: string[]) {
  if (ids.length) await pool().query('DELETE FROM feature_snapshots WHERE id = ANY($1::text[])', [ids]);
}
