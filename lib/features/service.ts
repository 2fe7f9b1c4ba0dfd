import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { FEATURE_SET_VERSION } from './catalog';
import * as repo from './repo';
import { listFeatureNames, listFeatures, PROFILE_FIELDS, ZFeatureSpec, type TFeatureSpec } from './spec';

const CHUNK_CUSTOMERS = 25_000;
// Two statements at once: one per core here; each is a single set-based pass over its id range.
const PARALLEL_CHUNKS = 2;
const KEEP_SNAPSHOTS = 10;

export type SnapshotProgress = { done: number; total: number; customers: number };

/** A level or tag needs this many customers to become a feature: rarer ones cannot be learned from. */
function minSupport(customers: number) {
  return Math.max(5, Math.ceil(customers * 0.005));
}

/** Discovers the workspace's dynamic features (event types, category levels, attributes, tags) as of `asOf`. */
export async function discoverFeatureSpec(workspaceId: string, asOf: Date): Promise<TFeatureSpec> {
  const counts = await repo.loadSpecCounts(workspaceId, asOf);
  const min = minSupport(counts.customers);
  const categories: TFeatureSpec['categories'] = [];
  for (const field of PROFILE_FIELDS) {
    const levels = counts.levels.filter((l) => l.field === field && l.n >= min).map((l) => l.value);
    if (levels.length) categories.push({ field, levels });
  }
  const numericAttributes: string[] = [];
  const byKey = new Map<string, typeof counts.attributes>();
  for (const row of counts.attributes) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  for (const [key, rows] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    const totalOf = (kind: string) => rows.find((r) => r.kind === kind)?.total ?? 0;
    const numbers = totalOf('number');
    const labels = totalOf('string') + totalOf('boolean');
    if (numbers >= min && numbers >= labels) numericAttributes.push(key);
    else if (labels >= min) {
      const levels = rows.filter((r) => r.kind !== 'number' && r.value !== null && r.n >= min).map((r) => r.value!);
      if (levels.length) categories.push({ field: `attr.${key}`, levels });
    }
  }
  return ZFeatureSpec.parse({
    version: FEATURE_SET_VERSION,
    eventTypes: counts.eventTypes.filter((t) => t.n >= min).map((t) => t.type),
    categories,
    numericAttributes,
    tags: counts.tags.filter((t) => t.n >= min).map((t) => t.tag),
  });
}

/**
 * Registers a snapshot at `asOf` on the given spec (or one discovered now); computing it is a separate step.
 * Training and evaluation snapshots are a job's scratch: they are deleted when the job ends.
 */
export async function createSnapshot(
  ctx: Ctx,
  asOf: Date,
  spec?: TFeatureSpec,
  purpose: repo.SnapshotPurpose = 'features',
) {
  requirePermission(ctx, 'models.write');
  if (Number.isNaN(asOf.getTime())) throw new AppError('invalid_input', 'as_of: not a valid date');
  if (asOf.getTime() > Date.now()) throw new AppError('invalid_input', 'as_of: a snapshot cannot lie in the future');
  const resolved = spec ?? (await discoverFeatureSpec(ctx.workspaceId, asOf));
  const row = await repo.insertSnapshot({
    workspaceId: ctx.workspaceId,
    asOf,
    featureSetVersion: FEATURE_SET_VERSION,
    purpose,
    spec: resolved,
    featureNames: listFeatureNames(resolved),
    createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  return row.id;
}

/** Queues a snapshot for the ML worker (the console's button); progress is on the snapshot row. */
export async function requestSnapshot(ctx: Ctx, asOf: Date) {
  const id = await createSnapshot(ctx, asOf);
  await recordAudit(ctx, {
    action: 'features.snapshot',
    entityType: 'feature_snapshot',
    entityId: id,
    after: { asOf },
  });
  await enqueueJob('compute-snapshot', { snapshotId: id });
  return id;
}

/**
 * Computes every customer's features for a registered snapshot: id ranges in parallel, each one INSERT … SELECT.
 * Idempotent: a retry starts from an empty snapshot.
 */
export async function computeSnapshot(
  snapshotId: string,
  onProgress?: (p: SnapshotProgress) => void | Promise<void>,
  chunkCustomers = CHUNK_CUSTOMERS,
) {
  const snap = await repo.findSnapshotById(snapshotId);
  if (!snap) throw new AppError('not_found', `No snapshot ${snapshotId}.`);
  const spec = ZFeatureSpec.parse(snap.spec);
  const started = performance.now();
  await repo.updateSnapshot(snapshotId, { status: 'running', progress: 0, error: null });
  try {
    await repo.deleteSnapshotRows(snapshotId);
    const bounds = await repo.loadChunkBounds(snap.workspaceId, chunkCustomers);
    const ranges = bounds.slice(1).map((hi, i) => [bounds[i]!, hi] as const);
    let done = 0;
    let customers = 0;
    const target = { id: snap.id, workspaceId: snap.workspaceId, asOf: snap.asOf, spec };
    const next = ranges.entries();
    const lane = async () => {
      for (const [, [lo, hi]] of next) {
        // Await first, then add: `customers += await …` would read the total before the other lane updates it.
        const written = await repo.insertSnapshotChunk(target, lo, hi);
        customers += written;
        done += 1;
        await repo.updateSnapshot(snapshotId, { progress: done / ranges.length, customerCount: customers });
        await onProgress?.({ done, total: ranges.length, customers });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, lane));
    const seconds = (performance.now() - started) / 1000;
    await repo.updateSnapshot(snapshotId, {
      status: 'succeeded',
      progress: 1,
      customerCount: customers,
      seconds,
      finishedAt: new Date(),
    });
    await repo.pruneSnapshots(snap.workspaceId, KEEP_SNAPSHOTS);
    return { snapshotId, customers, features: snap.featureNames.length, seconds };
  } catch (err) {
    logger.error('feature snapshot failed', { snapshotId, err });
    await repo.updateSnapshot(snapshotId, { status: 'failed', error: (err as Error).message, finishedAt: new Date() });
    throw err;
  }
}

/**
 * Narrows a computed scoring snapshot to the customers still with us at its date: one who has churned is lost,
 * not at risk, and scoring them would fill the risk lists and alerts with people who already left. Answers the
 * customers left.
 */
export async function keepActiveCustomers(snapshotId: string) {
  const snap = await repo.findSnapshotById(snapshotId);
  if (!snap) throw new AppError('not_found', `No snapshot ${snapshotId}.`);
  return repo.deleteChurnedSnapshotRows(snapshotId, snap.workspaceId, snap.asOf);
}

/** The current features of a few customers (real-time re-scoring): the snapshot statement for an id list. */
export async function computeCustomerFeatures(workspaceId: string, spec: TFeatureSpec, asOf: Date, ids: string[]) {
  if (!ids.length) return [];
  return repo.selectCustomerFeatures(workspaceId, asOf, spec, ids);
}

/** Removes snapshots that served one job (training, evaluation) and are not worth keeping. */
export async function deleteSnapshots(ids: string[]) {
  await repo.deleteSnapshots(ids);
}

export async function listSnapshots(ctx: Ctx) {
  requirePermission(ctx, 'models.read');
  return repo.listSnapshots(ctx.workspaceId, 'features');
}

/** A snapshot's feature definitions (name, description, unit, reason templates) in column order. */
export function describeFeatures(spec: unknown) {
  return listFeatures(ZFeatureSpec.parse(spec)).map(({ name, group, unit, description, reason }) => ({
    name,
    group,
    unit,
    description,
    reason,
  }));
}

/** Reads a computed snapshot page by page (customer order) for training, scoring and tests. */
export async function* readSnapshotRows(ctx: Ctx, snapshotId: string, pageSize = 20_000) {
  requirePermission(ctx, 'models.read');
  const snap = await repo.findSnapshot(ctx.workspaceId, snapshotId);
  if (!snap) throw new AppError('not_found', 'No such snapshot in this workspace.');
  let after = 0n;
  for (;;) {
    const rows = await repo.readSnapshotPage(snapshotId, after, pageSize);
    if (!rows.length) return;
    yield rows;
    after = BigInt(rows[rows.length - 1]!.customer_id);
  }
}

/**
 * Reads a computed snapshot as model input matrices `cols` wide, page by page in customer order. The next page is
 * read while the caller works on the one it has.
 */
export async function* readSnapshotMatrices(ctx: Ctx, snapshotId: string, cols: number, pageSize = 10_000) {
  requirePermission(ctx, 'models.read');
  const snap = await repo.findSnapshot(ctx.workspaceId, snapshotId);
  if (!snap) throw new AppError('not_found', 'No such snapshot in this workspace.');
  const read = (after: bigint) => readMatrixPage(snapshotId, after, pageSize, cols);
  let next = read(0n);
  for (;;) {
    const page = await next;
    if (!page.ids.length) return;
    next = read(BigInt(page.ids[page.ids.length - 1]!));
    // Awaited on the next turn; until then a failure must not count as unhandled (or if the caller stops early).
    next.catch(() => undefined);
    yield page;
  }
}

async function readMatrixPage(snapshotId: string, after: bigint, limit: number, cols: number) {
  try {
    return await repo.readSnapshotMatrixPage(snapshotId, after, limit, cols);
  } catch (err) {
    if (err instanceof repo.WidthMismatch)
      throw new AppError(
        'conflict',
        `Customer ${err.customerId} has ${err.width} features, the model expects ${cols}: retrain the model.`,
      );
    throw err;
  }
}

export { FEATURE_SET_VERSION };
