import { AsyncLocalStorage } from 'node:async_hooks';
import { isAppError } from '../errors';
import { logger, newRequestId } from '../logger';
import type { Ctx } from './context';
import type { Permission } from './permissions';

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

// Lets trusted server-side callers (tests of the permission matrix) run a server action as a given actor; no
// request can set it. Without it the actor comes from the session cookie.
const actorStore = new AsyncLocalStorage<Ctx | null>();

export function runAsActor<T>(ctx: Ctx | null, fn: () => Promise<T>): Promise<T> {
  return actorStore.run(ctx, fn);
}

async function resolveActor(): Promise<Ctx | null> {
  const stored = actorStore.getStore();
  if (stored !== undefined) return stored;
  const { getSession } = await import('./session');
  return (await getSession())?.ctx ?? null;
}

/**
 * The adapter every server action goes through: resolve the actor, check the permission, call the service,
 * and turn errors into a result the form can show. Services validate the input with their zod schema.
 */
export async function runAction<T>(permission: Permission, fn: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  const requestId = newRequestId();
  try {
    const ctx = await resolveActor();
    if (!ctx) return { ok: false, error: { code: 'unauthenticated', message: 'Please sign in again.' } };
    if (!ctx.permissions.has(permission)) {
      return { ok: false, error: { code: 'forbidden', message: `This needs the "${permission}" permission.` } };
    }
    return { ok: true, data: await fn({ ...ctx, requestId }) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
    logger.error('server action failed', { requestId, err });
    return { ok: false, error: { code: 'internal', message: `Something went wrong (request ${requestId}).` } };
  }
}
