import { randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { hashPassword, verifyPassword } from '../auth/password';
import { permissionsForRole, type RoleName } from '../auth/permissions';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import * as repo from './repo';
import {
  ZCredentials,
  ZLocale,
  ZMemberAdd,
  ZMemberRemove,
  ZMemberRoleChange,
  ZWorkspaceCreate,
  type TLocale,
} from './schemas';

/** Creates a workspace (tenant). Used by the CLI and the seed, which act as the system. */
export async function createWorkspace(input: unknown) {
  const data = parseInput(ZWorkspaceCreate, input);
  if (await repo.findWorkspaceBySlug(data.slug)) {
    throw new AppError('conflict', `A workspace with slug "${data.slug}" already exists.`);
  }
  return repo.insertWorkspace({ slug: data.slug, name: data.name ?? data.slug, currency: data.currency });
}

export async function getWorkspaceBySlug(slug: string) {
  const ws = await repo.findWorkspaceBySlug(slug);
  if (!ws) throw new AppError('not_found', `No workspace with slug "${slug}".`);
  return ws;
}

/**
 * Adds a person to the workspace with a role. A new user gets the given password, or a generated one that is
 * returned once so it can be handed over.
 */
export async function addMember(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'members.write');
  const data = parseInput(ZMemberAdd, input);
  const existing = await repo.findUserByEmail(data.email);
  if (existing && (await repo.findMembership(ctx.workspaceId, existing.id))) {
    throw new AppError('conflict', `${data.email} is already a member of this workspace.`);
  }
  const generated = existing || data.password ? undefined : randomBytes(9).toString('base64url');
  const passwordHash = existing ? undefined : await hashPassword(data.password ?? generated!);
  return repo.withAdminLock(ctx.workspaceId, async (tx) => {
    const user =
      existing ??
      (await repo.insertUser(
        { email: data.email, name: data.name || data.email.split('@')[0]!, passwordHash: passwordHash! },
        tx,
      ));
    const membership = await repo.insertMembership(
      { workspaceId: ctx.workspaceId, userId: user.id, role: data.role },
      tx,
    );
    await recordAudit(
      ctx,
      {
        action: 'member.add',
        entityType: 'membership',
        entityId: membership.id,
        after: { email: user.email, role: data.role },
      },
      tx,
    );
    return {
      membershipId: membership.id,
      userId: user.id,
      email: user.email,
      role: data.role,
      generatedPassword: generated,
    };
  });
}

/** Changes a member's role; the workspace always keeps at least one admin. */
export async function changeMemberRole(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'members.write');
  const data = parseInput(ZMemberRoleChange, input);
  return repo.withAdminLock(ctx.workspaceId, async (tx) => {
    const m = await repo.findMembershipInWorkspace(ctx.workspaceId, data.membershipId, tx);
    if (!m) throw new AppError('not_found', 'No such member in this workspace.');
    if (m.role === data.role) return { membershipId: m.id, role: m.role };
    if (m.role === 'admin' && (await repo.countAdmins(ctx.workspaceId, tx)) <= 1) {
      throw new AppError('conflict', 'The workspace needs at least one admin: make someone else admin first.');
    }
    const updated = await repo.updateMembershipRole(m.id, data.role, tx);
    await recordAudit(
      ctx,
      {
        action: 'member.role_change',
        entityType: 'membership',
        entityId: m.id,
        before: { email: m.user.email, role: m.role },
        after: { email: m.user.email, role: data.role },
      },
      tx,
    );
    return { membershipId: updated.id, role: updated.role };
  });
}

/** Removes a member; never the last admin. */
export async function removeMember(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'members.write');
  const data = parseInput(ZMemberRemove, input);
  return repo.withAdminLock(ctx.workspaceId, async (tx) => {
    const m = await repo.findMembershipInWorkspace(ctx.workspaceId, data.membershipId, tx);
    if (!m) throw new AppError('not_found', 'No such member in this workspace.');
    if (m.role === 'admin' && (await repo.countAdmins(ctx.workspaceId, tx)) <= 1) {
      throw new AppError('conflict', 'The last admin cannot be removed: make someone else admin first.');
    }
    await repo.deleteMembership(m.id, tx);
    await recordAudit(
      ctx,
      {
        action: 'member.remove',
        entityType: 'membership',
        entityId: m.id,
        before: { email: m.user.email, role: m.role },
      },
      tx,
    );
    return { membershipId: m.id };
  });
}

export async function listMembers(ctx: Ctx) {
  requirePermission(ctx, 'members.read');
  const rows = await repo.findMembers(ctx.workspaceId);
  return rows.map((m) => ({
    membershipId: m.id,
    userId: m.user.id,
    email: m.user.email,
    name: m.user.name,
    role: m.role as RoleName,
    joinedAt: m.createdAt,
    lastLoginAt: m.user.lastLoginAt,
  }));
}

/** Checks credentials; returns the user or null. Unknown emails cost the same time as wrong passwords. */
export async function authenticateUser(input: unknown) {
  const parsed = ZCredentials.safeParse(input);
  if (!parsed.success) return null;
  const user = await repo.findUserByEmail(parsed.data.email);
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) return null;
  await repo.updateUser(user.id, { lastLoginAt: new Date() });
  return { id: user.id, email: user.email, name: user.name, locale: user.locale };
}
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function listUserWorkspaces(userId: string) {
  const rows = await repo.findMembershipsOfUser(userId);
  return rows.map((m) => ({
    id: m.workspace.id,
    slug: m.workspace.slug,
    name: m.workspace.name,
    role: m.role as RoleName,
  }));
}

/**
 * Builds the request context for a signed-in user: the requested workspace if they still belong to it, else
 * their first. Role and permissions come from the database on every request, so changes apply at once.
 */
export async function resolveUserContext(userId: string, workspaceId?: string | null) {
  const user = await repo.findUserById(userId);
  if (!user) return null;
  const workspaces = await listUserWorkspaces(userId);
  const current = workspaces.find((w) => w.id === workspaceId) ?? workspaces[0];
  if (!current) return { user, workspaces, ctx: null };
  const ctx: Ctx = {
    workspaceId: current.id,
    workspaceSlug: current.slug,
    actor: { type: 'user', id: user.id, label: user.email },
    permissions: permissionsForRole(current.role),
  };
  return { user, workspaces, current, ctx };
}

export async function userBelongsTo(userId: string, workspaceId: string): Promise<boolean> {
  return Boolean(await repo.findMembership(workspaceId, userId));
}

export async function setUserLocale(userId: string, locale: unknown): Promise<TLocale> {
  const value = parseInput(ZLocale, locale);
  await repo.updateUser(userId, { locale: value });
  return value;
}

/** Creates a user with a membership, or updates their password and role when they exist (CLI `user add`, seed). */
export async function upsertMemberAsSystem(ctx: Ctx, input: unknown) {
  const data = parseInput(ZMemberAdd, input);
  const existing = await repo.findUserByEmail(data.email);
  if (!existing) return addMember(ctx, data);
  if (data.password) await repo.updateUser(existing.id, { passwordHash: await hashPassword(data.password) });
  const m = await repo.findMembership(ctx.workspaceId, existing.id);
  if (!m) return addMember(ctx, data);
  if (m.role !== data.role) await changeMemberRole(ctx, { membershipId: m.id, role: data.role });
  return {
    membershipId: m.id,
    userId: existing.id,
    email: existing.email,
    role: data.role,
    generatedPassword: undefined,
  };
}

export async function getWorkspaceById(id: string) {
  const ws = await repo.findWorkspaceById(id);
  if (!ws) throw new AppError('not_found', `No workspace with id "${id}".`);
  return ws;
}
