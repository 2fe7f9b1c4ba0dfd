import type { Ctx } from '../auth/context';
import type { Permission } from '../auth/permissions';
import { getSession } from '../auth/session';
import { AppError } from '../errors';
import { newRequestId } from '../logger';
import { errorResponse } from './api';

/** Wraps a console route handler (session cookie, not API key): 401 when signed out, 403 without the permission. */
export function sessionRoute<P = Record<string, string>>(
  permission: Permission,
  handler: (req: Request, ctx: Ctx, params: P) => Promise<Response>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      const ctx = (await getSession())?.ctx;
      if (!ctx) throw new AppError('unauthenticated', 'Please sign in.');
      if (!ctx.permissions.has(permission))
        throw new AppError('forbidden', `This needs the "${permission}" permission.`);
      return await handler(req, { ...ctx, requestId }, await context.params);
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
