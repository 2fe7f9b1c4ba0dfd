import type pg from 'pg';
import { db, pool } from '../db';
import type { AlertRuleKind, Prisma } from '../generated/prisma/client';
import type { Cadence, InboxView, Outcome, Tier } from './schemas';

// Alerts: rules, the set-based evaluation (one INSERT … SELECT over the batch's scores), the inbox, preferences and
// tasks. Every query is scoped by workspace. Channels (webhooks, emails, the delivery log) live in channels/repo.ts.

export type RuleSpec = { id: string; kind: AlertRuleKind; params: Record<string, unknown> };

export function findRules(workspaceId: string) {
  return db().alertRule.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

export function findRule(workspaceId: string, id: string) {
  return db().alertRule.findFirst({ where: { workspaceId, id } });
}

/** Inserts the first rules of a workspace unless it has some; concurrent first uses create them once. */
export async function insertRulesIfNone(
  workspaceId: string,
  rules: { kind: AlertRuleKind; name: string; params: Prisma.InputJsonValue }[],
) {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext(${`alert-rules:${workspaceId}`}))`;
    if (await tx.alertRule.count({ where: { workspaceId } })) return false;
    await tx.alertRule.createMany({ data: rules.map((r) => ({ ...r, workspaceId })) });
    return true;
  });
}

export function insertRule(data: {
  workspaceId: string;
  kind: AlertRuleKind;
  name: string;
  params: Prisma.InputJsonValue;
  enabled: boolean;
}) {
  return db().alertRule.create({ data });
}

export function updateRule(id: string, data: { name: string; params: Prisma.InputJsonValue; enabled: boolean }) {
  return db().alertRule.update({ where: { id }, data });
}

export async function deleteRuleRow(workspaceId: string, id: string) {
  await db().alertRule.deleteMany({ where: { workspaceId, id } });
}

export function countRuleAlerts(workspaceId: string, ruleId: string) {
  return db().alert.count({ where: { workspaceId, ruleId } });
}

/** The 90th percentile of customers' paid spend over the last 365 days (null without purchases). */
export async function findSpendPercentile(workspaceId: string, fraction: number): Promise<number | null> {
  const { rows } = await pool().query<{ p: number | null }>(
    `SELECT percentile_cont($2::float8) WITHIN GROUP (ORDER BY spend) AS p
       FROM (SELECT sum(amount)::float8 AS spend FROM transactions
              WHERE workspace_id = $1 AND status = 'paid' AND amount > 0 AND occurred_at >= now() - interval '365 days'
              GROUP BY customer_id) s`,
    [workspaceId, fraction],
  );
  return rows[0]?.p ?? null;
}

// Scores are stored as float4, so 0.7 − 0.5 can come out a hair under 0.2; a rise within this of the threshold counts.
const RISE_TOLERANCE = 1e-6;

function ruleCondition(rule: RuleSpec, param: (v: unknown) => string): string {
  switch (rule.kind) {
    case 'entered_high':
      return `s.tier = 'high' AND s.previous_tier IS DISTINCT FROM 'high'`;
    case 'probability_rise':
      return `s.probability - s.previous_probability >= ${param(Number(rule.params.minRise))}::float8 - ${RISE_TOLERANCE}`;
    case 'high_value_at_risk':
      return `s.tier IN ('high', 'medium') AND (
        SELECT coalesce(sum(t.amount), 0) FROM transactions t
         WHERE t.workspace_id = $1 AND t.customer_id = s.customer_id AND t.status = 'paid' AND t.amount > 0
           AND t.occurred_at >= now() - interval '365 days') >= ${param(Number(rule.params.minValue))}::numeric`;
  }
}

export type RecipientSummary = { userId: string; cadence: Cadence; email: boolean; address: string; alerts: number };

/**
 * Opens an alert for each customer of the batch that meets an enabled rule and puts it in the inbox of every member
 * who receives it, in one statement. The unique (workspace, open_key) index keeps one open alert per customer and
 * rule: a repeat hit is skipped. Rows go in key order, so a nightly batch and a real-time call over the same
 * customers wait on each other, never deadlock. Receivers are members of `roles` (those holding alerts.read), by
 * their preference, or without one by role (`instantRoles` get everything at once, the rest nothing). Answers the
 * new alerts and one line per user reached, for the email fan-out.
 */
export async function insertAlerts(
  client: pg.PoolClient,
  workspaceId: string,
  customerIds: string[],
  rules: RuleSpec[],
  receivers: { roles: string[]; instantRoles: string[] },
): Promise<{ alertIds: string[]; reached: RecipientSummary[] }> {
  const params: unknown[] = [workspaceId, customerIds, receivers.roles, receivers.instantRoles];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const hits = rules.map(
    (r) =>
      `SELECT ${param(r.id)}::text AS rule_id, customer_id, probability, previous_probability, tier, previous_tier,
              reasons, model_id FROM s WHERE ${ruleCondition(r, param)}`,
  );
  const { rows } = await client.query<{ alert_ids: string[]; reached: RecipientSummary[] }>(
    `WITH s AS (
       SELECT cs.customer_id, cs.probability, cs.previous_probability, cs.tier, cs.previous_tier, cs.reasons,
              cs.model_id, c.segment
         FROM customer_scores cs JOIN customers c ON c.workspace_id = cs.workspace_id AND c.id = cs.customer_id
        WHERE cs.workspace_id = $1 AND cs.customer_id = ANY($2::bigint[])
     ), hit AS (${hits.join('\nUNION ALL\n')}
     ), ins AS (
       INSERT INTO alerts (id, workspace_id, rule_id, customer_id, open_key, probability, previous_probability, tier,
                           previous_tier, reasons, model_id)
       SELECT gen_random_uuid()::text, $1, rule_id, customer_id, rule_id || ':' || customer_id, probability,
              previous_probability, tier, previous_tier, reasons, model_id
         FROM hit ORDER BY rule_id, customer_id
       ON CONFLICT (workspace_id, open_key) DO NOTHING
       RETURNING id, customer_id
     ), m AS (
       SELECT mb.user_id, p.segment,
              coalesce(p.cadence, (CASE WHEN mb.role::text = ANY($4::text[]) THEN 'instant' ELSE 'off' END)::"AlertCadence") AS cadence,
              coalesce(p.email, true) AS email
         FROM memberships mb
         LEFT JOIN alert_preferences p ON p.workspace_id = mb.workspace_id AND p.user_id = mb.user_id
        WHERE mb.workspace_id = $1 AND mb.role::text = ANY($3::text[])
     ), rec AS (
       INSERT INTO alert_recipients (alert_id, user_id, workspace_id, cadence)
       SELECT ins.id, m.user_id, $1, m.cadence
         FROM ins JOIN s ON s.customer_id = ins.customer_id CROSS JOIN m
        WHERE m.cadence <> 'off' AND (m.segment IS NULL OR m.segment = s.segment)
       RETURNING user_id, cadence
     )
     SELECT (SELECT coalesce(array_agg(id ORDER BY customer_id, id), '{}') FROM ins) AS alert_ids,
            (SELECT coalesce(json_agg(r), '[]') FROM (
               SELECT rec.user_id AS "userId", rec.cadence, bool_and(m.email) AS email, u.email AS address,
                      count(*)::int AS alerts
                 FROM rec JOIN m ON m.user_id = rec.user_id JOIN users u ON u.id = rec.user_id
                GROUP BY rec.user_id, rec.cadence, u.email) r) AS reached`,
    params,
  );
  return { alertIds: rows[0]!.alert_ids, reached: rows[0]!.reached };
}

export function findPreference(workspaceId: string, userId: string) {
  return db().alertPreference.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
}

export function upsertPreference(
  workspaceId: string,
  userId: string,
  data: { segment: string | null; cadence: Cadence; email: boolean },
) {
  return db().alertPreference.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, ...data },
    update: data,
  });
}

/** An alert with its rule and the customer's id in the source system: what every view and message starts from. */
export type MessageAlertRow = {
  id: string;
  rule_id: string;
  rule_kind: AlertRuleKind;
  rule_name: string;
  customer_id: string;
  external_id: string;
  status: 'open' | 'closed';
  probability: number;
  previous_probability: number | null;
  tier: Tier;
  previous_tier: Tier | null;
  reasons: unknown;
  model_id: string | null;
  created_at: Date;
};

export type AlertRow = MessageAlertRow & {
  name_enc: string | null;
  segment: string | null;
  read_at: Date | null;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date | null;
  closed_at: Date | null;
  outcome: string | null;
  outcome_note: string | null;
  sort_at: Date;
};

export type AlertFilter =
  | { view: InboxView; cursor: { at: Date; id: string } | null; limit: number }
  | { customerId: string; limit: number }
  | { alertId: string; limit: 1 };

/**
 * Alerts newest first with what the console shows beside them. The inbox views walk the user's own recipient rows
 * (indexed by user and time); the others walk the workspace's alerts. Keyset cursor on (created_at, id).
 */
export async function findAlerts(workspaceId: string, userId: string | null, f: AlertFilter): Promise<AlertRow[]> {
  const params: unknown[] = [workspaceId, userId];
  const mine = 'view' in f && (f.view === 'inbox' || f.view === 'unread');
  const where = ['a.workspace_id = $1'];
  if ('customerId' in f) {
    params.push(f.customerId);
    where.push(`a.customer_id = $${params.length}::bigint`);
  } else if ('alertId' in f) {
    params.push(f.alertId);
    where.push(`a.id = $${params.length}`);
  } else {
    if (f.view === 'unread') where.push('me.read_at IS NULL');
    if (f.view === 'assigned') where.push(`a.assignee_id = $2 AND a.status = 'open'`);
    if (f.view === 'open') where.push(`a.status = 'open'`);
    if (f.cursor) {
      params.push(f.cursor.at, f.cursor.id);
      const key = mine ? '(me.created_at, me.alert_id)' : '(a.created_at, a.id)';
      where.push(`${key} < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
  }
  const order = mine ? 'me.created_at DESC, me.alert_id DESC' : 'a.created_at DESC, a.id DESC';
  const { rows } = await pool().query<AlertRow>(
    `SELECT a.id, a.rule_id, r.kind AS rule_kind, r.name AS rule_name, a.customer_id::text, c.external_id, c.name_enc,
            c.segment, a.status, a.probability, a.previous_probability, a.tier, a.previous_tier, a.reasons, a.model_id,
            a.created_at, me.read_at, a.assignee_id, u.name AS assignee_name, a.due_at, a.closed_at, a.outcome,
            a.outcome_note, ${mine ? 'me' : 'a'}.created_at AS sort_at
       FROM ${mine ? 'alert_recipients me JOIN alerts a ON a.id = me.alert_id AND me.user_id = $2 AND me.workspace_id = $1' : 'alerts a LEFT JOIN alert_recipients me ON me.alert_id = a.id AND me.user_id = $2'}
       JOIN alert_rules r ON r.id = a.rule_id
       JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
       LEFT JOIN users u ON u.id = a.assignee_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${order} LIMIT ${f.limit}`,
    params,
  );
  return rows;
}

export async function countUnreadRows(workspaceId: string, userId: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM alert_recipients WHERE user_id = $2 AND workspace_id = $1 AND read_at IS NULL`,
    [workspaceId, userId],
  );
  return rows[0]!.n;
}

export async function markRecipientsRead(workspaceId: string, userId: string, alertIds: string[] | null) {
  const { rowCount } = await pool().query(
    `UPDATE alert_recipients SET read_at = now()
      WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL AND ($3::text[] IS NULL OR alert_id = ANY($3))`,
    [workspaceId, userId, alertIds],
  );
  return rowCount ?? 0;
}

export function findAlertTask(workspaceId: string, id: string) {
  return db().alert.findFirst({
    where: { workspaceId, id },
    select: { id: true, status: true, assigneeId: true, dueAt: true, closedAt: true, outcome: true },
  });
}

/** Assigns an open alert; answers false when it is not open (any more). */
export async function updateAssignment(workspaceId: string, id: string, assigneeId: string, dueAt: Date | null) {
  const { count } = await db().alert.updateMany({
    where: { workspaceId, id, status: 'open' },
    data: { assigneeId, dueAt, assignedAt: new Date() },
  });
  return count === 1;
}

/** Closes an open alert and frees its open key, so the rule can open a new one; false when already closed. */
export async function closeOpenAlert(
  workspaceId: string,
  id: string,
  data: { outcome: Outcome; note: string | null; closedBy: string },
) {
  const { count } = await db().alert.updateMany({
    where: { workspaceId, id, status: 'open' },
    data: {
      status: 'closed',
      openKey: null,
      closedAt: new Date(),
      closedBy: data.closedBy,
      outcome: data.outcome,
      outcomeNote: data.note,
    },
  });
  return count === 1;
}

/** Closes the open alerts of these customers as churned, by the system; answers how many it closed. */
export async function closeAlertsAsChurned(workspaceId: string, customerIds: string[], note: string) {
  if (!customerIds.length) return 0;
  const { rowCount } = await pool().query(
    `UPDATE alerts SET status = 'closed', open_key = NULL, closed_at = now(), closed_by = 'system',
                       outcome = 'churned', outcome_note = $3
      WHERE workspace_id = $1 AND status = 'open' AND customer_id = ANY($2::bigint[])`,
    [workspaceId, customerIds, note],
  );
  return rowCount ?? 0;
}
