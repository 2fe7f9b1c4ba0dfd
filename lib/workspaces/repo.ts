import { db, type DbClient } from '../db';
import type { Role } from '../generated/prisma/client';

export function findWorkspaceBySlug(slug: string) {
  return db().workspace.findUnique({ where: { slug } });
}

export function findWorkspaceById(id: string) {
  return db().workspace.findUnique({ where: { id } });
}

export function insertWorkspace(data: { slug: string; name: string; currency: string }) {
  return db().workspace.create({ data });
}

export function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email } });
}

export function findUserById(id: string) {
  return db().user.findUnique({ where: { id } });
}

export function insertUser(data: { email: string; name: string; passwordHash: string }, client: DbClient = db()) {
  return client.user.create({ data });
}

export function updateUser(
  id: string,
  data: { passwordHash?: string; locale?: string; lastLoginAt?: Date; name?: string },
) {
  return db().user.update({ where: { id }, data });
}

export function findMembershipsOfUser(userId: string) {
  return db().membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
}

export function findMembership(workspaceId: string, userId: string) {
  return db().membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
}

export function findMembers(workspaceId: string) {
  return db().membership.findMany({
    where: { workspaceId },
    include: { user: { select: { id: true, email: true, name: true, lastLoginAt: true } } },
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
  });
}

export function insertMembership(data: { workspaceId: string; userId: string; role: Role }, client: DbClient = db()) {
  return client.membership.create({ data });
}

/** Runs `fn` in a transaction holding row locks on the workspace's admin memberships (the last-admin rule). */
export async function withAdminLock<T>(workspaceId: string, fn: (tx: DbClient) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM memberships WHERE workspace_id = ${workspaceId} AND role = 'admin' FOR UPDATE`;
    return fn(tx);
  });
}

export function countAdmins(workspaceId: string, client: DbClient) {
  return client.membership.count({ where: { workspaceId, role: 'admin' } });
}

export function findMembershipInWorkspace(workspaceId: string, id: string, client: DbClient = db()) {
  return client.membership.findFirst({ where: { id, workspaceId }, include: { user: { select: { email: true } } } });
}

export function updateMembershipRole(id: string, role: Role, client: DbClient) {
  return client.membership.update({ where: { id }, data: { role } });
}

export function deleteMembership(id: string, client: DbClient) {
  return client.membership.delete({ where: { id } });
}
