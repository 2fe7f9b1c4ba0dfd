import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { findCustomerByExternalId, findSegmentsAndRegions } from '../customers/repo';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { findMembership } from '../workspaces/repo';
import { INSTANT_BY_DEFAULT, RECEIVING_ROLES } from './evaluate';
import { loadReasonRenderer, toAlertItem, type Locale } from './present';
import * as repo from './repo';
import { scheduleAlertDigest } from './schedule';
import { ZInboxQuery, ZMarkRead, ZPreferenceSave, type AlertItem, type PreferenceView } from './schemas';

// What reaches a person: their preference (all alerts or one segment's; at once, daily or not at all), their
// inbox with its unread count, and the workspace's alert lists.

function userOf(ctx: Ctx): string {
  if (ctx.actor.type !== 'user') throw new AppError('forbidden', 'Only a signed-in person has an alert inbox.');
  return ctx.actor.id;
}

function encodeCursor(row: repo.AlertRow): string {
  return Buffer.from(JSON.stringify([row.sort_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new AppError('invalid_input', 'cursor: is not one this list gave out', {
      issues: [{ field: 'cursor', message: 'is not one this list gave out' }],
    });
  }
}

async function present(workspaceId: string, rows: repo.AlertRow[], locale: Locale): Promise<AlertItem[]> {
  const render = await loadReasonRenderer(
    workspaceId,
    rows.map((r) => r.model_id),
  );
  return rows.map((r) => toAlertItem(r, render, locale));
}

/**
 * One page of alerts, newest first. inbox and unread: the alerts that reached me; assigned: open alerts assigned
 * to me; open and all: the whole workspace. `unread` counts my unread inbox whatever the view.
 */
export async function listInbox(
  ctx: Ctx,
  input: unknown,
): Promise<{ items: AlertItem[]; nextCursor: string | null; unread: number }> {
  requirePermission(ctx, 'alerts.read');
  const q = parseInput(ZInboxQuery, input ?? {});
  const personal = q.view === 'inbox' || q.view === 'unread' || q.view === 'assigned';
  const userId = personal ? userOf(ctx) : ctx.actor.type === 'user' ? ctx.actor.id : null;
  const rows = await repo.findAlerts(ctx.workspaceId, userId, {
    view: q.view,
    cursor: q.cursor ? decodeCursor(q.cursor) : null,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const [items, unread] = await Promise.all([
    present(ctx.workspaceId, page, q.locale),
    userId ? repo.countUnreadRows(ctx.workspaceId, userId) : 0,
  ]);
  return { items, nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null, unread };
}

export async function countUnread(ctx: Ctx): Promise<number> {
  requirePermission(ctx, 'alerts.read');
  if (ctx.actor.type !== 'user') return 0;
  return repo.countUnreadRows(ctx.workspaceId, ctx.actor.id);
}

/** Marks some of my alerts, or all of them, read. */
export async function markRead(ctx: Ctx, input: unknown): Promise<{ updated: number }> {
  requirePermission(ctx, 'alerts.read');
  const data = parseInput(ZMarkRead, input);
  const updated = await repo.markRecipientsRead(ctx.workspaceId, userOf(ctx), 'all' in data ? null : data.ids);
  return { updated };
}

/** One alert as the console shows it (after a change), or not_found. */
export async function getAlertItem(ctx: Ctx, alertId: string): Promise<AlertItem> {
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const rows = await repo.findAlerts(ctx.workspaceId, userId, { alertId, limit: 1 });
  if (!rows.length) throw new AppError('not_found', 'No such alert in this workspace.');
  return (await present(ctx.workspaceId, rows, 'en'))[0]!;
}

/** A customer's alerts, newest first (the customer 360 page), by the customer's id in the source system. */
export async function listCustomerAlerts(ctx: Ctx, customerId: string): Promise<AlertItem[]> {
  requirePermission(ctx, 'alerts.read');
  const customer = await findCustomerByExternalId(ctx.workspaceId, String(customerId));
  if (!customer) throw new AppError('not_found', `No customer "${customerId}" in this workspace.`);
  const userId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const rows = await repo.findAlerts(ctx.workspaceId, userId, { customerId: customer.id.toString(), limit: 100 });
  return present(ctx.workspaceId, rows, 'en');
}

/** The segments a preference may name. */
export async function listSegments(ctx: Ctx): Promise<string[]> {
  requirePermission(ctx, 'alerts.read');
  const rows = await findSegmentsAndRegions(ctx.workspaceId);
  return rows.filter((r) => r.kind === 'segment').map((r) => r.value);
}

function defaultPreference(role: string | null) {
  const instant = (INSTANT_BY_DEFAULT as readonly string[]).includes(role ?? '');
  return { segment: null, cadence: instant ? ('instant' as const) : ('off' as const), email: true };
}

/** My alert preference, or the default for my role when I have not chosen. */
export async function getPreference(ctx: Ctx): Promise<PreferenceView> {
  requirePermission(ctx, 'alerts.read');
  const userId = userOf(ctx);
  const [pref, membership] = await Promise.all([
    repo.findPreference(ctx.workspaceId, userId),
    findMembership(ctx.workspaceId, userId),
  ]);
  const role = membership?.role ?? null;
  const receives = (RECEIVING_ROLES as readonly string[]).includes(role ?? '');
  if (!pref) return { ...defaultPreference(role), isDefault: true, receives };
  return { segment: pref.segment, cadence: pref.cadence, email: pref.email, isDefault: false, receives };
}

/** Chooses which alerts reach me (all, or one segment's) and how (at once, a daily digest, or not at all). */
export async function savePreference(ctx: Ctx, input: unknown): Promise<PreferenceView> {
  requirePermission(ctx, 'alerts.read');
  const userId = userOf(ctx);
  const data = parseInput(ZPreferenceSave, input);
  if (data.segment !== null && !(await listSegments(ctx)).includes(data.segment))
    throw new AppError('invalid_input', `segment: no customer is in segment "${data.segment}"`, {
      issues: [{ field: 'segment', message: `no customer is in segment "${data.segment}"` }],
    });
  const before = await getPreference(ctx);
  await repo.upsertPreference(ctx.workspaceId, userId, data);
  if (data.cadence === 'daily') await scheduleAlertDigest(ctx.workspaceId);
  await recordAudit(ctx, {
    action: 'alert.preference',
    entityType: 'user',
    entityId: userId,
    before: { segment: before.segment, cadence: before.cadence, email: before.email },
    after: data,
  });
  return getPreference(ctx);
}
