import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { resolveUserContext } from '../workspaces/service';
import type { Ctx } from './context';
import { authOptions } from './options';
import type { Permission } from './permissions';

export type SessionView = NonNullable<Awaited<ReturnType<typeof loadSession>>>;

async function loadSession() {
  const session = (await getServerSession(authOptions)) as { uid?: string; wsId?: string | null } | null;
  if (!session?.uid) return null;
  return resolveUserContext(session.uid, session.wsId);
}

/** The signed-in user, their workspaces and the request context; cached for one render. */
export const getSession = cache(loadSession);

/**
 * For pages: signs the visitor in if needed and asks for a permission; a missing one shows the
 * "not allowed" page rather than the content.
 */
export async function requirePage(permission: Permission): Promise<{ ctx: Ctx; session: SessionView }> {
  const session = await getSession();
  if (!session) redirect('/login');
  if (!session.ctx) redirect('/no-workspace');
  if (!session.ctx.permissions.has(permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return { ctx: session.ctx, session };
}
