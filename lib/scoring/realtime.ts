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
import { retireChurnedCustomers } from './churned';
import * as repo from './repo';
import { getTierThresholds } from './thresholds';

// Real-time re-scoring. Each arrival marks its customers due in a per-workspace sorted set in Redis: due once no
// record about the customer has arrived for REALTIME_DEBOUNCE_MS (a trailing window per customer, so a burst is
// scored once, after its last record), and never later than MAX_WAIT_FACTOR windows after the first, so a steady
// stream about one customer still gets scored. Whichever job holds the workspace's lock scores the due customers
// in batches and waits for the rest; a job that finds the lock taken leaves its customers to the holder. The holder
// checks the set again after releasing the lock, and an arrival marks before it tries the lock, so nothing is
// stranded.

const BATCH = 500;
const LOCK_MS = 30_000;
const MAX_WAIT_FACTOR = 10;
const dueKey = (ws: string) => `hf:rescore:due:${ws}`;
const firstKey = (ws: string) => `hf:rescore:first:${ws}`;
const lockKey = (ws: string) => `hf:rescore:lock:${ws}`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// ARGV: now, window, longest wait, ids. Due = min(now + window, first arrival + longest wait).
const MARK = `
for i = 4, #ARGV do
  local first = redis.call('hget', KEYS[2], ARGV[i])
  if not first then first = ARGV[1]; redis.call('hset', KEYS[2], ARGV[i], first) end
  redis.call('zadd', KEYS[1], math.min(ARGV[1] + ARGV[2], first + ARGV[3]), ARGV[i])
end
return redis.call('zcard', KEYS[1])`;
// ARGV: now, batch size. Takes the customers due by now out of the set; answers them.
const TAKE = `
local due = redis.call('zrangebyscore', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
if #due > 0 then redis.call('zrem', KEYS[1], unpack(due)); redis.call('hdel', KEYS[2], unpack(due)) end
return due`;

/**
 * Scores these customers now from their current records: features on the spot, exact reasons for every tier,
 * then the alerts the new scores call for.
 */
export async function scoreCustomers(workspaceId: string, customerIds: string[]) {
  const model = await loadChampion(workspaceId);
  const scoredAt = new Date();
  const churned = new Set(await repo.findChurned(workspaceId, scoredAt, customerIds));
  if (churned.size) await retireChurnedCustomers(workspaceId, scoredAt, [...churned]);
  const active = customerIds.filter((id) => !churned.has(id));
  if (!active.length) return { scored: 0 };
  const rows = await features.computeCustomerFeatures(workspaceId, model.spec, scoredAt, active);
  if (!rows.length) return { scored: 0 };
  const thresholds = await getTierThresholds(workspaceId);
  const scores = await scoreBatch(model, toMatrix(rows, model.featureNames.length), thresholds, {
    reasons: true,
    exactAll: true,
    timings: emptyTimings(),
  });
  await repo.writeScores(workspaceId, model.id, scoredAt, scores);
  await repo.refreshValues(workspaceId, scoredAt, active);
  await raiseAlerts(workspaceId, scores);
  await enqueueJob('refresh-dashboard', { workspaceId });
  return { scored: scores.length };
}

async function drainPending(workspaceId: string) {
  const r = redis();
  const keys = [dueKey(workspaceId), firstKey(workspaceId)] as const;
  let scored = 0;
  for (;;) {
    const token = randomUUID();
    if ((await r.set(lockKey(workspaceId), token, 'PX', LOCK_MS, 'NX')) !== 'OK') return scored;
    try {
      for (;;) {
        const ids = (await r.eval(TAKE, 2, ...keys, Date.now(), BATCH)) as string[];
        if (ids.length) scored += await scoreQuietly(workspaceId, ids);
        else {
          const [, next] = await r.zrange(keys[0], 0, 0, 'WITHSCORES');
          if (next === undefined) break;
          await sleep(Math.max(1, Number(next) - Date.now()));
        }
        await r.pexpire(lockKey(workspaceId), LOCK_MS);
      }
    } finally {
      await r.eval(RELEASE, 1, lockKey(workspaceId), token);
    }
    if ((await r.zcard(keys[0])) === 0) return scored;
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
  const window = getEnv().REALTIME_DEBOUNCE_MS;
  await redis().eval(
    MARK,
    2,
    dueKey(workspaceId),
    firstKey(workspaceId),
    Date.now(),
    window,
    window * MAX_WAIT_FACTOR,
    ...customerIds,
  );
  return { scored: await drainPending(workspaceId) };
}
