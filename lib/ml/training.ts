import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../audit/service';
import { requirePermission, systemContext, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { BASELINE_FEATURE, FEATURE_SET_VERSION } from '../features/catalog';
import * as features from '../features/service';
import type { TFeatureSpec } from '../features/spec';
import type { Prisma } from '../generated/prisma/client';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { parseInput } from '../validation';
import { scheduleNightlyScoring } from '../scoring/schedule';
import { getWorkspaceById } from '../workspaces/service';
import * as repo from './repo';
import { ALGORITHMS, DEFAULT_THRESHOLDS, ZRunParams, ZTrainRequest, type TLabelSpec, type TRunParams } from './schemas';
import { makeWorkDir, MatrixWriter, runTrainer, type TrainerProgress, type TrainerResult } from './trainer';

const DAY = 86_400_000;
const PAGE = 20_000;
const MIN_CLASS_COUNT = 50;

export type RunProgress = { fraction: number; stage: string };
type OnProgress = (p: RunProgress) => void | Promise<void>;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Resolves a training request against the workspace's data: defaults the snapshot date to the newest one whose
 * label window is complete, and refuses windows that run past the data or evaluation dates that overlap training
 * labels (DATA_CONTRACT.md, point-in-time rule).
 */
export async function resolveTrainRequest(ctx: Ctx, input: unknown): Promise<TRunParams> {
  const req = parseInput(ZTrainRequest, input);
  const { label } = req;
  if (label.kind === 'column') {
    if (req.evalAsOf)
      throw new AppError(
        'invalid_input',
        'eval_as_of: a label column has no time axis; out-of-time evaluation needs inactivity or cancellation',
      );
    const asOf = req.asOf ?? [new Date(Math.floor(Date.now() / DAY) * DAY)];
    if (asOf.length > 1) throw new AppError('invalid_input', 'as_of: a label column is one snapshot; give one date');
    return { ...base(req, ctx), asOf: asOf.map((d) => d.toISOString()), evalAsOf: null };
  }
  const end = await repo.loadDataEnd(ctx.workspaceId);
  if (!end)
    throw new AppError('invalid_input', 'This workspace has no transactions, events or tickets to learn churn from.');
  const horizon = label.horizonDays * DAY;
  const latest = new Date(Math.floor((end.getTime() - horizon) / DAY) * DAY);
  const asOf = req.asOf ?? [req.evalAsOf ? new Date(req.evalAsOf.getTime() - horizon) : latest];
  for (const d of [...asOf, ...(req.evalAsOf ? [req.evalAsOf] : [])]) {
    if (d.getTime() + horizon > end.getTime() + DAY)
      throw new AppError(
        'invalid_input',
        `as_of: the ${label.horizonDays}-day label window after ${isoDay(d)} ends after the newest record (${isoDay(end)}); choose ${isoDay(latest)} or earlier, or a shorter horizon`,
      );
  }
  const lastTrain = Math.max(...asOf.map((d) => d.getTime()));
  if (req.evalAsOf && req.evalAsOf.getTime() < lastTrain + horizon)
    throw new AppError(
      'invalid_input',
      `eval_as_of: must be on or after ${isoDay(new Date(lastTrain + horizon))}, when the last training label window closes`,
    );
  return {
    ...base(req, ctx),
    asOf: asOf.map((d) => d.toISOString()),
    evalAsOf: req.evalAsOf?.toISOString() ?? null,
  };
}

function base(req: ReturnType<typeof ZTrainRequest.parse>, ctx: Ctx) {
  return { label: req.label, algorithm: req.algorithm, promote: req.promote, requestedBy: ctx.actor.label };
}

/** Registers a training run; `queue` hands it to the ML worker, otherwise the caller runs it (the CLI). */
export async function createTrainingRun(ctx: Ctx, input: unknown, opts: { queue: boolean }) {
  requirePermission(ctx, 'models.write');
  const params = await resolveTrainRequest(ctx, input);
  const run = await repo.insertRun({
    workspaceId: ctx.workspaceId,
    params,
    createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
  });
  await recordAudit(ctx, { action: 'model.train', entityType: 'training_run', entityId: run.id, after: params });
  if (opts.queue) await enqueueJob('train-model', { runId: run.id });
  return run.id;
}

/** Computes a snapshot on a frozen spec as part of a run; the run owns it and deletes it afterwards. */
async function buildSnapshot(ctx: Ctx, asOf: Date, spec: TFeatureSpec, onProgress: (f: number) => Promise<void>) {
  const id = await features.createSnapshot(ctx, asOf, spec, 'training');
  await features.computeSnapshot(id, (p) => onProgress(p.done / Math.max(p.total, 1)));
  return id;
}

/** Writes a snapshot's eligible customers and their labels into a matrix, page by page. */
async function exportLabelled(
  workspaceId: string,
  snapshotId: string,
  asOf: Date,
  label: TLabelSpec,
  out: MatrixWriter,
) {
  let after = 0n;
  for (;;) {
    const rows = await repo.readLabelledPage({ workspaceId, snapshotId, asOf, label }, after, PAGE);
    if (!rows.length) return;
    await out.write(rows);
    after = BigInt(rows[rows.length - 1]!.customer_id);
  }
}

/** The train job: snapshots → labelled matrices → Python trainer → registry (→ champion when asked). */
export async function runTraining(runId: string, onProgress?: OnProgress) {
  const run = await repo.findRunById(runId);
  if (!run) throw new AppError('not_found', `No training run ${runId}.`);
  const params = ZRunParams.parse(run.params);
  const ws = await getWorkspaceById(run.workspaceId);
  const ctx = systemContext(ws.id, ws.slug, params.requestedBy);
  const dir = await makeWorkDir(`train-${runId}`);
  const snapshots: string[] = [];
  const report = async (fraction: number, stage: string) => {
    await repo.updateRun(runId, { progress: fraction, stage });
    await onProgress?.({ fraction, stage });
  };
  await repo.updateRun(runId, { status: 'running', error: null, progress: 0, stage: 'starting' });
  try {
    const trainDates = params.asOf.map((d) => new Date(d));
    const evalDate = params.evalAsOf ? new Date(params.evalAsOf) : null;
    const spec = await features.discoverFeatureSpec(ws.id, new Date(Math.max(...trainDates.map((d) => +d))));
    const featureNames = features.describeFeatures(spec).map((f) => f.name);
    const dates = [...trainDates, ...(evalDate ? [evalDate] : [])];
    const train = new MatrixWriter(path.join(dir, 'train.x.f32'), path.join(dir, 'train.y.u8'), featureNames.length);
    const evalSet = evalDate
      ? new MatrixWriter(path.join(dir, 'eval.x.f32'), path.join(dir, 'eval.y.u8'), featureNames.length)
      : null;
    for (const [i, date] of dates.entries()) {
      const stage = `features as of ${isoDay(date)}`;
      const id = await buildSnapshot(ctx, date, spec, (f) => report((0.3 * (i + f)) / dates.length, stage));
      snapshots.push(id);
      await report((0.3 * (i + 1)) / dates.length, `labels as of ${isoDay(date)}`);
      await exportLabelled(ws.id, id, date, params.label, evalDate && i === dates.length - 1 ? evalSet! : train);
    }
    await Promise.all([train.close(), evalSet?.close()]);
    const algorithms = params.algorithm === 'auto' ? [...ALGORITHMS] : [params.algorithm];
    const result = await runTrainer<TrainerResult>(
      {
        version: 1,
        mode: 'train',
        feature_names: featureNames,
        train: { x: train.xPath, y: train.yPath, rows: train.rows },
        eval: evalSet ? { x: evalSet.xPath, y: evalSet.yPath, rows: evalSet.rows } : null,
        parity: null,
        algorithms,
        thresholds: DEFAULT_THRESHOLDS,
        baseline_feature: BASELINE_FEATURE,
        cv_folds: 5,
        seed: 42,
        min_class_count: MIN_CLASS_COUNT,
        output_dir: path.join(dir, 'out'),
      },
      (p: TrainerProgress) => report(0.3 + 0.65 * p.fraction, p.stage),
    );
    await report(0.96, 'registering the model');
    const modelId = await registerModel(
      ctx,
      run.createdById,
      params,
      spec,
      featureNames,
      result,
      path.join(dir, 'out'),
    );
    if (params.promote) await promoteModel(ctx, modelId);
    await repo.updateRun(runId, { status: 'succeeded', progress: 1, stage: 'done', modelId, finishedAt: new Date() });
    return { modelId, result };
  } catch (err) {
    if (!(err instanceof AppError)) logger.error('training failed', { runId, err });
    await repo.updateRun(runId, { status: 'failed', error: (err as Error).message, finishedAt: new Date() });
    throw err;
  } finally {
    await features.deleteSnapshots(snapshots);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function registerModel(
  ctx: Ctx,
  trainedById: string | null,
  params: TRunParams,
  spec: TFeatureSpec,
  featureNames: string[],
  result: TrainerResult,
  outDir: string,
) {
  const chosen = result.candidates.find((c) => c.algorithm === result.chosen);
  if (!chosen) throw new Error(`trainer chose ${result.chosen} but returned no such candidate`);
  const read = (file: string) => fs.promises.readFile(path.join(outDir, file));
  const [onnx, trees] = await Promise.all([read(chosen.artefacts.onnx), read(chosen.artefacts.trees)]);
  // The trainer's JSON goes into json columns as it came.
  const json = (v: unknown) => v as Prisma.InputJsonValue;
  const { id } = await repo.insertModel({
    workspaceId: ctx.workspaceId,
    algorithm: chosen.algorithm,
    featureSetVersion: FEATURE_SET_VERSION,
    spec,
    featureNames,
    label: { ...params.label, asOf: params.asOf, evalAsOf: params.evalAsOf, selection: result.selection },
    metrics: json(chosen.metrics),
    candidates: json(result.candidates.map((c) => ({ algorithm: c.algorithm, params: c.params, metrics: c.metrics }))),
    baseline: result.baseline ? json(result.baseline) : undefined,
    featureImportance: json(chosen.feature_importance),
    params: json({ ...chosen.params, fit_seconds: chosen.fit_seconds, trainer_seconds: result.seconds }),
    trainingRows: result.rows.train,
    trainingPositives: result.rows.train_positives,
    trainedById,
    trainedByName: params.requestedBy,
    artefacts: [
      { kind: 'onnx', content: new Uint8Array(onnx) },
      { kind: 'trees', content: new Uint8Array(trees) },
    ],
  });
  await recordAudit(ctx, {
    action: 'model.register',
    entityType: 'model',
    entityId: id,
    after: { algorithm: chosen.algorithm, roc_auc: (chosen.metrics.out_of_time ?? chosen.metrics.cv)?.roc_auc },
  });
  return id;
}

/** Makes a model the workspace's champion; the previous champion is retired. Audited. */
export async function promoteModel(ctx: Ctx, modelId: string) {
  requirePermission(ctx, 'models.write');
  const model = await repo.findModel(ctx.workspaceId, modelId);
  if (!model) throw new AppError('not_found', 'No such model in this workspace.');
  if (model.status === 'champion') throw new AppError('conflict', 'This model is already the champion.');
  const previous = await repo.swapChampion(ctx.workspaceId, modelId);
  await scheduleNightlyScoring(ctx.workspaceId);
  await recordAudit(ctx, {
    action: 'model.promote',
    entityType: 'model',
    entityId: modelId,
    before: { champion: previous },
    after: { champion: modelId },
  });
  return { championId: modelId, retiredId: previous };
}

/** Restores the previous champion and retires the current one. Audited. */
export async function rollbackChampion(ctx: Ctx) {
  requirePermission(ctx, 'models.write');
  const current = await repo.findChampion(ctx.workspaceId);
  const previous = await repo.findPreviousChampion(ctx.workspaceId, current?.id);
  if (!previous) throw new AppError('conflict', 'There is no earlier champion to roll back to.');
  await repo.swapChampion(ctx.workspaceId, previous.id);
  await recordAudit(ctx, {
    action: 'model.rollback',
    entityType: 'model',
    entityId: previous.id,
    before: { champion: current?.id ?? null },
    after: { champion: previous.id },
  });
  return { championId: previous.id, retiredId: current?.id ?? null };
}
