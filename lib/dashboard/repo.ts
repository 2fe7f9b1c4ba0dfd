import { db, pool } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { Tier } from '../scoring/schemas';
import { DIMENSIONS, type Breakdown, type Dimension, type TAtRiskQuery } from './schemas';

// The dashboard's queries. The aggregates over every score run once per scoring pass (computeSummary) and are
// read back as one row; only the at-risk table reads scores live, through the (tier, probability) and (value)
// indexes with keyset pagination, so a page costs an index range scan however many customers there are.

export async function countScores(workspaceId: string) {
  const { rows } = await pool().query<{
    customers: number;
    scored: number;
    high: number;
    medium: number;
    low: number;
    revenue_at_risk: number;
    expected_loss: number;
    model_id: string | null;
  }>(
    `SELECT (SELECT count(*)::int FROM customers WHERE workspace_id = $1) AS customers,
            count(*)::int AS scored,
            count(*) FILTER (WHERE tier = 'high')::int AS high,
            count(*) FILTER (WHERE tier = 'medium')::int AS medium,
            count(*) FILTER (WHERE tier = 'low')::int AS low,
            coalesce(sum(value) FILTER (WHERE tier = 'high'), 0)::float8 AS revenue_at_risk,
            coalesce(sum(probability * value), 0)::float8 AS expected_loss,
            max(model_id) AS model_id
       FROM customer_scores WHERE workspace_id = $1`,
    [workspaceId],
  );
  return rows[0]!;
}

/** All customers of the workspace, scored or not (the dashboard before the first scoring pass). */
export async function countCustomers(workspaceId: string): Promise<number> {
  return db().customer.count({ where: { workspaceId } });
}

export async function hasScores(workspaceId: string): Promise<boolean> {
  return (await db().customerScore.findFirst({ where: { workspaceId }, select: { workspaceId: true } })) !== null;
}

/** Customers per 0.01 of churn probability (100 buckets). */
export async function loadHistogram(workspaceId: string): Promise<number[]> {
  const { rows } = await pool().query<{ b: number; n: number }>(
    `SELECT least(floor(probability * 100)::int, 99) AS b, count(*)::int AS n
       FROM customer_scores WHERE workspace_id = $1 GROUP BY 1`,
    [workspaceId],
  );
  const out = new Array<number>(100).fill(0);
  for (const r of rows) out[r.b] = r.n;
  return out;
}

/** How often each feature is among the reasons of high-risk customers, most frequent first. */
export async function loadHighRiskDrivers(workspaceId: string, limit = 10) {
  const { rows } = await pool().query<{ feature: string; customers: number }>(
    `SELECT r->>'feature' AS feature, count(*)::int AS customers
       FROM customer_scores s CROSS JOIN LATERAL jsonb_array_elements(s.reasons) r
      WHERE s.workspace_id = $1 AND s.tier = 'high'
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $2`,
    [workspaceId, limit],
  );
  return rows;
}

/** Tier counts per value of each dimension, in one pass over the scores. */
export async function loadBreakdowns(workspaceId: string): Promise<Record<Dimension, Breakdown[]>> {
  const { rows } = await pool().query<Breakdown & { dim: Dimension }>(
    `SELECT d.dim, d.val AS value,
            count(*) FILTER (WHERE s.tier = 'high')::int AS high,
            count(*) FILTER (WHERE s.tier = 'medium')::int AS medium,
            count(*) FILTER (WHERE s.tier = 'low')::int AS low,
            count(*)::int AS total
       FROM customer_scores s
       JOIN customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id
      CROSS JOIN LATERAL (VALUES ${DIMENSIONS.map((d) => `('${d}', c.${d})`).join(', ')}) d(dim, val)
      WHERE s.workspace_id = $1
      GROUP BY 1, 2`,
    [workspaceId],
  );
  const out = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as Breakdown[]])) as Record<Dimension, Breakdown[]>;
  for (const { dim, ...b } of rows) out[dim].push(b);
  return out;
}

export async function loadTopTags(workspaceId: string, limit = 50): Promise<string[]> {
  const { rows } = await pool().query<{ tag: string }>(
    `SELECT t AS tag FROM customers c CROSS JOIN LATERAL unnest(c.tags) t
      WHERE c.workspace_id = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT $2`,
    [workspaceId, limit],
  );
  return rows.map((r) => r.tag);
}

export async function saveSummary(workspaceId: string, data: Prisma.InputJsonValue, computedAt: Date) {
  await db().dashboardSummary.upsert({
    where: { workspaceId },
    create: { workspaceId, data, computedAt },
    update: { data, computedAt },
  });
}

export async function findSummary(workspaceId: string) {
  return db().dashboardSummary.findUnique({ where: { workspaceId } });
}

export async function upsertDaily(
  workspaceId: string,
  day: Date,
  counts: Record<Tier, number> & { revenueAtRisk: number },
) {
  const data = { high: counts.high, medium: counts.medium, low: counts.low, revenueAtRisk: counts.revenueAtRisk };
  await db().riskDaily.upsert({
    where: { workspaceId_day: { workspaceId, day } },
    create: { workspaceId, day, ...data },
    update: data,
  });
}

export async function listDaily(workspaceId: string, since: Date) {
  return db().riskDaily.findMany({ where: { workspaceId, day: { gte: since } }, orderBy: { day: 'asc' } });
}

/** The latest daily row on or before `day`, for "vs 7 days earlier". */
export async function findDailyOnOrBefore(workspaceId: string, day: Date) {
  return db().riskDaily.findFirst({ where: { workspaceId, day: { lte: day } }, orderBy: { day: 'desc' } });
}

export type AtRiskRow = {
  customer_id: string;
  external_id: string;
  name_enc: string | null;
  segment: string | null;
  region: string | null;
  tags: string[];
  tier: Tier;
  probability: number;
  previous_probability: number | null;
  value: number;
  reasons: unknown;
  model_id: string;
  scored_at: Date;
  sort_value: number;
};

const SORT_COLUMN = { probability: 's.probability', value: 's.value' } as const;

function atRiskWhere(workspaceId: string, q: TAtRiskQuery) {
  const params: unknown[] = [workspaceId];
  const where = ['s.workspace_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (q.tier?.length) add((n) => `s.tier = ANY($${n}::"RiskTier"[])`, q.tier);
  if (q.segment) add((n) => `c.segment = $${n}`, q.segment);
  if (q.region) add((n) => `c.region = $${n}`, q.region);
  if (q.tag) add((n) => `c.tags @> ARRAY[$${n}]::text[]`, q.tag);
  if (q.driver) add((n) => `s.top_driver = $${n}`, q.driver);
  if (q.minP !== undefined) add((n) => `s.probability >= $${n}`, q.minP);
  if (q.maxP !== undefined) add((n) => `s.probability <= $${n}`, q.maxP);
  return { params, where };
}

const FROM = `FROM customer_scores s JOIN customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id`;

/** One page of scored customers, highest first by the chosen sort; `after` is the previous page's last key. */
export async function findAtRisk(
  workspaceId: string,
  q: TAtRiskQuery,
  sort: TAtRiskQuery['sort'],
  after: [number, string] | null,
  limit: number,
) {
  const { params, where } = atRiskWhere(workspaceId, q);
  const col = SORT_COLUMN[sort];
  if (after) {
    params.push(after[0], after[1]);
    where.push(`(${col}, s.customer_id) < ($${params.length - 1}::real, $${params.length}::bigint)`);
  }
  const { rows } = await pool().query<AtRiskRow>(
    `SELECT s.customer_id::text, c.external_id, c.name_enc, c.segment, c.region, c.tags, s.tier, s.probability,
            s.previous_probability, s.value, s.reasons, s.model_id, s.scored_at, ${col} AS sort_value
       ${FROM} WHERE ${where.join(' AND ')}
      ORDER BY ${col} DESC, s.customer_id DESC LIMIT ${limit}`,
    params,
  );
  return rows;
}

/** How many customers match, counted up to `cap` (a page says "10,000+" rather than scanning a million rows). */
export async function countAtRisk(workspaceId: string, q: TAtRiskQuery, cap: number) {
  const { params, where } = atRiskWhere(workspaceId, q);
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 ${FROM} WHERE ${where.join(' AND ')} LIMIT ${cap + 1}) x`,
    params,
  );
  return rows[0]!.n;
}
