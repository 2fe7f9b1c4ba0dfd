import fs from 'node:fs';
import { recordAudit } from '../audit/service';
import { requirePermission, systemContext, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { prepareBatch } from '../ingest/batch';
import { notifyCustomersChanged, writePermission } from '../ingest/service';
import { withTransaction } from '../ingest/repo';
import { detectFormat, openTextSource } from '../ingest/source';
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

export type ImportSummary = {
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  errors: RowError[];
};
export type ImportProgress = {
  linesDone: number;
  bytesDone: number;
  totalBytes: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
};

/** Registers a file for import (the CLI, or an upload already on disk) and audits it. */
export async function createImport(ctx: Ctx, input: { fileName: string; filePath: string; options: unknown }) {
  requirePermission(ctx, 'imports.write');
  const options = parseInput(ZImportOptions, input.options);
  requirePermission(ctx, writePermission(options.kind));
  const stat = await fs.promises.stat(input.filePath).catch(() => null);
  if (!stat?.isFile()) throw new AppError('invalid_input', `file: not found: ${input.filePath}`);
  try {
    detectFormat(input.filePath);
  } catch (err) {
    throw new AppError('invalid_input', `file: ${(err as Error).message}`);
  }
  const row = await repo.insertImport({
    workspaceId: ctx.workspaceId,
    kind: options.kind,
    fileName: input.fileName.slice(0, 255),
    filePath: input.filePath,
    totalBytes: stat.size,
    options,
    createdBy: ctx.actor.label,
  });
  await recordAudit(ctx, {
    action: 'import.create',
    entityType: 'import',
    entityId: row.id,
    after: { fileName: row.fileName, kind: row.kind, bytes: stat.size, options },
  });
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
export async function runImport(
  importId: string,
  onProgress?: (p: ImportProgress) => Promise<void> | void,
): Promise<ImportSummary> {
  const imp = await repo.findImportById(importId);
  if (!imp) throw new AppError('not_found', `No import ${importId}.`);
  if (imp.status === 'succeeded')
    return { inserted: imp.inserted, updated: imp.updated, skipped: imp.skipped, rejected: imp.rejected, errors: [] };
  const ws = await getWorkspaceById(imp.workspaceId);
  const ctx = systemContext(ws.id, ws.slug, `import:${imp.createdBy}`);
  const options = ZImportOptions.parse(imp.options);
  await repo.markImportRunning(importId);
  try {
    const summary = options.strict
      ? await runStrict(imp, options, onProgress)
      : await runResumable(imp, options, onProgress);
    await repo.markImportFinished(importId, summary.failed ? 'failed' : 'succeeded', summary.failed);
    await recordAudit(ctx, {
      action: 'import.finish',
      entityType: 'import',
      entityId: importId,
      after: {
        inserted: summary.inserted,
        updated: summary.updated,
        skipped: summary.skipped,
        rejected: summary.rejected,
        failed: summary.failed,
      },
    });
    return summary;
  } catch (err) {
    const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
    if (err instanceof AppError) logger.warn('import stopped', { importId, reason: err.message });
    else logger.error('import failed', { importId, err });
    await repo.markImportFinished(importId, 'failed', message.slice(0, 1000));
    throw err;
  }
}

type ImportRecord = NonNullable<Awaited<ReturnType<typeof repo.findImportById>>>;
type RunResult = ImportSummary & { failed?: string };

// Batches written at once, each on its own connection: the database is the bottleneck and has two cores.
const LANES = 2;
const DEADLOCK_RETRIES = 3;

/**
 * The file's batches, validated, one ahead of the writers: the next batch is read, parsed and validated while
 * the database writes the current ones. Batches always break at the same lines (they count from the start of
 * the file), which is what lets a resumed import skip exactly the batches already committed.
 */
async function* preparedBatchesOf(imp: ImportRecord, options: TImportOptions) {
  const source = openTextSource(imp.filePath);
  const records = readRawRecords(source.chunks, source.format, { delimiter: options.delimiter, map: options.map })[
    Symbol.asyncIterator
  ]();
  let firstLine = 1;
  const take = async () => {
    const items: { line: number; raw: RawRecord }[] = [];
    const errors: RowError[] = [];
    let lastLine = firstLine - 1;
    while (items.length + errors.length < BATCH_SIZE) {
      const next = await records.next();
      if (next.done) break;
      lastLine = next.value.line;
      if ('error' in next.value) errors.push(next.value.error);
      else items.push(next.value);
    }
    if (!items.length && !errors.length) return null;
    const batch = { firstLine, lastLine, items, errors, bytesDone: source.bytesRead(), totalBytes: source.totalBytes };
    firstLine = lastLine + 1;
    return { ...batch, prepared: prepareBatch(options.kind as EntityKind, items, { dateFormat: options.dateFormat }) };
  };
  let pending = take();
  for (;;) {
    const batch = await pending;
    if (!batch) return;
    pending = take();
    // Keep a failed read-ahead from going unhandled while the caller works on this batch.
    pending.catch(() => {});
    yield batch;
  }
}

type PreparedBatch = {
  firstLine: number;
  lastLine: number;
  errors: RowError[];
  bytesDone: number;
  totalBytes: number;
  prepared: ReturnType<typeof prepareBatch<EntityKind>>;
};

/** Writes one batch and its bookkeeping in one transaction; retried when Postgres breaks a deadlock. */
async function writeBatch(imp: ImportRecord, options: TImportOptions, b: PreparedBatch) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(async (client) => {
        const outcome = b.prepared.staged.length
          ? await storeBatch(client, imp.workspaceId, options.kind, b.prepared.staged, options)
          : null;
        const rejectedRows = [...b.errors, ...b.prepared.errors, ...(outcome?.rejected ?? [])];
        const delta = {
          inserted: outcome?.inserted ?? 0,
          updated: outcome?.updated ?? 0,
          skipped: (outcome?.skipped ?? 0) + b.prepared.duplicates,
          rejected: new Set(rejectedRows.map((e) => e.line)).size,
        };
        await repo.insertRejections(client, imp.id, rejectedRows);
        await repo.recordBatch(client, imp.id, {
          firstLine: b.firstLine,
          lastLine: b.lastLine,
          bytesDone: b.bytesDone,
          ...delta,
        });
        return { delta, rejectedRows, customerIds: outcome?.customerIds ?? [] };
      });
    } catch (err) {
      // Two batches holding the same new key (or creating the same customer) can deadlock; one is retried.
      if ((err as { code?: string }).code !== '40P01' || attempt >= DEADLOCK_RETRIES) throw err;
    }
  }
}

async function runResumable(
  imp: ImportRecord,
  options: TImportOptions,
  onProgress?: (p: ImportProgress) => Promise<void> | void,
): Promise<RunResult> {
  const committed = await repo.findCommittedBatches(imp.id);
  const totals = { inserted: imp.inserted, updated: imp.updated, skipped: imp.skipped, rejected: imp.rejected };
  const sampleErrors: RowError[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let linesDone = imp.linesDone;
  for await (const b of preparedBatchesOf(imp, options)) {
    if (failure) break;
    if (committed.has(b.firstLine)) continue;
    const task = writeBatch(imp, options, b)
      .then(async (result) => {
        totals.inserted += result.delta.inserted;
        totals.updated += result.delta.updated;
        totals.skipped += result.delta.skipped;
        totals.rejected += result.delta.rejected;
        linesDone = Math.max(linesDone, b.lastLine);
        if (sampleErrors.length < 100) sampleErrors.push(...result.rejectedRows.slice(0, 100 - sampleErrors.length));
        if (result.customerIds.length) await notifyCustomersChanged(imp.workspaceId, result.customerIds);
        await onProgress?.({ linesDone, bytesDone: b.bytesDone, totalBytes: b.totalBytes, ...totals });
      })
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= LANES) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return { ...totals, errors: sampleErrors.sort((a, b) => a.line - b.line) };
}

async function runStrict(
  imp: ImportRecord,
  options: TImportOptions,
  onProgress?: (p: ImportProgress) => Promise<void> | void,
): Promise<RunResult> {
  await repo.resetImportCounters(imp.id);
  const rejectedRows: RowError[] = [];
  const totals = { inserted: 0, updated: 0, skipped: 0 };
  const changed: string[] = [];
  const client = await repo.getPoolClient();
  let ok = false;
  try {
    await client.query('BEGIN');
    for await (const b of preparedBatchesOf(imp, options)) {
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
      await onProgress?.({
        linesDone: b.lastLine,
        bytesDone: b.bytesDone,
        totalBytes: b.totalBytes,
        ...totals,
        rejected: rejectedRows.length,
      });
    }
    if (rejectedRows.length) {
      await client.query('ROLLBACK');
    } else {
      await client.query(`UPDATE imports SET inserted = $2, updated = $3, skipped = $4 WHERE id = $1`, [
        imp.id,
        totals.inserted,
        totals.updated,
        totals.skipped,
      ]);
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
