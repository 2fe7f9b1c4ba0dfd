import { redis } from '../redis';
import { pingDatabase } from './repo';

type Check = { status: 'up' | 'down'; latencyMs: number; error?: string };

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  const start = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_r, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { status: 'down', latencyMs: Math.round(performance.now() - start), error: (err as Error).message };
  }
}

/** Database and Redis reachability, each bounded in time so a hung dependency still yields an answer. */
export async function checkHealth() {
  const [database, redisCheck] = await Promise.all([timed(pingDatabase, 2000), timed(() => redis().ping(), 2000)]);
  const ok = database.status === 'up' && redisCheck.status === 'up';
  return {
    status: ok ? 'ok' : 'degraded',
    checks: { database, redis: redisCheck },
    time: new Date().toISOString(),
  } as const;
}
