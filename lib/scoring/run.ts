import { systemContext } from '../auth/context';
import { refreshDashboard } from '../dashboard/service';
import { AppError } from '../errors';
import * as features from '../features/service';
import { logger } from '../logger';
import { getWorkspaceById } from '../workspaces/service';
import { emptyTimings, scoreBatch } from './batch';
import { raiseAlerts } from './alerts-hook';
import { loadChampion, withExplainerPool } from './champion';
import { retireChurnedCustomers } from './churned';
import * as repo from './repo';
import { getTierThresholds } from './thresholds';

const PAGE = 10_000;
// Pages written at once, each on its own connection: index upkeep is most of a pass, and on its own it would use
// one core while the other waits.
const WRITERS = 2;

/**
 * Scores every customer of a computed snapshot with the workspace's champion, page by page, and writes the
 * latest scores, the previous ones beside them and the history, then raises the alerts the new scores call for.
 * A pipeline: while one page is scored, the next is read and earlier ones are written, so PostgreSQL works
 * beside onnxruntime (which holds the event loop). `reasons: false` leaves the drivers and
 * alerts out (the benchmark times those stages on their own). Timings are per stage, in seconds; read and write
 * count only the time spent waiting for them.
 */
export async function scoreSnapshot(
  workspaceId: string,
  snapshotId: string,
  opts: { reasons: boolean; alerts?: boolean; scoredAt: Date; onProgress?: (done: number) => void | Promise<void> },
) {
  const ws = await getWorkspaceById(workspaceId);
  const ctx = systemContext(ws.id, ws.slug, 'score');
  const model = await loadChampion(ws.id);
  const thresholds = await getTierThresholds(ws.id);
  const timings = emptyTimings();
  const alerts = opts.alerts ?? opts.reasons;
  let customers = 0;
  let written = 0;
  // Pages in flight to PostgreSQL, oldest first. Each holds its own customers, so two never touch the same rows.
  const writing: Promise<void>[] = [];
  const pages = features.readSnapshotMatrices(ctx, snapshotId, model.featureNames.length, PAGE);
  await withExplainerPool(ws.id, model, async (pool) => {
    let t = performance.now();
    for await (const page of pages) {
      timings.read += (performance.now() - t) / 1000;
      const rows = await scoreBatch(model, page, thresholds, { reasons: opts.reasons, timings, pool });
      t = performance.now();
      if (writing.length >= WRITERS) await writing.shift();
      timings.write += (performance.now() - t) / 1000;
      customers += rows.length;
      const write = repo.writeScores(ws.id, model.id, opts.scoredAt, rows).then(async () => {
        if (alerts) await raiseAlerts(ws.id, rows);
        written += rows.length;
        await opts.onProgress?.(written);
      });
      // Awaited later; a failure in between must not count as unhandled.
      write.catch(() => undefined);
      writing.push(write);
      t = performance.now();
    }
    t = performance.now();
    await Promise.all(writing);
    timings.write += (performance.now() - t) / 1000;
  });
  return { customers, modelId: model.id, timings };
}

/**
 * A full scoring pass: a fresh snapshot on the champion's own feature set, then every customer still active
 * scored with reasons (customers who have churned are retired, see churned.ts). Progress: the snapshot is the first half, scoring the second.
 */
export async function runScoring(runId: string, onProgress?: (fraction: number) => void | Promise<void>) {
  const run = await repo.findRunById(runId);
  if (!run) throw new AppError('not_found', `No score run ${runId}.`);
  const ws = await getWorkspaceById(run.workspaceId);
  const ctx = systemContext(ws.id, ws.slug, `score:${run.trigger}`);
  const started = performance.now();
  const report = async (fraction: number) => {
    await repo.updateRun(runId, { progress: fraction });
    await onProgress?.(fraction);
  };
  await repo.updateRun(runId, { status: 'running', error: null, progress: 0 });
  try {
    const model = await loadChampion(ws.id);
    await repo.updateRun(runId, { modelId: model.id });
    const scoredAt = new Date();
    const snapshotId = await features.createSnapshot(ctx, scoredAt, model.spec, 'scoring');
    const snap = await features.computeSnapshot(snapshotId, (p) => report((0.5 * p.done) / p.total));
    if (snap.customers === 0)
      throw new AppError('conflict', 'This workspace has no customers to score yet: import some first.');
    const active = await features.keepActiveCustomers(snapshotId);
    if (active === 0)
      throw new AppError('conflict', 'Every customer of this workspace has churned: there is no one left to score.');
    const scored = await scoreSnapshot(ws.id, snapshotId, {
      reasons: true,
      scoredAt,
      onProgress: (done) => report(0.5 + (0.45 * done) / active),
    });
    await retireChurnedCustomers(ws.id, scoredAt);
    await repo.refreshValues(ws.id, scoredAt);
    await refreshDashboard(ws.id);
    const tiers = await repo.countTiers(ws.id);
    const seconds = (performance.now() - started) / 1000;
    await repo.updateRun(runId, {
      status: 'succeeded',
      progress: 1,
      customers: scored.customers,
      tiers,
      seconds,
      finishedAt: new Date(),
    });
    logger.info('scoring finished', { runId, customers: scored.customers, seconds, timings: scored.timings });
    return { runId, modelId: model.id, customers: scored.customers, tiers, seconds };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error('scoring failed', { runId, err });
    await repo.updateRun(runId, { status: 'failed', error: (err as Error).message, finishedAt: new Date() });
    throw err;
  }
}

/**
 * Scores every customer as they stood at a past instant (the demo's score history): the snapshot, the scores,
 * the customers' values and that day's tier counts are all as of `asOf`; no alerts are raised for the past.
 */
export async function scoreAsOf(workspaceId: string, asOf: Date) {
  const ws = await getWorkspaceById(workspaceId);
  const model = await loadChampion(ws.id);
  const ctx = systemContext(ws.id, ws.slug, 'score:backfill');
  const snapshotId = await features.createSnapshot(ctx, asOf, model.spec, 'scoring');
  await features.computeSnapshot(snapshotId);
  await features.keepActiveCustomers(snapshotId);
  const scored = await scoreSnapshot(ws.id, snapshotId, { reasons: true, alerts: false, scoredAt: asOf });
  await retireChurnedCustomers(ws.id, asOf);
  await repo.refreshValues(ws.id, asOf);
  await refreshDashboard(ws.id, asOf);
  return scored;
}
