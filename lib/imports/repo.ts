import type pg from 'pg';
import { db, pool } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { RowError } from '../ingest/types';

// Stored rejections per import are capped so that a wholly broken multi-gigabyte file cannot fill the disk;
// the counters stay exact.
export const MAX_STORED_REJECTIONS = 100_000;

export function insertImport(data: {
  workspaceId: string;
  kind: string;
  fileName: string;
  filePath: string;
  totalBytes: number;
  options: Prisma.InputJsonValue;
  createdBy: string;
}) {
  return db().import.create({ data: { ...data, totalBytes: BigInt(data.totalBytes) } });
}

export function findImport(workspaceId: string, id: string) {
  return db().import.findFirst({ where: { workspaceId, id } });
}

export function findImportById(id: string) {
  return db().import.findUnique({ where: { id } });
}

export function findImports(workspaceId: string, limit: number) {
  return db().import.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' }, take: limit });
}

export function markImportRunning(id: string) {
  return db().import.update({ where: { id }, data: { status: 'running', startedAt: new Date(), error: null } });
}

export function markImportFinished(id: string, status: 'succeeded' | 'failed', error?: string) {
  return db().import.update({ where: { id }, data: { status, error: error ?? null, finishedAt: new Date() } });
}

/**
 * Records a committed batch and adds its counts, inside the batch's own transaction. Two batches may commit in
 * either order, so progress only ever moves forward (GREATEST).
 */
export async function recordBatch(
  client: pg.PoolClient,
  id: string,
  p: {
    firstLine: number;
    lastLine: number;
    bytesDone: number;
    inserted: number;
    updated: number;
    skipped: number;
    rejected: number;
  },
): Promise<void> {
  await client.query('INSERT INTO import_batches (import_id, first_line, last_line) VALUES ($1, $2, $3)', [
    id,
    p.firstLine,
    p.lastLine,
  ]);
  await client.query(
    `UPDATE imports SET lines_done = GREATEST(lines_done, $2), bytes_done = GREATEST(bytes_done, $3),
       inserted = inserted + $4, updated = updated + $5, skipped = skipped + $6, rejected = rejected + $7 WHERE id = $1`,
    [id, p.lastLine, p.bytesDone, p.inserted, p.updated, p.skipped, p.rejected],
  );
}

/** First lines of the batches an earlier run of this import committed. */
export async function findCommittedBatches(importId: string): Promise<Set<number>> {
  const { rows } = await pool().query<{ first_line: number }>(
    'SELECT first_line FROM import_batches WHERE import_id = $1',
    [importId],
  );
  return new Set(rows.map((r) => r.first_line));
}

export async function insertRejections(client: pg.ClientBase, importId: string, errors: RowError[]): Promise<void> {
  if (!errors.length) return;
  await client.query(
    `INSERT INTO import_rejections (import_id, line, field, reason)
     SELECT $1, u.line, u.field, u.reason FROM unnest($2::int[], $3::text[], $4::text[]) AS u(line, field, reason)
      WHERE (SELECT count(*) FROM import_rejections WHERE import_id = $1) < $5`,
    [
      importId,
      errors.map((e) => e.line),
      errors.map((e) => e.field),
      errors.map((e) => e.reason.slice(0, 1000)),
      MAX_STORED_REJECTIONS,
    ],
  );
}

/** Forgets everything an import wrote about itself, for a strict import that rolled back. */
export async function resetImportCounters(id: string): Promise<void> {
  await pool().query(
    `UPDATE imports SET inserted = 0, updated = 0, skipped = 0, rejected = 0, lines_done = 0 WHERE id = $1`,
    [id],
  );
  await pool().query(`DELETE FROM import_rejections WHERE import_id = $1`, [id]);
}

export async function setImportRejected(id: string, rejected: number): Promise<void> {
  await pool().query(`UPDATE imports SET rejected = $2 WHERE id = $1`, [id, rejected]);
}

/** Rejections in line order, a page at a time (keyset on line, id). */
export async function findRejections(importId: string, after: { line: number; id: string } | null, limit: number) {
  const { rows } = await pool().query<{ id: string; line: number; field: string; reason: string }>(
    `SELECT id::text AS id, line, field, reason FROM import_rejections
      WHERE import_id = $1 AND ($2::int IS NULL OR (line, import_rejections.id) > ($2, $3::bigint))
      ORDER BY line, import_rejections.id LIMIT $4`,
    [importId, after?.line ?? null, after?.id ?? '0', limit],
  );
  return rows;
}

export function getPoolClient() {
  return pool().connect();
}
