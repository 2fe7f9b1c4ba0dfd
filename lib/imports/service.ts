import fs from 'node:fs';
import { recordAudit } from '../audit/service';
import { requirePermission, systemContext, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { prepareBatch } from '../ingest/batch';
import { notifyCustomersChanged, writePermission } from '../ingest/service';
import { withTransaction } from '../ingest/repo';
import { openTextSource } from '../ingest/source';
import { storeBatch } from '../ingest/store';
import type { EntityKind, RawRecord, RowError } from '../ingest/types';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { parseInput } from '../validation';
import { getWorkspaceById } from '../workspaces/service';
import { readRawRecords } from './pipeline';
import * as repo from './repo';
import { ZImportOptions, type TImportOptions } from './schemas';

const BATCH_SIZE = 5000;

export type ImportSummary = { inserted: number; updated: number; skipped: number; rejected: number; errors: RowError[] };
export type ImportProgress = { linesDone: number; bytesDone: number; totalBytes: number; inserted: number; updated: number; skipped: number; rejected: number };

/** Registers a file for import (the CLI, or an upload already on disk) and audits it. */
export async function createImport(ctx: Ctx, input: { fileName: string; filePath: string; options: unknown }) {
  requirePermission(ctx, 'imports.write');
  const options = parseInput(ZImportOptions, input.options);
  requirePermission(ctx, writePermission(options.kind));
  const stat = await fs.promises.stat(input.filePath).catch(() => null);
  if (!stat?.isFile()) throw new AppError('invalid_input', `File not found: ${input.filePath}`);
  const row = await repo.insertImport({
    workspaceId: ctx.workspaceId,
    kind: options.kind,
    fileName: input.fileName.slice(0, 255),
    filePath: input.filePath,
    totalBytes: stat.size,
    options,
    createdBy: ctx.actor.label,
  });
  await recordAudit(ctx, { action: 'import.create', entityType: 'import', entityId: row.id, after: { fileName: row.fileName, kind: row.kind, bytes: stat.size, options } });
  return row;
}

/** Queues an import for the ingest worker. */
export async function queueImport(importId: string) {
  return enqueueJob('import-file', { importId });
}

export async function getImport(ctx: Ctx, id: string) {
  requirePermission(ctx, 'imports.write');
  const row = await repo.findImport(ctx.workspaceId, id);
  if (!row) throw new AppError('not_found', 'No such import in this workspace.');
  return presentImport(row);
}

export async function listImports(ctx: Ctx, limit = 50) {
  requirePermission(ctx, 'imports.write');
  return (await repo.findImports(ctx.workspaceId, limit)).map(presentImport);
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.findImportById>>>;
function presentImport(r: ImportRow) {
  const { filePath: _path, totalBytes, bytesDone, ...rest } = r;
  return { ...rest, totalBytes: Number(totalBytes), bytesDone: Number(bytesDone) };
}

/** The rejected rows as CSV (line, field, reason), streamed page by page. */
export async function* rejectionsCsv(ctx: Ctx, id: string): AsyncGenerator<string> {
  await getImport(ctx, id);
  yield 'line,field,reason\n';
  let after: { line: number; id: string } | null = null;
  for (;;) {
    const rows = await repo.findRejections(id, after, 5000);
    if (!rows.length) return;
    yield rows.map((r) => `${r.line},${csvCell(r.field)},${csvCell(r.reason)}\n`).join('');
    const last = rows[rows.length - 1]!;
    after = { line: last.line, id: last.id };
  }
}

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet: quote it and prefix an apostrophe.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Runs one import from its checkpoint to the end: stream, parse, validate and store in batches. Each batch and
 * the checkpoint commit together, so a crash loses nothing and a retry repeats nothing. Strict imports run in
 * one transaction and store nothing when any row is rejected.
 */
export async function runImport(importId: string, onProgress?: (p: ImportProgress) => Promise<void> | void): Promise<ImportSummary> {
  const imp = await repo.findImportById(importId);
  if (!imp) throw new AppError('not_found', `No import ${importId}.`);
  if (imp.status === 'succeeded') return { inserted: imp.inserted, updated: imp.updated, skipped: imp.skipped, rejected: imp.rejected, errors: [] };
  const ws = await getWorkspaceById(imp.workspaceId);
  const ctx = systemContext(ws.id, ws.slug, `import:${imp.createdBy}`);
  const options = ZImportOptions.parse(imp.options);
  await repo.markImportRunning(importId);
  try {
    const summary = options.strict ? await runStrict(imp, options, onProgress) : await runResumable(imp, options, onProgress);
    await repo.markImportFinished(importId, summary.failed ? 'failed' : 'succeeded', summary.failed);
    await recordAudit(ctx, { action: 'import.finish', entityType: 'import', entityId: importId, after: { inserted: summary.inserted, updated: summary.updated, skipped: summary.skipped, rejected: summary.rejected, failed: summary.failed } });
    return summary;
  } catch (err) {
    const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
    logger.error('import failed', { importId, err });
    await repo.markImportFinished(importId, 'failed', message.slice(0, 1000));
    throw err;
  }
}

type ImportRecord = NonNullable<Awaited<ReturnType<typeof repo.findImportById>>>;
type RunResult = ImportSummary & { failed?: string };

async function* batchesOf(imp: ImportRecord, options: TImportOptions, fromLine: number) {
  const source = openTextSource(imp.filePath);
  let items: { line: number; raw: RawRecord }[] = [];
  let errors: RowError[] = [];
  let lastLine = fromLine;
  for await (const item of readRawRecords(source.chunks, source.format, { delimiter: options.delimiter, map: options.map })) {
    if (item.line <= fromLine) continue;
    lastLine = item.line;
    if ('error' in item) errors.push(item.error);
    else items.push(item);
    if (items.length + errors.length >= BATCH_SIZE) {
      yield { items, errors, lastLine, bytesDone: source.bytesRead(), totalBytes: source.totalBytes };
      items = [];
      errors = [];
    }
  }
  yield { items, errors, lastLine, bytesDone: source.bytesRead(), totalBytes: source.totalBytes };
}

/**
 * Batches, validated, one batch ahead: the next batch is read, parsed and validated while the database writes
 * the current one, so the two processes work side by side.
 */
async function* preparedBatchesOf(imp: ImportRecord, options: TImportOptions, fromLine: number) {
  const source = batchesOf(imp, options, fromLine)[Symbol.asyncIterator]();
  const prepare = async () => {
    const next = await source.next();
    if (next.done) return null;
    return { ...next.value, prepared: prepareBatch(options.kind as EntityKind, next.value.items, { dateFormat: options.dateFormat }) };
  };
  let pending = prepare();
  for (;;) {
    const batch = await pending;
    if (!batch) return;
    pending = prepare();
    // Keep the prefetch's rejection from going unhandled while the caller works on this batch.
    pending.catch(() => {});
    yield batch;
  }
}

async function runResumable(imp: ImportRecord, options: TImportOptions, onProgress?: (p: ImportProgress) => Promise<void> | void): Promise<RunResult> {
  const totals = { inserted: imp.inserted, updated: imp.updated, skipped: imp.skipped, rejected: imp.rejected };
  const sampleErrors: RowError[] = [];
  for await (const b of preparedBatchesOf(imp, options, imp.linesDone)) {
    const prepared = b.prepared;
    const result = await withTransaction(async (client) => {
      const outcome = prepared.staged.length ? await storeBatch(client, imp.workspaceId, options.kind, prepared.staged, options) : null;
      const rejectedRows = [...b.errors, ...prepared.errors, ...(outcome?.rejected ?? [])];
      const delta = {
        inserted: outcome?.inserted ?? 0,
        updated: outcome?.updated ?? 0,
        skipped: (outcome?.skipped ?? 0) + prepared.duplicates,
        rejected: new Set(rejectedRows.map((e) => e.line)).size,
      };
      await repo.insertRejections(client, imp.id, rejectedRows);
      await repo.advanceImport(client, imp.id, { linesDone: b.lastLine, bytesDone: b.bytesDone, ...delta });
      return { delta, rejectedRows, customerIds: outcome?.customerIds ?? [] };
    });
    totals.inserted += result.delta.inserted;
    totals.updated += result.delta.updated;
    totals.skipped += result.delta.skipped;
    totals.rejected += result.delta.rejected;
    if (sampleErrors.length < 100) sampleErrors.push(...result.rejectedRows.slice(0, 100 - sampleErrors.length));
    if (result.customerIds.length) await notifyCustomersChanged(imp.workspaceId, result.customerIds);
    await onProgress?.({ linesDone: b.lastLine, bytesDone: b.bytesDone, totalBytes: b.totalBytes, ...totals });
  }
  return { ...totals, errors: sampleErrors };
}

async function runStrict(imp: ImportRecord, options: TImportOptions, onProgress?: (p: ImportProgress) => Promise<void> | void): Promise<RunResult> {
  await repo.resetImportCounters(imp.id);
  const rejectedRows: RowError[] = [];
  const totals = { inserted: 0, updated: 0, skipped: 0 };
  const changed: string[] = [];
  const client = await repo.getPoolClient();
  let ok = false;
  try {
    await client.query('BEGIN');
    for await (const b of preparedBatchesOf(imp, options, 0)) {
      const prepared = b.prepared;
      rejectedRows.push(...b.errors, ...prepared.errors);
      if (!rejectedRows.length && prepared.staged.length) {
        const outcome = await storeBatch(client, imp.workspaceId, options.kind, prepared.staged, options);
        rejectedRows.push(...outcome.rejected);
        totals.inserted += outcome.inserted;
        totals.updated += outcome.updated;
        totals.skipped += outcome.skipped + prepared.duplicates;
        changed.push(...outcome.customerIds);
      }
      await onProgress?.({ linesDone: b.lastLine, bytesDone: b.bytesDone, totalBytes: b.totalBytes, ...totals, rejected: rejectedRows.length });
    }
    if (rejectedRows.length) {
      await client.query('ROLLBACK');
    } else {
      await client.query(`UPDATE imports SET inserted = $2, updated = $3, skipped = $4 WHERE id = $1`, [imp.id, totals.inserted, totals.updated, totals.skipped]);
      await client.query('COMMIT');
      ok = true;
    }
    client.release();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  if (ok) {
    if (changed.length) await notifyCustomersChanged(imp.workspaceId, [...new Set(changed)]);
    return { ...totals, rejected: 0, errors: [] };
  }
  const rejected = new Set(rejectedRows.map((e) => e.line)).size;
  await withTransaction((c) => repo.insertRejections(c, imp.id, rejectedRows));
  await repo.setImportRejected(imp.id, rejected);
  return {
    inserted: 0,
    updated: 0,
    skipped: 0,
    rejected,
    errors: rejectedRows.slice(0, 100),
    failed: `Strict mode: ${rejected} row(s) rejected, so nothing was imported. Download the rejected rows, fix them and import again.`,
  };
}
