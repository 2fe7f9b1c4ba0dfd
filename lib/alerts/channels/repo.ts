import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { db, pool } from '../../db';
import type { DeliveryChannel, DeliveryStatus } from '../../generated/prisma/client';
import type { MessageAlertRow } from '../repo';
import type { Cadence } from '../schemas';

// Outbound channels: webhook endpoints, the delivery log, and which inbox rows an email carries. Scoped by workspace.

export function findWebhooks(workspaceId: string) {
  return db().webhookEndpoint.findMany({
    where: { workspaceId },
    orderBy: { createdAt: 'asc' },
    include: {
      deliveries: {
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { status: true, lastAttemptAt: true, responseStatus: true },
      },
    },
  });
}

export function findWebhook(workspaceId: string, id: string) {
  return db().webhookEndpoint.findFirst({ where: { workspaceId, id } });
}

export function findEnabledWebhooks(workspaceId: string) {
  return db().webhookEndpoint.findMany({ where: { workspaceId, enabled: true }, select: { id: true, url: true } });
}

export function insertWebhook(data: {
  workspaceId: string;
  name: string;
  url: string;
  secretEnc: string;
  createdBy: string;
}) {
  return db().webhookEndpoint.create({ data });
}

export function updateWebhookEnabled(id: string, enabled: boolean) {
  return db().webhookEndpoint.update({ where: { id }, data: { enabled } });
}

export async function deleteWebhookRow(workspaceId: string, id: string) {
  await db().webhookEndpoint.deleteMany({ where: { workspaceId, id } });
}

export type NewDelivery = {
  alertId: string | null;
  endpointId: string | null;
  userId: string | null;
  channel: DeliveryChannel;
  kind: string;
  target: string;
  alertIds?: string[];
};

/** Logs messages about to go out (pending); answers their ids in the order given. */
export async function insertDeliveries(
  workspaceId: string,
  rows: NewDelivery[],
  client: pg.PoolClient | pg.Pool = pool(),
): Promise<string[]> {
  if (!rows.length) return [];
  const ids = rows.map(() => randomUUID());
  const col = <K extends keyof NewDelivery>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO alert_deliveries (id, workspace_id, alert_id, endpoint_id, user_id, channel, kind, target, alert_ids)
     SELECT u.id, $1, u.alert_id, u.endpoint_id, u.user_id, u.channel::"DeliveryChannel", u.kind, u.target,
            string_to_array(u.alert_ids, ',')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS u(id, alert_id, endpoint_id, user_id, channel, kind, target, alert_ids)`,
    [
      workspaceId,
      ids,
      col('alertId'),
      col('endpointId'),
      col('userId'),
      col('channel'),
      col('kind'),
      col('target'),
      // Ragged arrays cannot go through unnest(); ids are cuids, which never contain a comma.
      rows.map((r) => (r.alertIds ?? []).join(',')),
    ],
  );
  return ids;
}

/**
 * Messages logged as pending but never tried for `olderThanMs`: their job was lost (Redis down or restarted between
 * the commit and the enqueue). Oldest first, `limit` at a time.
 */
export async function findStrandedDeliveries(olderThanMs: number, limit: number) {
  const { rows } = await pool().query<{ id: string; channel: DeliveryChannel; alert_ids: string[] }>(
    `SELECT id, channel, alert_ids FROM alert_deliveries
      WHERE status = 'pending' AND attempts = 0 AND created_at < now() - make_interval(secs => $1::float8 / 1000)
      ORDER BY created_at LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows;
}

export function findDelivery(id: string) {
  return db().alertDelivery.findUnique({
    where: { id },
    include: { endpoint: { select: { url: true, secretEnc: true, enabled: true } } },
  });
}

/** Records one attempt: counts it and keeps the outcome beside it. */
export async function recordAttempt(
  id: string,
  data: { status: DeliveryStatus; responseStatus: number | null; lastError: string | null; delivered: boolean },
) {
  const now = new Date();
  await db().alertDelivery.updateMany({
    where: { id },
    data: {
      status: data.status,
      responseStatus: data.responseStatus,
      lastError: data.lastError,
      attempts: { increment: 1 },
      lastAttemptAt: now,
      ...(data.delivered ? { deliveredAt: now } : {}),
    },
  });
}

export function findDeliveries(workspaceId: string, limit: number, alertId?: string) {
  return db().alertDelivery.findMany({
    where: { workspaceId, ...(alertId ? { alertId } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
}

export type MessageAlert = MessageAlertRow;

// What an outgoing message may say about an alert: no personal field of the customer is read here at all.
const MESSAGE_COLUMNS = `a.id, a.rule_id, r.kind AS rule_kind, r.name AS rule_name, a.customer_id::text, c.external_id,
  a.status, a.probability, a.previous_probability, a.tier, a.previous_tier, a.reasons, a.model_id, a.created_at`;
const MESSAGE_JOINS = `JOIN alert_rules r ON r.id = a.rule_id
  JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id`;

export async function findMessageAlerts(workspaceId: string, alertIds: string[]): Promise<MessageAlert[]> {
  const { rows } = await pool().query<MessageAlert>(
    `SELECT ${MESSAGE_COLUMNS} FROM alerts a ${MESSAGE_JOINS}
      WHERE a.workspace_id = $1 AND a.id = ANY($2::text[]) ORDER BY a.created_at, a.id`,
    [workspaceId, alertIds],
  );
  return rows;
}

/**
 * The inbox rows an email to a user carries: those of its cadence not yet emailed and created no later than the
 * message was logged (the evaluation that logged it, and any an earlier failed email left behind).
 */
export async function findUnemailed(
  workspaceId: string,
  userId: string,
  cadence: Cadence,
  upTo: Date,
  limit: number,
): Promise<{ total: number; alerts: MessageAlert[] }> {
  const { rows } = await pool().query<MessageAlert & { total: number }>(
    `SELECT ${MESSAGE_COLUMNS}, count(*) OVER ()::int AS total
       FROM alert_recipients me JOIN alerts a ON a.id = me.alert_id ${MESSAGE_JOINS}
      WHERE me.workspace_id = $1 AND me.user_id = $2 AND me.cadence = $3::"AlertCadence"
        AND me.emailed_at IS NULL AND me.created_at <= $4
      ORDER BY a.probability DESC, c.external_id, r.kind, a.id LIMIT $5`,
    [workspaceId, userId, cadence, upTo, limit],
  );
  return { total: rows[0]?.total ?? 0, alerts: rows };
}

/** Marks what an email carried as emailed and the message as sent, together. */
export async function markEmailed(
  workspaceId: string,
  userId: string,
  cadence: Cadence,
  upTo: Date,
  deliveryId: string,
) {
  await db().$transaction([
    db().$executeRaw`UPDATE alert_recipients SET emailed_at = now()
      WHERE workspace_id = ${workspaceId} AND user_id = ${userId} AND cadence = ${cadence}::"AlertCadence"
        AND emailed_at IS NULL AND created_at <= ${upTo}`,
    db().alertDelivery.update({
      where: { id: deliveryId },
      data: {
        status: 'sent',
        attempts: { increment: 1 },
        lastAttemptAt: new Date(),
        deliveredAt: new Date(),
        lastError: null,
      },
    }),
  ]);
}

/** Users with daily alerts not yet emailed, who want email. */
export async function findDigestRecipients(workspaceId: string) {
  const { rows } = await pool().query<{ user_id: string; email: string }>(
    `SELECT DISTINCT me.user_id, u.email
       FROM alert_recipients me JOIN users u ON u.id = me.user_id
       JOIN memberships mb ON mb.workspace_id = me.workspace_id AND mb.user_id = me.user_id
       LEFT JOIN alert_preferences p ON p.workspace_id = me.workspace_id AND p.user_id = me.user_id
      WHERE me.workspace_id = $1 AND me.cadence = 'daily' AND me.emailed_at IS NULL AND coalesce(p.email, true)`,
    [workspaceId],
  );
  return rows;
}

export function findUser(id: string) {
  return db().user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
}

/** Workspaces that have alert rules: each gets a daily digest scheduler. */
export async function findWorkspacesWithRules(): Promise<string[]> {
  const rows = await db().alertRule.findMany({ distinct: ['workspaceId'], select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}
