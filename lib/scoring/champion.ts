import { AppError } from '../errors';
import { FEATURE_SET_VERSION } from '../features/catalog';
import { ZFeatureSpec, type TFeatureSpec } from '../features/spec';
import { findChampion, loadArtefact } from '../ml/repo';
import { loadSession, type ModelSession } from '../ml/onnx';
import { createExplainer, type Explainer, type ModelJson } from './explain';

export type LoadedModel = {
  id: string;
  featureNames: string[];
  spec: TFeatureSpec;
  session: ModelSession;
  explain: Explainer;
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
  const model: LoadedModel = {
    id: champion.id,
    featureNames: champion.featureNames,
    spec: ZFeatureSpec.parse(champion.spec),
    session: await loadSession(onnx, champion.featureNames.length),
    explain: createExplainer(JSON.parse(Buffer.from(trees).toString('utf8')) as ModelJson),
  };
  loaded.set(workspaceId, model);
  return model;
}
