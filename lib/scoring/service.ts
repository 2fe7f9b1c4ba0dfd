import { recordAudit } from '../audit/service';
import { requirePermission, systemContext, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { FEATURE_SET_VERSION } from '../features/catalog';
import * as features from '../features/service';
import { ZFeatureSpec } from '../features/spec';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { findChampion, findModelSpec, loadArtefact } from '../ml/repo';
import { loadSession, predictProbabilities, type ModelSession } from '../ml/onnx';
import { parseInput } from '../validation';
import { getWorkspaceById } from '../workspaces/service';
import { createExplainer, topReasons, type Explainer, type ModelJson } from './explain';
import * as repo from './repo';
import { renderReasons } from './reasons';
import { DEFAULT_THRESHOLDS, ZReasons, ZTierThresholds, type Tier, type TTierThresholds } from './schemas';

const PAGE = 10_000;

type LoadedModel = {
  id: string;
  featureNames: string[];
  spec: unknown;
  session: ModelSession;
  explain: Explainer;
};

// One loaded champion per workspace and process: the ONNX session and explainer are built once and replaced
// when the champion changes (a promotion is seen on the next run, which asks the registry for the champion id).
const loaded = new Map<string, LoadedModel>();

async function loadChampion(workspaceId: string): Promise<LoadedModel> {
  const champion = await findChampion(workspaceId);
  if (!champion)
    throw new AppError('conflict', 'No champion model in this workspace: train a model and promote it first.');
  const cached = loaded.get(workspaceId);
  if (cached?.id === champion.id) return cached;
  if (champion.featureSetVersion !== FEATURE_SET_VERSION)
    throw new AppError(
      'conflict',
      `The champion model was trained on feature set ${champion.featureSetVersion}, but this version computes ${FEATURE_SET_VERSION}: train a new model and promote it.`,
    );
  const [onnx, trees] = await Promise.all([loadArtefact(champion.id, 'onnx'), loadArtefact(champion.id, 'trees')]);
  if (!onnx || !trees) throw new AppError('conflict', `Model ${champion.id} has lost its artefacts: retrain it.`);
  const model: LoadedModel = {
    id: champion.id,
    featureNames: champion.featureNames,
    spec: champion.spec,
    session: await loadSession(onnx, champion.featureNames.length),
    explain: createExplainer(JSON.parse(Buffer.from(trees).toString('utf8')) as ModelJson),
  };
  loaded.set(workspaceId, model);
  return model;
}

/** A customer's latest score with its reasons as sentences, or null before the first scoring run. */
export async function getCustomerScore(workspaceId: string, customerId: bigint, locale: 'en' | 'zh' = 'en') {
  const score = await repo.findScore(workspaceId, customerId);
  if (!score) return null;
  const model = await findModelSpec(workspaceId, score.modelId);
  const reasons = ZReasons.parse(score.reasons);
  return {
    probability: Number(score.probability.toFixed(6)),
    tier: score.tier,
    reasons: renderReasons(reasons, model ? features.describeFeatures(model.spec) : [], locale),
    scored_at: score.scoredAt.toISOString(),
    model_id: score.modelId,
    previous:
      score.previousProbability === null ? null : { probability: score.previousProbability, tier: score.previousTier },
  };
}

export async function getTierThresholds(workspaceId: string): Promise<TTierThresholds> {
  const settings = await repo.loadSettings(workspaceId);
  const parsed = ZTierThresholds.safeParse(settings.tiers);
  return parsed.success ? parsed.data : { ...DEFAULT_THRESHOLDS };
}

/** Changes the workspace's tier thresholds (admins); audited with the values before and after. */
export async function setTierThresholds(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'models.write');
  const tiers = parseInput(ZTierThresholds, input);
  const before = await getTierThresholds(ctx.workspaceId);
  const settings = await repo.loadSettings(ctx.workspaceId);
  await repo.saveSettings(ctx.workspaceId, { ...settings, tiers } as never);
  await recordAudit(ctx, {
    action: 'scoring.thresholds',
    entityType: 'workspace',
    entityId: ctx.workspaceId,
    before,
    after: tiers,
  });
  return tiers;
}

export function tierOf(probability: number, t: TTierThresholds): Tier {
  return probability >= t.high ? 'high' : probability >= t.medium ? 'medium' : 'low';
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

/**
 * Scores every customer of a workspace with its champion: a fresh snapshot on the model's own feature set,
 * probabilities from onnxruntime in batches, tiers by the workspace thresholds, exact reasons for high and
 * medium customers and path attributions for the low tier.
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
  let snapshotId: string | null = null;
  try {
    const model = await loadChampion(ws.id);
    await repo.updateRun(runId, { modelId: model.id });
    const thresholds = await getTierThresholds(ws.id);
    const scoredAt = new Date();
    snapshotId = await features.createSnapshot(ctx, scoredAt, ZFeatureSpec.parse(model.spec), 'scoring');
    const snap = await features.computeSnapshot(snapshotId, (p) => report((0.5 * p.done) / p.total));
    if (snap.customers === 0)
      throw new AppError('conflict', 'This workspace has no customers to score yet: import some first.');
    const cols = model.featureNames.length;
    let done = 0;
    for await (const page of features.readSnapshotRows(ctx, snapshotId, PAGE)) {
      const x = new Float32Array(page.length * cols);
      page.forEach((r, i) => {
        if (r.values.length !== cols)
          throw new AppError(
            'conflict',
            `Snapshot rows have ${r.values.length} features, the model ${cols}: retrain the model.`,
          );
        r.values.forEach((v, j) => (x[i * cols + j] = v ?? NaN));
      });
      const probs = await predictProbabilities(model.session, x, page.length);
      const rows = page.map((r, i) => {
        const p = probs[i]!;
        if (!Number.isFinite(p)) throw new Error(`the model returned ${p} for customer ${r.customer_id}`);
        const tier = tierOf(p, thresholds);
        const row = x.subarray(i * cols, (i + 1) * cols);
        const reasons = topReasons(model.explain(row, tier !== 'low'), row, model.featureNames);
        return { customerId: r.customer_id, probability: p, tier, reasons };
      });
      await repo.writeScores(ws.id, model.id, scoredAt, rows);
      done += page.length;
      await report(0.5 + (0.5 * done) / snap.customers);
    }
    const tiers = await repo.countTiers(ws.id);
    const seconds = (performance.now() - started) / 1000;
    await repo.updateRun(runId, {
      status: 'succeeded',
      progress: 1,
      customers: done,
      tiers,
      seconds,
      finishedAt: new Date(),
    });
    return { runId, modelId: model.id, customers: done, tiers, seconds };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error('scoring failed', { runId, err });
    await repo.updateRun(runId, { status: 'failed', error: (err as Error).message, finishedAt: new Date() });
    throw err;
  }
}
