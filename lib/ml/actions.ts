'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import { parseInput } from '../validation';
import { createTrainingRun, promoteModel, rollbackChampion } from './training';
import { requestSnapshotToday, ZModelRef } from './views';

// The models page's server actions. Each success refreshes every page under /models, since a new run, a promotion
// or a rollback changes both the registry and the model pages.

/** Validates a training request (ZTrainRequest) against the data and queues it; answers the run id. */
export async function trainModelAction(input: unknown) {
  const res = await runAction('models.write', (ctx) => createTrainingRun(ctx, input, { queue: true }));
  if (res.ok) refreshPage('/models', 'layout');
  return res;
}

export async function promoteModelAction(input: unknown) {
  const res = await runAction('models.write', (ctx) => promoteModel(ctx, parseInput(ZModelRef, input).modelId));
  if (res.ok) refreshPage('/models', 'layout');
  return res;
}

export async function rollbackModelAction() {
  const res = await runAction('models.write', (ctx) => rollbackChampion(ctx));
  if (res.ok) refreshPage('/models', 'layout');
  return res;
}

/** Queues a feature snapshot of every customer as of today; progress is polled from /api/models/activity. */
export async function computeFeaturesAction() {
  const res = await runAction('models.write', (ctx) => requestSnapshotToday(ctx));
  if (res.ok) refreshPage('/models', 'layout');
  return res;
}
