import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { findChampionId } from '../ml/service';
import { createScoreRun, getTierThresholds, listScoreRuns } from './service';
import { TIERS, type Tier, type TTierThresholds } from './schemas';

// What the console's scoring panel shows, as plain values: the newest runs (polled while one is active) and the
// workspace's tier thresholds.

export const SCORE_RUNS_SHOWN = 8;

export type ScoreRunView = {
  id: string;
  trigger: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  customers: number;
  tiers: Record<Tier, number> | null;
  seconds: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type ScoringView = { runs: ScoreRunView[] };

/** The newest scoring runs; tier counts missing from an older run's JSON read as 0 rather than breaking the row. */
export async function listScoreRunViews(ctx: Ctx, take = SCORE_RUNS_SHOWN): Promise<ScoringView> {
  const runs = await listScoreRuns(ctx, take);
  return {
    runs: runs.map((r) => ({
      id: r.id,
      trigger: r.trigger,
      status: r.status as ScoreRunView['status'],
      progress: r.progress,
      customers: r.customers,
      tiers: r.tiers
        ? (Object.fromEntries(TIERS.map((t) => [t, Number(r.tiers?.[t] ?? 0)])) as Record<Tier, number>)
        : null,
      seconds: r.seconds,
      error: r.error,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
    })),
  };
}

/** The workspace's tier thresholds, for anyone who may read the models pages. */
export async function getThresholdsView(ctx: Ctx): Promise<TTierThresholds> {
  requirePermission(ctx, 'models.read');
  return getTierThresholds(ctx.workspaceId);
}

/**
 * "Score now" from the console: refused at once without a champion (rather than as a failed run a moment later),
 * and a second press while a pass is queued or running answers that pass instead of queueing another.
 */
export async function requestScoreRun(ctx: Ctx): Promise<{ runId: string; existing: boolean }> {
  requirePermission(ctx, 'models.write');
  if (!(await findChampionId(ctx.workspaceId)))
    throw new AppError('conflict', 'No champion model in this workspace: train a model and promote it first.');
  const active = (await listScoreRuns(ctx, 5)).find((r) => r.status === 'queued' || r.status === 'running');
  if (active) return { runId: active.id, existing: true };
  return { runId: await createScoreRun(ctx, 'manual', { queue: true }), existing: false };
}
