import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { getEnv } from '../env';
import { AppError } from '../errors';
import * as features from '../features/service';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { redis } from '../redis';
import { raiseAlerts } from './alerts-hook';
import { emptyTimings, scoreBatch, toMatrix } from './batch';
import { loadChampion } from './champion';
import * as repo from './repo';
import { getTierThresholds } from './thresholds';

// Real-time re-scoring. Each arrival adds its customers to a per-workspace pending set in Redis; whichever job
// holds the workspace's lock drains the set in batches, after a short debounce, so a burst of records about one
// customer is scored once. A job that finds the lock taken leaves its customers to the holder. The holder checks
// the set again after releasing the lock, and an arrival adds before it tries the lock, so nothing is stranded.

const BATCH = 500;
const LOCK_MS = 30_000;
const pendingKey = (ws: string) => `hf:rescore:pending:${ws}`;
const lockKey = (ws: string) => `hf:rescore:lock:${ws}`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Scores these customers now from their current records: features on the spot, exact reasons for every tier,
 * then the alerts the new scores call for.
 */
export async function scoreCustomers(workspaceId: string, customerIds: string[]) {
  const model = await loadChampion(workspaceId);
  const scoredAt = new Date();
  const rows = await features.computeCustomerFeatures(workspaceId, model.spec, scoredAt, customerIds);
  if (!rows.length) return { scored: 0 };
  const thresholds = await getTierThresholds(workspaceId);
  const scores = await scoreBatch(model, toMatrix(rows, model.featureNames.length), thresholds, {
    reasons: true,
    exactAll: true,
    timings: emptyTimings(),
  });
  await repo.writeScores(workspaceId, model.id, scoredAt, scores);
  await repo.refreshValues(workspaceId, scoredAt, customerIds);
  await raiseAlerts(workspaceId, scores);
  await enqueueJob('refresh-dashboard', { workspaceId });
  return { scored: scores.length };
}

async function drainPending(workspaceId: string) {
  const r = redis();
  const debounce = getEnv().REALTIME_DEBOUNCE_MS;
  let scored = 0;
  for (;;) {
    const token = randomUUID();
    if ((await r.set(lockKey(workspaceId), token, 'PX', LOCK_MS, 'NX')) !== 'OK') return scored;
    try {
      for (;;) {
        if (debounce) await sleep(debounce);
        const ids = await r.spop(pendingKey(workspaceId), BATCH);
        if (!ids.length) break;
        scored += await scoreQuietly(workspaceId, ids);
        await r.pexpire(lockKey(workspaceId), LOCK_MS);
      }
    } finally {
      await r.eval(RELEASE, 1, lockKey(workspaceId), token);
    }
    if ((await r.scard(pendingKey(workspaceId))) === 0) return scored;
  }
}

/**
 * A workspace that cannot be scored (no champion yet, a retired feature set) drops its pending customers with a
 * log line: the next full scoring run covers them, and retrying would fail the same way.
 */
async function scoreQuietly(workspaceId: string, ids: string[]) {
  try {
    return (await scoreCustomers(workspaceId, ids)).scored;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    logger.debug('real-time re-scoring skipped', { workspaceId, reason: err.message });
    return 0;
  }
}

/** Whether a job is draining this workspace's pending customers right now. */
export async function isDraining(workspaceId: string) {
  return (await redis().exists(lockKey(workspaceId))) === 1;
}

/** The customers-changed hook: queue these customers for re-scoring and drain the queue if nobody else is. */
export async function rescoreChanged(workspaceId: string, customerIds: string[]) {
  if (!customerIds.length) return { scored: 0 };
  await redis().sadd(pendingKey(workspaceId), ...customerIds);
  return { scored: await drainPending(workspaceId) };
}
