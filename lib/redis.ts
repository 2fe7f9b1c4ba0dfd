import { Redis } from 'ioredis';
import { getEnv } from './env';

const store = globalThis as unknown as { __hfRedis?: Redis };

/** The shared Redis connection (BullMQ producers, rate limits, health). Workers open their own. */
export function redis(): Redis {
  store.__hfRedis ??= createRedis();
  return store.__hfRedis;
}

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function createRedis(opts: { forWorker?: boolean } = {}): Redis {
  return new Redis(getEnv().REDIS_URL, {
    maxRetriesPerRequest: opts.forWorker ? null : 2,
    enableOfflineQueue: opts.forWorker ?? false,
    lazyConnect: false,
  });
}

export async function closeRedis(): Promise<void> {
  await store.__hfRedis?.quit().catch(() => {});
  store.__hfRedis = undefined;
}
