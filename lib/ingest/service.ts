import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import type { Permission } from '../auth/permissions';
import { AppError } from '../errors';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { prepareBatch } from './batch';
import { markCustomersChanged, withTransaction } from './repo';
import { storeBatch } from './store';
import type { EntityKind, RawRecord, RowError } from './types';

export const MAX_API_RECORDS = 10_000;
const HOOK_CHUNK = 5000;

export function writePermission(kind: EntityKind): Permission {
  return `${kind}.write` as Permission;
}

/**
 * The real-time hook: puts the customers whose records were just stored on the `customers-changed` queue.
 * A failure here must not undo stored data, so it is logged rather than thrown.
 */
export async function notifyCustomersChanged(workspaceId: string, customerIds: string[]): Promise<void> {
  try {
    for (let i = 0; i < customerIds.length; i += HOOK_CHUNK) {
      await enqueueJob('customers-changed', { workspaceId, customerIds: customerIds.slice(i, i + HOOK_CHUNK) });
    }
  } catch (err) {
    logger.error('could not enqueue customers-changed', { workspaceId, count: customerIds.length, err });
  }
}

/** The customers-changed processor's rule: mark them, so scoring re-scores exactly these. */
export async function handleCustomersChanged(workspaceId: string, customerIds: string[]) {
  return { marked: await markCustomersChanged(workspaceId, customerIds) };
}

export type IngestResponse = {
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  createdCustomers: number;
  errors: { index: number; field: string; reason: string }[];
};

/**
 * Stores up to 10,000 records from an API request: good records are stored, bad ones come back with their
 * index, field and reason. With `strict`, one bad record stores nothing.
 */
export async function ingestRecords(
  ctx: Ctx,
  kind: EntityKind,
  records: unknown[],
  opts: { createMissingCustomers?: boolean; strict?: boolean; malformed?: ReadonlyMap<number, string> } = {},
): Promise<IngestResponse> {
  requirePermission(ctx, writePermission(kind));
  if (records.length > MAX_API_RECORDS) {
    throw new AppError(
      'payload_too_large',
      `At most ${MAX_API_RECORDS.toLocaleString('en')} records per request; got ${records.length.toLocaleString('en')}.`,
    );
  }
  const items: { line: number; raw: RawRecord }[] = [];
  const shapeErrors: RowError[] = [];
  records.forEach((raw, index) => {
    const broken = opts.malformed?.get(index);
    if (broken) shapeErrors.push({ line: index, field: '(record)', reason: broken });
    else if (raw && typeof raw === 'object' && !Array.isArray(raw)) items.push({ line: index, raw: raw as RawRecord });
    else
      shapeErrors.push({
        line: index,
        field: '(record)',
        reason: `must be a JSON object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
      });
  });
  const prepared = prepareBatch(kind, items, {});
  const invalid = [...shapeErrors, ...prepared.errors];
  if (opts.strict && invalid.length) return summarise(records.length, null, invalid, prepared.duplicates, true);

  const outcome = prepared.staged.length
    ? await withTransaction(async (client) => {
        const result = await storeBatch(client, ctx.workspaceId, kind, prepared.staged, opts);
        if (opts.strict && result.rejected.length) throw new StrictRejection(result.rejected);
        return result;
      }).catch((err) => {
        if (err instanceof StrictRejection) return err;
        throw err;
      })
    : null;
  if (outcome instanceof StrictRejection)
    return summarise(records.length, null, [...invalid, ...outcome.rejected], prepared.duplicates, true);

  if (outcome?.customerIds.length) await notifyCustomersChanged(ctx.workspaceId, outcome.customerIds);
  const response = summarise(records.length, outcome, invalid, prepared.duplicates, false);
  await recordAudit(ctx, {
    action: `${kind}.ingest`,
    entityType: kind,
    after: { ...response, errors: response.errors.length },
  });
  return response;
}

class StrictRejection extends Error {
  constructor(readonly rejected: RowError[]) {
    super('strict');
  }
}

function summarise(
  total: number,
  outcome: {
    inserted: number;
    updated: number;
    skipped: number;
    rejected: RowError[];
    createdCustomers: number;
  } | null,
  invalid: RowError[],
  duplicates: number,
  nothingStored: boolean,
): IngestResponse {
  const errors = [...invalid, ...(outcome?.rejected ?? [])]
    .sort((a, b) => a.line - b.line)
    .map((e) => ({ index: e.line, field: e.field, reason: e.reason }));
  const rejected = new Set(errors.map((e) => e.index)).size;
  if (nothingStored) return { inserted: 0, updated: 0, skipped: 0, rejected: total, createdCustomers: 0, errors };
  return {
    inserted: outcome?.inserted ?? 0,
    updated: outcome?.updated ?? 0,
    skipped: (outcome?.skipped ?? 0) + duplicates,
    rejected,
    createdCustomers: outcome?.createdCustomers ?? 0,
    errors,
  };
}
