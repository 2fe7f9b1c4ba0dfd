import { Redis } from 'ioredis';
import { getEnv } from './env';
import { logger } from './logger';

const store = globalThis as unknown as { __hfRedis?: Redis };

/** The shared Redis connection (BullMQ producers, rate limits, health). Workers open their own. */
export function redis(): Redis {
  store.__hfRedis ??= createRedis();
  return store.__hfRedis;
}

/** BullMQ needs `maxRetriesPerRequest: null` on connections used by workers. */
export function createRedis(opts: { forWorker?: boolean } = {}): Redis {
  const client = new Redis(getEnv().REDIS_URL, {
    maxRetriesPerRequest: opts.forWorker ? null : 2,
    connectTimeout: 3000,
  });
  // Connection errors surface on the commands that fail (health shows them); logging each retry is noise.
  client.on('error', (err) => logger.debug('redis connection error', { err: err.message }));
  return client;
}

export async function closeRedis(): Promise<void> {
  await store.__hfRedis?.quit().catch(() => {});
  store.__hfRedis = undefined;
}
