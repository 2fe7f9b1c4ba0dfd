import { AppError } from '../errors';
import { PERMISSIONS, type Permission } from './permissions';

export type Actor =
  | { type: 'user'; id: string; label: string }
  | { type: 'api_key'; id: string; label: string }
  | { type: 'system'; id: null; label: string };

/** Who is acting, in which workspace, with what rights. Every service call receives one. */
export type Ctx = {
  workspaceId: string;
  workspaceSlug: string;
  actor: Actor;
  permissions: ReadonlySet<string>;
  requestId?: string;
};

export function can(ctx: Ctx, permission: Permission): boolean {
  return ctx.permissions.has(permission);
}

/** Throws `forbidden` unless the context holds the permission. Services call this first. */
export function requirePermission(ctx: Ctx, permission: Permission): void {
  if (!can(ctx, permission)) throw new AppError('forbidden', `This needs the "${permission}" permission.`);
}

/** Context for trusted local tooling (CLI, seed, workers): every permission, recorded as the system actor. */
export function systemContext(workspaceId: string, workspaceSlug: string, label = 'system'): Ctx {
  return { workspaceId, workspaceSlug, actor: { type: 'system', id: null, label }, permissions: new Set(PERMISSIONS) };
}
