import { db, pool } from '../db';
import type { JobStatus, Prisma } from '../generated/prisma/client';
import { withTransaction } from '../ingest/repo';
import { copyInto, formatJson } from '../pg-copy';
import type { Reason, Tier } from './schemas';

// Scores: the latest per customer (customer_scores) and every one given (score_history). Both statements read
// one staged batch: a temp table filled by COPY for the bulk passes, or unnest() of array parameters for the
// few customers of a real-time re-score, where creating a temp table would cost more than the scoring itself.

export type ScoreRow = { customerId: string; probability: number; tier: Tier; reasons: Reason[]; drivers: Reason[] };

const SMALL_BATCH = 1000;
const STAGE_COLUMNS = 'customer_id bigint, probability real, tier "RiskTier", reasons jsonb, drivers jsonb';

function upsertFrom(stage: string) {
  return `INSERT INTO customer_scores (workspace_id, customer_id, model_id, probability, tier, reasons, drivers,
                                       top_driver, scored_at)
       SELECT $1, customer_id, $2, probability, tier, reasons, drivers, reasons->0->>'feature', $3 FROM ${stage}
       ON CONFLICT (workspace_id, customer_id) DO UPDATE SET
         previous_probability = customer_scores.probability, previous_tier = customer_scores.tier,
         previous_drivers = customer_scores.drivers,
         model_id = EXCLUDED.model_id, probability = EXCLUDED.probability, tier = EXCLUDED.tier,
         reasons = EXCLUDED.reasons, drivers = EXCLUDED.drivers, top_driver = EXCLUDED.top_driver,
         scored_at = EXCLUDED.scored_at`;
}

function historyFrom(stage: string) {
  return `INSERT INTO score_history (workspace_id, customer_id, model_id, probability, tier, reasons, scored_at)
       SELECT $1, customer_id, $2, probability, tier, reasons, $3 FROM ${stage}`;
}

/** Writes one batch of scores: upserts the latest (keeping the previous one beside it) and appends history. */
export async function writeScores(workspaceId: string, modelId: string, scoredAt: Date, rows: ScoreRow[]) {
  if (!rows.length) return;
  if (rows.length <= SMALL_BATCH) {
    // One statement, so atomic without a transaction.
    await pool().query(
      `WITH s AS (SELECT * FROM unnest($4::bigint[], $5::real[], $6::"RiskTier"[], $7::jsonb[], $8::jsonb[])
                    AS s(customer_id, probability, tier, reasons, drivers)),
            latest AS (${upsertFrom('s')})
       ${historyFrom('s')}`,
      [
        workspaceId,
        modelId,
        scoredAt,
        rows.map((r) => r.customerId),
        rows.map((r) => r.probability),
        rows.map((r) => r.tier),
        rows.map((r) => JSON.stringify(r.reasons)),
        rows.map((r) => JSON.stringify(r.drivers)),
      ],
    );
    return;
  }
  await withTransaction(async (client) => {
    await client.query(`CREATE TEMP TABLE score_stage (${STAGE_COLUMNS}) ON COMMIT DROP`);
    await copyInto(
      client,
      'COPY score_stage FROM STDIN',
      rows.map(
        (r) => `${r.customerId}\t${r.probability}\t${r.tier}\t${formatJson(r.reasons)}\t${formatJson(r.drivers)}\n`,
      ),
    );
    await client.query(upsertFrom('score_stage'), [workspaceId, modelId, scoredAt]);
    await client.query(historyFrom('score_stage'), [workspaceId, modelId, scoredAt]);
  });
}

/**
 * Sets each scored customer's value: paid spend in the 12 months before `asOf` (0 without purchases), for the
 * whole workspace after a full pass or for the few customers of a real-time re-score. Two statements that stay
 * cheap whatever the planner believes: spend is aggregated from transactions alone and joined to the scores by
 * key, and only customers with a non-zero value are checked for having stopped buying.
 */
export async function refreshValues(workspaceId: string, asOf: Date, customerIds?: string[]) {
  const params = customerIds ? [workspaceId, asOf, customerIds] : [workspaceId, asOf];
  const only = (col: string) => (customerIds ? `AND ${col} = ANY($3::bigint[])` : '');
  const paid = (t: string) => `${t}.workspace_id = $1 AND ${t}.status = 'paid' AND ${t}.amount > 0
        AND ${t}.occurred_at >= $2::timestamptz - interval '365 days' AND ${t}.occurred_at < $2`;
  // Fresh statistics first: right after a first pass the planner would otherwise take customer_scores for empty.
  if (!customerIds) await pool().query('ANALYZE customer_scores');
  await pool().query(
    `UPDATE customer_scores s SET value = v.spend
       FROM (SELECT t.customer_id, sum(t.amount)::real AS spend FROM transactions t
              WHERE ${paid('t')} ${only('t.customer_id')} GROUP BY t.customer_id) v
      WHERE s.workspace_id = $1 AND s.customer_id = v.customer_id AND s.value IS DISTINCT FROM v.spend`,
    params,
  );
  await pool().query(
    `UPDATE customer_scores s SET value = 0
      WHERE s.workspace_id = $1 ${only('s.customer_id')} AND s.value <> 0
        AND NOT EXISTS (SELECT 1 FROM transactions t WHERE ${paid('t')} AND t.customer_id = s.customer_id)`,
    params,
  );
}

/**
 * Drops the current score of every customer who had churned by `asOf` (all of the workspace's, or only these):
 * they are lost, not at risk. Their earlier scores stay in the history. Answers the customers dropped.
 */
export async function deleteChurnedScores(workspaceId: string, asOf: Date, customerIds?: string[]) {
  const { rows } = await pool().query<{ customer_id: string }>(
    `DELETE FROM customer_scores s USING customers c
      WHERE s.workspace_id = $1 AND c.workspace_id = $1 AND c.id = s.customer_id AND c.churned_at <= $2
        ${customerIds ? 'AND s.customer_id = ANY($3::bigint[])' : ''}
      RETURNING s.customer_id::text`,
    customerIds ? [workspaceId, asOf, customerIds] : [workspaceId, asOf],
  );
  return rows.map((r) => r.customer_id);
}

/** Which of these customers had churned by `asOf`. */
export async function findChurned(workspaceId: string, asOf: Date, customerIds: string[]) {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id::text FROM customers WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND churned_at <= $3`,
    [workspaceId, customerIds, asOf],
  );
  return rows.map((r) => r.id);
}

export async function countTiers(workspaceId: string): Promise<Record<Tier, number>> {
  const { rows } = await pool().query<{ tier: Tier; n: number }>(
    'SELECT tier, count(*)::int AS n FROM customer_scores WHERE workspace_id = $1 GROUP BY tier',
    [workspaceId],
  );
  const out: Record<Tier, number> = { high: 0, medium: 0, low: 0 };
  for (const r of rows) out[r.tier] = r.n;
  return out;
}

export async function findCustomerId(workspaceId: string, externalId: string): Promise<bigint | null> {
  const row = await db().customer.findUnique({
    where: { workspaceId_externalId: { workspaceId, externalId } },
    select: { id: true },
  });
  return row?.id ?? null;
}

export async function findScore(workspaceId: string, customerId: bigint) {
  return db().customerScore.findUnique({ where: { workspaceId_customerId: { workspaceId, customerId } } });
}

export async function insertRun(data: { workspaceId: string; trigger: string }) {
  return db().scoreRun.create({ data, select: { id: true } });
}

export async function findRunById(id: string) {
  return db().scoreRun.findUnique({ where: { id } });
}

export async function findRun(workspaceId: string, id: string) {
  return db().scoreRun.findFirst({ where: { workspaceId, id } });
}

export async function updateRun(
  id: string,
  data: Partial<{
    status: JobStatus;
    progress: number;
    modelId: string;
    customers: number;
    tiers: Prisma.InputJsonValue;
    seconds: number;
    error: string | null;
    finishedAt: Date;
  }>,
) {
  await db().scoreRun.update({ where: { id }, data });
}

export async function loadSettings(workspaceId: string) {
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { settings: true } });
  return (ws?.settings ?? {}) as Record<string, unknown>;
}

export async function saveSettings(workspaceId: string, settings: Prisma.InputJsonValue) {
  await db().workspace.update({ where: { id: workspaceId }, data: { settings } });
}

export async function listRuns(workspaceId: string, take: number) {
  return db().scoreRun.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' }, take });
}
