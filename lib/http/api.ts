import { authenticateApiKey } from '../api-keys/service';
import type { Ctx } from '../auth/context';
import type { Permission } from '../auth/permissions';
import { AppError, isAppError } from '../errors';
import { logger, newRequestId } from '../logger';
import { enforceRateLimit } from './rate-limit';

export function jsonError(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: HeadersInit,
): Response {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status, headers },
  );
}

export function errorResponse(err: unknown, requestId: string): Response {
  if (isAppError(err)) {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    const retryAfter = (err.details as { retryAfter?: number } | undefined)?.retryAfter;
    if (err.code === 'rate_limited' && retryAfter) headers['retry-after'] = String(retryAfter);
    return jsonError(err.status, err.code, err.message, err.details, headers);
  }
  logger.error('request failed', { requestId, err });
  return jsonError(500, 'internal', `Something went wrong (request ${requestId}).`, undefined, {
    'x-request-id': requestId,
  });
}

async function authenticate(req: Request): Promise<Ctx> {
  const header = req.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'Send an API key as "Authorization: Bearer <key>".');
  const ctx = await authenticateApiKey(match[1]!);
  if (!ctx) throw new AppError('unauthenticated', 'The API key is unknown or revoked.');
  return ctx;
}

/**
 * Wraps a `/api/v1` route handler: API-key authentication (401), the permission the route needs (403), and
 * errors answered as `{ error: { code, message, details } }`.
 */
export function apiRoute<P = Record<string, string>>(
  permission: Permission,
  handler: (req: Request, ctx: Ctx, params: P) => Promise<Response>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = newRequestId();
    try {
      const ctx = await authenticate(req);
      if (!ctx.permissions.has(permission)) {
        throw new AppError('forbidden', `This API key lacks the "${permission}" scope.`);
      }
      await enforceRateLimit(ctx.actor.id!);
      const res = await handler(req, { ...ctx, requestId }, await context.params);
      res.headers.set('x-request-id', requestId);
      return res;
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}

export function searchParamsOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
