import { getEnv } from '../env';
import { AppError } from '../errors';
import { logger } from '../logger';
import { redis } from '../redis';

/**
 * A fixed one-minute window per API key, counted in Redis so every web process shares it. When Redis is
 * unreachable the request goes through: losing the limiter must not take the API down with it.
 */
export async function enforceRateLimit(keyId: string, limit = getEnv().API_RATE_LIMIT_PER_MINUTE): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  const window = Math.floor(nowSec / 60);
  const bucket = `hf:rl:${keyId}:${window}`;
  let count: number;
  try {
    const res = await redis().multi().incr(bucket).expire(bucket, 90).exec();
    count = Number(res?.[0]?.[1] ?? 0);
  } catch (err) {
    logger.warn('rate limiter unavailable, letting the request through', { err: (err as Error).message });
    return;
  }
  if (count > limit) {
    const retryAfter = (window + 1) * 60 - nowSec;
    throw new AppError(
      'rate_limited',
      `Rate limit of ${limit} requests per minute reached for this key; retry in ${retryAfter} s.`,
      { retryAfter },
    );
  }
}
