import fs from 'node:fs';
import path from 'node:path';
import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import { BASELINE_FEATURE } from '../features/catalog';
import * as features from '../features/service';
import { ZFeatureSpec } from '../features/spec';
import { parseInput } from '../validation';
import { loadSession, predictProbabilities } from './onnx';
import * as repo from './repo';
import { DEFAULT_THRESHOLDS, ZEvaluateRequest } from './schemas';
import { makeWorkDir, MatrixWriter, runTrainer, type Evaluation } from './trainer';
import { resolveTrainRequest } from './training';

const PAGE = 20_000;

export async function listModels(ctx: Ctx) {
  requirePermission(ctx, 'models.read');
  return repo.listModels(ctx.workspaceId);
}

export async function listTrainingRuns(ctx: Ctx) {
  requirePermission(ctx, 'models.read');
  return repo.listRuns(ctx.workspaceId);
}

export async function getTrainingRun(ctx: Ctx, id: string) {
  requirePermission(ctx, 'models.read');
  const run = await repo.findRun(ctx.workspaceId, id);
  if (!run) throw new AppError('not_found', 'No such training run in this workspace.');
  return run;
}

/** The champion's id, or null: a cheap check for jobs that need one. */
export async function findChampionId(workspaceId: string) {
  return (await repo.findChampion(workspaceId))?.id ?? null;
}

/** Workspaces that have a champion model (for the nightly schedulers). */
export async function listWorkspacesWithChampion() {
  return repo.findWorkspacesWithChampion();
}

/** A model with everything the models page shows; `champion` names the current champion. */
export async function getModel(ctx: Ctx, idOrChampion: string) {
  requirePermission(ctx, 'models.read');
  const model =
    idOrChampion === 'champion'
      ? await repo.findChampion(ctx.workspaceId)
      : await repo.findModel(ctx.workspaceId, idOrChampion);
  if (!model)
    throw new AppError(
      'not_found',
      idOrChampion === 'champion'
        ? 'This workspace has no champion model yet: train one and promote it.'
        : 'No such model in this workspace.',
    );
  return { ...model, features: features.describeFeatures(model.spec) };
}

/**
 * Scores a registered model on a fresh snapshot at `asOf` and measures it against the labels of the following
 * horizon: the same snapshot, labels and metrics as training, with the model's own frozen feature set.
 */
export async function evaluateModel(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'models.write');
  const req = parseInput(ZEvaluateRequest, input);
  const model = await getModel(ctx, req.model);
  // The same window checks as training (label window inside the data).
  await resolveTrainRequest(ctx, { label: req.label, asOf: [req.asOf] });
  const onnx = await repo.loadArtefact(model.id, 'onnx');
  if (!onnx) throw new AppError('conflict', `Model ${model.id} has no ONNX artefact.`);
  const session = await loadSession(onnx, model.featureNames.length);
  const baselineIndex = model.featureNames.indexOf(BASELINE_FEATURE);
  const snapshotId = await features.createSnapshot(ctx, req.asOf, ZFeatureSpec.parse(model.spec), 'evaluation');
  const dir = await makeWorkDir('evaluate');
  try {
    await features.computeSnapshot(snapshotId);
    // Probabilities with their labels, and the baseline's ranking score (days since last activity).
    const p = new MatrixWriter(path.join(dir, 'p.f32'), path.join(dir, 'y.u8'), 1);
    const b = new MatrixWriter(path.join(dir, 'b.f32'), null, 1);
    const cols = model.featureNames.length;
    let after = 0n;
    for (;;) {
      const rows = await repo.readLabelledPage(
        { workspaceId: ctx.workspaceId, snapshotId, asOf: req.asOf, label: req.label },
        after,
        PAGE,
      );
      if (!rows.length) break;
      const x = new Float32Array(rows.length * cols);
      rows.forEach((r, i) => r.values.forEach((v, j) => (x[i * cols + j] = v ?? NaN)));
      const probs = await predictProbabilities(session, x, rows.length);
      await p.write(rows.map((r, i) => ({ values: [probs[i]!], label: r.label })));
      await b.write(rows.map((r) => ({ values: [baselineIndex >= 0 ? r.values[baselineIndex]! : null] })));
      after = BigInt(rows[rows.length - 1]!.customer_id);
    }
    await Promise.all([p.close(), b.close()]);
    const evaluation = await runTrainer<Evaluation>({
      version: 1,
      mode: 'evaluate',
      y: p.yPath,
      p: p.xPath,
      baseline: baselineIndex >= 0 ? b.xPath : null,
      rows: p.rows,
      thresholds: DEFAULT_THRESHOLDS,
      output_dir: path.join(dir, 'out'),
    });
    return { model, rows: p.rows, evaluation };
  } finally {
    await features.deleteSnapshots([snapshotId]);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
