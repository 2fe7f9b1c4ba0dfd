import { pool } from '../db';
import { TIMELINE_KINDS, type TimelineKind } from './schemas';

// The customer 360's history: every record about one customer in one time-ordered list, and the score history.
// Each arm walks its table's (workspace, customer, time) index from the cursor down, so a page reads at most
// `limit` rows per table however long the customer's history is. A kind filter leaves the other arms out.

export type TimelineRow = { kind: TimelineKind; at: Date; key: string; data: unknown };

const ARMS: Record<TimelineKind, string> = {
  event: `SELECT 'event' AS kind, e.occurred_at AS at, 'event:' || e.id AS key,
                 jsonb_build_object('type', e.type, 'value', e.value, 'eventId', e.event_key) AS data
            FROM events e WHERE e.workspace_id = $1 AND e.customer_id = $2`,
  transaction: `SELECT 'transaction' AS kind, t.occurred_at AS at, 'transaction:' || t.id AS key,
                       jsonb_build_object('amount', t.amount, 'currency', t.currency, 'status', t.status,
                                          'transactionId', t.transaction_key) AS data
                  FROM transactions t WHERE t.workspace_id = $1 AND t.customer_id = $2`,
  ticket: `SELECT 'ticket' AS kind, k.opened_at AS at, 'ticket:' || k.id AS key,
                  jsonb_build_object('category', k.category, 'resolvedAt', k.resolved_at,
                                     'satisfaction', k.satisfaction, 'ticketId', k.ticket_key) AS data
             FROM tickets k WHERE k.workspace_id = $1 AND k.customer_id = $2`,
  alert: `SELECT 'alert' AS kind, a.created_at AS at, 'alert:' || a.id AS key,
                 jsonb_build_object('rule', r.name, 'kind', r.kind, 'tier', a.tier, 'probability', a.probability,
                                    'status', a.status, 'outcome', a.outcome) AS data
            FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
           WHERE a.workspace_id = $1 AND a.customer_id = $2`,
};

export async function findTimeline(
  workspaceId: string,
  customerId: bigint,
  before: [Date, string] | null,
  limit: number,
  kinds: readonly TimelineKind[] = TIMELINE_KINDS,
) {
  const params: unknown[] = [workspaceId, customerId.toString(), limit];
  let after = '';
  if (before) {
    params.push(before[0], before[1]);
    after = `AND (at, key) < ($4::timestamptz, $5::text)`;
  }
  const arm = (sql: string) => `(SELECT * FROM (${sql}) a WHERE TRUE ${after} ORDER BY at DESC, key DESC LIMIT $3)`;
  // One kind is its arm alone: Postgres refuses a second ORDER BY after a lone parenthesised select.
  const sql =
    kinds.length === 1
      ? arm(ARMS[kinds[0]!])
      : `${kinds.map((k) => arm(ARMS[k])).join(' UNION ALL ')} ORDER BY at DESC, key DESC LIMIT $3`;
  const { rows } = await pool().query<TimelineRow>(sql, params);
  return rows;
}

export async function findScoreHistory(workspaceId: string, customerId: bigint, limit: number) {
  const { rows } = await pool().query<{
    scored_at: Date;
    probability: number;
    tier: 'high' | 'medium' | 'low';
    reasons: unknown;
    model_id: string;
  }>(
    `SELECT scored_at, probability, tier, reasons, model_id FROM (
       SELECT scored_at, probability, tier, reasons, model_id FROM score_history
        WHERE workspace_id = $1 AND customer_id = $2 ORDER BY scored_at DESC LIMIT $3) h
      ORDER BY scored_at`,
    [workspaceId, customerId.toString(), limit],
  );
  return rows;
}
