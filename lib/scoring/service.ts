import { setTimeout as sleep } from 'node:timers/promises';
import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import * as features from '../features/service';
import { notifyCustomersChanged } from '../ingest/service';
import { enqueueJob } from '../jobs/enqueue';
import { findChampion, findModelSpec } from '../ml/repo';
import * as repo from './repo';
import { explainChange, renderChanges, renderReasons } from './reasons';
import { ZReasons, type Tier } from './schemas';

export { tierOf } from './batch';
export { loadChampion } from './champion';
export { runScoring, scoreAsOf, scoreSnapshot } from './run';
export { findTierThresholds, getTierThresholds, setTierThresholds } from './thresholds';

/** A customer's latest score with its reasons as sentences, or null before the first scoring run. */
export async function getCustomerScore(workspaceId: string, customerId: bigint, locale: 'en' | 'zh' = 'en') {
  const score = await repo.findScore(workspaceId, customerId);
  if (!score) return null;
  const model = await findModelSpec(workspaceId, score.modelId);
  const described = model ? features.describeFeatures(model.spec) : [];
  const previousDrivers = ZReasons.nullable().catch(null).parse(score.previousDrivers);
  return {
    probability: Number(score.probability.toFixed(6)),
    tier: score.tier,
    reasons: renderReasons(ZReasons.parse(score.reasons), described, locale),
    scored_at: score.scoredAt.toISOString(),
    model_id: score.modelId,
    previous:
      score.previousProbability === null
        ? null
        : {
            probability: Number(score.previousProbability.toFixed(6)),
            tier: score.previousTier,
            // Why it changed: the drivers whose pull moved most between the two scores.
            changes: previousDrivers
              ? renderChanges(
                  explainChange(ZReasons.catch([]).parse(score.drivers), previousDrivers),
                  described,
                  locale,
                )
              : [],
          },
  };
}

/** Registers a scoring pass; `queue` hands it to the ML worker, otherwise the caller runs it (the CLI). */
export async function createScoreRun(ctx: Ctx, trigger: 'manual' | 'nightly' | 'cli', opts: { queue: boolean }) {
  requirePermission(ctx, 'models.write');
  const run = await repo.insertRun({ workspaceId: ctx.workspaceId, trigger });
  if (opts.queue) await enqueueJob('score-workspace', { runId: run.id });
  return run.id;
}

/** The newest scoring passes with their progress, newest first (polled by the console while one runs). */
export async function listScoreRuns(ctx: Ctx, take = 10) {
  requirePermission(ctx, 'models.read');
  const runs = await repo.listRuns(ctx.workspaceId, take);
  return runs.map((r) => ({
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    progress: r.progress,
    modelId: r.modelId,
    customers: r.customers,
    tiers: r.tiers as Record<Tier, number> | null,
    seconds: r.seconds,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

const ON_DEMAND_WAIT_MS = 15_000;

/**
 * Re-scores one customer now, with exact reasons whatever the tier, and answers the new score. The work goes to
 * the worker through the real-time path (inference never runs in the web server); this waits for it.
 */
export async function rescoreCustomerNow(ctx: Ctx, externalId: string, locale: 'en' | 'zh' = 'en') {
  requirePermission(ctx, 'customers.write');
  const customerId = await repo.findCustomerId(ctx.workspaceId, externalId);
  if (customerId === null) throw new AppError('not_found', `No customer "${externalId}" in this workspace.`);
  if ((await repo.findChurned(ctx.workspaceId, new Date(), [customerId.toString()])).length)
    throw new AppError(
      'conflict',
      `Customer "${externalId}" has churned: churned customers are no longer scored; their earlier scores stay in the history.`,
    );
  if (!(await findChampion(ctx.workspaceId)))
    throw new AppError('conflict', 'No champion model in this workspace: train a model and promote it first.');
  const before = (await repo.findScore(ctx.workspaceId, customerId))?.scoredAt.getTime() ?? 0;
  await notifyCustomersChanged(ctx.workspaceId, [customerId.toString()]);
  const deadline = Date.now() + ON_DEMAND_WAIT_MS;
  while (Date.now() < deadline) {
    const score = await repo.findScore(ctx.workspaceId, customerId);
    if (score && score.scoredAt.getTime() > before) return getCustomerScore(ctx.workspaceId, customerId, locale);
    await sleep(50);
  }
  throw new AppError('unavailable', 'The scoring worker did not answer within 15 seconds: is it running (npm start)?');
}
