import { createHash } from 'node:crypto';
import { AppError } from '../errors';
import { logger } from '../logger';
import { redis } from '../redis';
import { authenticateUser } from '../workspaces/service';

export const MAX_FAILED_LOGINS = 10;
const WINDOW_SECONDS = 15 * 60;

function bucket(email: unknown): string {
  const normalised = typeof email === 'string' ? email.trim().toLowerCase() : '';
  return `hf:login-fail:${createHash('sha256').update(normalised).digest('hex').slice(0, 32)}`;
}

/**
 * Password sign-in with a brake: after 10 wrong passwords for one email within 15 minutes, further attempts are
 * refused until the window passes, whatever the password. When Redis is unreachable the brake is off rather
 * than locking everyone out.
 */
export async function signInWithPassword(credentials: { email?: unknown; password?: unknown } | undefined) {
  const key = bucket(credentials?.email);
  const failures =
    Number(
      await redis()
        .get(key)
        .catch(() => 0),
    ) || 0;
  if (failures >= MAX_FAILED_LOGINS) {
    const ttl = await redis()
      .ttl(key)
      .catch(() => WINDOW_SECONDS);
    throw new AppError(
      'rate_limited',
      `Too many failed sign-ins; try again in ${Math.ceil(Math.max(ttl, 1) / 60)} min.`,
      {
        retryAfter: ttl,
      },
    );
  }
  const user = await authenticateUser(credentials);
  try {
    if (user) await redis().del(key);
    else await redis().multi().incr(key).expire(key, WINDOW_SECONDS).exec();
  } catch (err) {
    logger.warn('login throttle unavailable', { err: (err as Error).message });
  }
  return user;
}
