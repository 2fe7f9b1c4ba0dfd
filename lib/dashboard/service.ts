import { requirePermission, type Ctx } from '../auth/context';
import { presentPii } from '../customers/service';
import { AppError } from '../errors';
import * as features from '../features/service';
import { enqueueJob } from '../jobs/enqueue';
import { logger } from '../logger';
import { findChampion, findModelSpec } from '../ml/repo';
import { renderReasons } from '../scoring/reasons';
import { TIERS, ZReasons, type Tier } from '../scoring/schemas';
import { getTierThresholds } from '../scoring/thresholds';
import { parseInput } from '../validation';
import { getWorkspaceById } from '../workspaces/service';
import * as repo from './repo';
import { ZAtRiskQuery, ZEvaluation, ZSummary, type TAtRiskQuery, type TEvaluation } from './schemas';

const DAY = 86_400_000;
const TREND_DAYS = 90;
const COUNT_CAP = 1_000;

type Locale = 'en' | 'zh';
type FeatureText = ReturnType<typeof features.describeFeatures>[number];

const startOfDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY);

/** A driver's name in words: its reason sentence with the value left open ("no activity in the last N days"). */
function driverLabel(feature: string, described: FeatureText[], locale: Locale) {
  const f = described.find((d) => d.name === feature);
  return f ? f.reason[locale].replace('{value}', 'N') : feature;
}

async function describeModel(workspaceId: string, modelId: string | null): Promise<FeatureText[]> {
  const model = modelId ? await findModelSpec(workspaceId, modelId) : null;
  return model ? features.describeFeatures(model.spec) : [];
}

/**
 * Recomputes the dashboard's aggregates from every current score and records today's tier counts. Runs after
 * each scoring pass and, debounced, after real-time re-scores.
 */
export async function refreshDashboard(workspaceId: string, now = new Date()) {
  const [counts, histogram, drivers, breakdowns, tags] = await Promise.all([
    repo.countScores(workspaceId),
    repo.loadHistogram(workspaceId),
    repo.loadHighRiskDrivers(workspaceId),
    repo.loadBreakdowns(workspaceId),
    repo.loadTopTags(workspaceId),
  ]);
  const summary = ZSummary.parse({
    customers: counts.customers,
    scored: counts.scored,
    tiers: { high: counts.high, medium: counts.medium, low: counts.low },
    revenueAtRisk: counts.revenue_at_risk,
    expectedLoss: counts.expected_loss,
    histogram,
    drivers,
    breakdowns,
    tags,
    modelId: counts.model_id,
  });
  await repo.saveSummary(workspaceId, summary, now);
  if (counts.scored)
    await repo.upsertDaily(workspaceId, startOfDay(now), { ...summary.tiers, revenueAtRisk: summary.revenueAtRisk });
  return summary;
}

/** Whether tier counts were recorded before `day` (the demo backfills its history only once). */
export async function hasHistoryBefore(workspaceId: string, day: Date) {
  return (await repo.findDailyOnOrBefore(workspaceId, day)) !== null;
}

// Out-of-time first: it scores later customers than the model saw, as the simulator's question does. Models
// trained before the trainer wrote threshold_curve have neither; the page says so.
function readEvaluation(metrics: unknown): TEvaluation | null {
  const m = (metrics ?? {}) as Record<string, unknown>;
  for (const source of ['out_of_time', 'cv'] as const) {
    const parsed = ZEvaluation.safeParse(m[source]);
    if (parsed.success) return { source, ...parsed.data };
  }
  return null;
}

/**
 * Scores written before the dashboard existed (or whose summary was lost) have no aggregates: queue the throttled
 * refresh, so the figures appear within minutes instead of after the next scoring run. Answers whether it did.
 */
async function healMissingSummary(workspaceId: string): Promise<boolean> {
  if (!(await repo.hasScores(workspaceId))) return false;
  await enqueueJob('refresh-dashboard', { workspaceId }).catch((err: unknown) =>
    logger.warn('dashboard refresh not queued', { workspaceId, err: (err as Error).message }),
  );
  return true;
}

/**
 * Everything the risk dashboard shows except the at-risk table. `summary` is null before the first scoring, and
 * while the aggregates of existing scores are being computed (`pending`).
 */
export async function getDashboard(ctx: Ctx, locale: Locale = 'en') {
  requirePermission(ctx, 'dashboard.read');
  const [stored, ws, thresholds, champion] = await Promise.all([
    repo.findSummary(ctx.workspaceId),
    getWorkspaceById(ctx.workspaceId),
    getTierThresholds(ctx.workspaceId),
    findChampion(ctx.workspaceId),
  ]);
  const summary = stored ? ZSummary.parse(stored.data) : null;
  const today = startOfDay(stored?.computedAt ?? new Date());
  const [trend, weekAgo, described, customers, pending] = await Promise.all([
    repo.listDaily(ctx.workspaceId, new Date(today.getTime() - TREND_DAYS * DAY)),
    repo.findDailyOnOrBefore(ctx.workspaceId, new Date(today.getTime() - 7 * DAY)),
    describeModel(ctx.workspaceId, summary?.modelId ?? null),
    // Before the first scoring the page still needs to know whether there is data to train on.
    summary ? summary.customers : repo.countCustomers(ctx.workspaceId),
    summary ? false : healMissingSummary(ctx.workspaceId),
  ]);
  return {
    currency: ws.currency,
    customers,
    pending,
    thresholds,
    computedAt: stored?.computedAt.toISOString() ?? null,
    summary: summary && {
      ...summary,
      drivers: summary.drivers.map((d) => ({ ...d, label: driverLabel(d.feature, described, locale) })),
    },
    weekAgo: weekAgo && {
      day: weekAgo.day.toISOString().slice(0, 10),
      high: weekAgo.high,
      medium: weekAgo.medium,
      low: weekAgo.low,
      revenueAtRisk: weekAgo.revenueAtRisk,
    },
    trend: trend.map((d) => ({ day: d.day.toISOString().slice(0, 10), high: d.high, medium: d.medium, low: d.low })),
    drivers: described.map((f) => ({ feature: f.name, label: driverLabel(f.name, described, locale) })),
    simulator: champion
      ? {
          modelId: champion.id,
          algorithm: champion.algorithm,
          trainedAt: champion.trainedAt.toISOString(),
          evaluation: readEvaluation(champion.metrics),
        }
      : null,
  };
}

function encodeCursor(key: [number, string]) {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && typeof key[0] === 'number' && /^\d+$/.test(String(key[1])))
      return [key[0], String(key[1])];
  } catch {
    /* reported below */
  }
  throw new AppError('invalid_input', 'cursor: is not a cursor this list gave out; start from the first page.');
}

/**
 * How many customers match. Counting a million rows per page view is what made the table slow, so the count comes
 * from the dashboard aggregates when the filter is only tiers and at most one of segment or region (exact as of
 * the last scoring pass), and is otherwise counted live up to 1,000 ("1,000+").
 */
async function countMatches(workspaceId: string, q: TAtRiskQuery): Promise<{ total: number; capped: boolean }> {
  const dims = [q.segment !== undefined, q.region !== undefined].filter(Boolean).length;
  const other = q.tag || q.driver || q.minP !== undefined || q.maxP !== undefined;
  const stored = !other && dims <= 1 ? await repo.findSummary(workspaceId) : null;
  if (stored) {
    const summary = ZSummary.parse(stored.data);
    const tiers: readonly Tier[] = q.tier ?? TIERS;
    const value = q.segment ?? q.region;
    const rows: Record<Tier, number>[] =
      value === undefined
        ? [summary.tiers]
        : (summary.breakdowns[q.segment !== undefined ? 'segment' : 'region'] ?? []).filter((b) => b.value === value);
    const total = rows.reduce((n, r) => n + tiers.reduce((m, t) => m + r[t], 0), 0);
    return { total, capped: false };
  }
  const total = await repo.countAtRisk(workspaceId, q, COUNT_CAP);
  return { total: Math.min(total, COUNT_CAP), capped: total > COUNT_CAP };
}

/** One page of the at-risk table (masked names) and, on the first page, how many customers match. */
export async function listAtRisk(ctx: Ctx, input: unknown, locale: Locale = 'en') {
  requirePermission(ctx, 'dashboard.read');
  const q = parseInput(ZAtRiskQuery, input);
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const [rows, total] = await Promise.all([
    repo.findAtRisk(ctx.workspaceId, q, q.sort, after, q.limit + 1),
    after ? Promise.resolve(null) : countMatches(ctx.workspaceId, q),
  ]);
  const page = rows.slice(0, q.limit);
  const described = new Map<string, FeatureText[]>();
  for (const modelId of new Set(page.map((r) => r.model_id)))
    described.set(modelId, await describeModel(ctx.workspaceId, modelId));
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      customerId: r.external_id,
      name: presentPii({ nameEnc: r.name_enc, emailEnc: null, phoneEnc: null }, false).name,
      segment: r.segment,
      region: r.region,
      tags: r.tags,
      tier: r.tier,
      probability: r.probability,
      previousProbability: r.previous_probability,
      value: r.value,
      reasons: renderReasons(ZReasons.catch([]).parse(r.reasons), described.get(r.model_id) ?? [], locale),
      scoredAt: r.scored_at.toISOString(),
    })),
    total: total?.total ?? null,
    totalCapped: total?.capped ?? false,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.sort_value, last.customer_id]) : null,
  };
}

const CSV_COLUMNS = [
  'customer_id',
  'name',
  'segment',
  'region',
  'tags',
  'tier',
  'probability',
  'previous_probability',
  'value',
  'reasons',
  'scored_at',
];

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed, and defuse cells a spreadsheet would run as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The at-risk table with the same filters as CSV lines (header first), read page by page. */
export async function* exportAtRiskCsv(ctx: Ctx, input: unknown, locale: Locale = 'en') {
  requirePermission(ctx, 'dashboard.read');
  const base = parseInput(ZAtRiskQuery, input);
  yield CSV_COLUMNS.join(',') + '\n';
  let cursor: string | undefined;
  do {
    const page = await listAtRisk(ctx, { ...base, tier: base.tier, cursor, limit: 200 }, locale);
    yield page.items
      .map(
        (i) =>
          [
            i.customerId,
            i.name,
            i.segment,
            i.region,
            i.tags.join(' '),
            i.tier,
            i.probability.toFixed(4),
            i.previousProbability?.toFixed(4),
            i.value.toFixed(2),
            i.reasons.map((r) => r.text).join('; '),
            i.scoredAt,
          ]
            .map(csvCell)
            .join(',') + '\n',
      )
      .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
