import { AppError } from '../errors';
import { FEATURE_SET_VERSION } from '../features/catalog';
import { ZFeatureSpec, type TFeatureSpec } from '../features/spec';
import { findChampion, loadArtefact } from '../ml/repo';
import { loadSession, type ModelSession } from '../ml/onnx';
import { createExplainer, type Explainer, type ModelJson } from './explain';
import { createExplainerPool, type ExplainerPool } from './explain-pool';

export type LoadedModel = {
  id: string;
  featureNames: string[];
  spec: TFeatureSpec;
  session: ModelSession;
  explain: Explainer;
  /** Explainer threads for full passes (started on the first batch big enough to need them); see withExplainerPool. */
  pool: ExplainerPool;
  poolUsers: number;
  retired: boolean;
};

// One loaded champion per workspace and process: the ONNX session and explainer are built once and replaced
// when the champion changes (each scoring pass asks the registry for the champion id, so a promotion is seen
// on the next pass without a restart).
const loaded = new Map<string, LoadedModel>();

/** The workspace's champion, ready to score; a clear conflict when there is none or it no longer fits. */
export async function loadChampion(workspaceId: string): Promise<LoadedModel> {
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
  const json = JSON.parse(Buffer.from(trees).toString('utf8')) as ModelJson;
  const model: LoadedModel = {
    id: champion.id,
    featureNames: champion.featureNames,
    spec: ZFeatureSpec.parse(champion.spec),
    session: await loadSession(onnx, champion.featureNames.length),
    explain: createExplainer(json),
    pool: createExplainerPool(json),
    poolUsers: 0,
    retired: false,
  };
  forgetChampion(workspaceId);
  loaded.set(workspaceId, model);
  return model;
}

/** Drops the loaded champion, so the next pass loads it afresh; its threads stop once no pass uses them. */
export function forgetChampion(workspaceId: string) {
  const old = loaded.get(workspaceId);
  loaded.delete(workspaceId);
  if (!old) return;
  old.retired = true;
  if (old.poolUsers === 0) void old.pool.close();
}

/**
 * Runs `work` with the model's explainer threads. A promotion during a long pass replaces the cached champion, but
 * the pass keeps its threads until it ends; a pass that fails drops the champion, so a broken thread is not reused.
 */
export async function withExplainerPool<T>(
  workspaceId: string,
  model: LoadedModel,
  work: (pool: ExplainerPool) => Promise<T>,
) {
  model.poolUsers++;
  try {
    return await work(model.pool);
  } catch (err) {
    if (loaded.get(workspaceId) === model) forgetChampion(workspaceId);
    throw err;
  } finally {
    model.poolUsers--;
    if (model.retired && model.poolUsers === 0) void model.pool.close();
  }
}
