import { db, type DbClient } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { TAuditFilter } from './schemas';

export type AuditRow = {
  workspaceId: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Prisma.InputJsonValue | undefined;
  after: Prisma.InputJsonValue | undefined;
  requestId: string | null;
};

export async function insertAuditLog(row: AuditRow, client: DbClient = db()): Promise<void> {
  await client.auditLog.create({ data: row });
}

export async function findAuditLogs(workspaceId: string, f: TAuditFilter) {
  const where: Prisma.AuditLogWhereInput = {
    workspaceId,
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.actor ? { actorLabel: { contains: f.actor, mode: 'insensitive' } } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.cursor ? { id: { lt: BigInt(f.cursor) } } : {}),
  };
  const rows = await db().auditLog.findMany({ where, orderBy: { id: 'desc' }, take: f.limit + 1 });
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function findAuditActions(workspaceId: string): Promise<string[]> {
  const rows = await db().auditLog.findMany({
    where: { workspaceId },
    distinct: ['action'],
    select: { action: true },
    orderBy: { action: 'asc' },
  });
  return rows.map((r) => r.action);
}
