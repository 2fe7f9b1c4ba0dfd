import { requirePermission, type Ctx } from '../auth/context';
import type { DbClient } from '../db-types';
import type { Prisma } from '../generated/prisma/client';
import { findAuditActions, findAuditLogs, insertAuditLog } from './repo';
import { ZAuditFilter, type TAuditEntry } from './schemas';
import { parseInput } from '../validation';

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** Records who changed what, with before/after values. Pass the transaction the change runs in. */
export async function recordAudit(ctx: Ctx, entry: TAuditEntry, client?: DbClient): Promise<void> {
  await insertAuditLog(
    {
      workspaceId: ctx.workspaceId,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      actorLabel: ctx.actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      requestId: ctx.requestId ?? null,
    },
    client,
  );
}

/** One page of the audit trail, newest first, with a cursor for the next page. */
export async function listAuditLogs(ctx: Ctx, input: unknown) {
  requirePermission(ctx, 'audit.read');
  const filter = parseInput(ZAuditFilter, input);
  const { rows, hasMore } = await findAuditLogs(ctx.workspaceId, filter);
  return {
    items: rows.map((r) => ({ ...r, id: r.id.toString() })),
    nextCursor: hasMore ? rows[rows.length - 1]!.id.toString() : null,
  };
}

export async function listAuditActions(ctx: Ctx): Promise<string[]> {
  requirePermission(ctx, 'audit.read');
  return findAuditActions(ctx.workspaceId);
}
