import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import * as features from '../features/service';
import { findModelSpec } from '../ml/repo';
import { renderReasons } from '../scoring/reasons';
import { ZReasons } from '../scoring/schemas';
import { parseInput } from '../validation';
import { findCustomerByExternalId } from '../customers/repo';
import { findScoreHistory, findTimeline } from './repo';
import { TIMELINE_KINDS, ZTimelineQuery, type TimelineItem, type TimelinePage } from './schemas';

type Locale = 'en' | 'zh';

async function findCustomer(ctx: Ctx, externalId: string) {
  const row = await findCustomerByExternalId(ctx.workspaceId, externalId);
  if (!row) throw new AppError('not_found', `No customer "${externalId}" in this workspace.`);
  return row;
}

function decodeCursor(cursor: string): [Date, string] {
  const [at, key] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (!key || Number.isNaN(when.getTime()))
    throw new AppError('invalid_input', 'cursor: is not a cursor this timeline gave out; start from the newest.');
  return [when, key];
}

/**
 * One customer's events, transactions, tickets and alerts in one list, newest first, page by page; `kinds` keeps
 * only some of them (the cursor of a filtered page continues that filter).
 */
export async function getCustomerTimeline(ctx: Ctx, input: unknown): Promise<TimelinePage> {
  requirePermission(ctx, 'customers.read');
  const q = parseInput(ZTimelineQuery, input);
  const kinds = q.kinds?.length ? TIMELINE_KINDS.filter((k) => q.kinds?.includes(k)) : TIMELINE_KINDS;
  const customer = await findCustomer(ctx, q.customerId);
  const before = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await findTimeline(ctx.workspaceId, customer.id, before, q.limit + 1, kinds);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    // The data object is built in SQL per kind (see the repository), so its shape follows the kind.
    items: page.map((r) => ({ kind: r.kind, at: r.at.toISOString(), key: r.key, data: r.data }) as TimelineItem),
    nextCursor:
      rows.length > q.limit && last ? Buffer.from(`${last.at.toISOString()}|${last.key}`).toString('base64url') : null,
  };
}

/** The customer's scores over time, oldest first, each with its reasons as sentences. */
export async function getScoreHistory(ctx: Ctx, externalId: string, locale: Locale = 'en', limit = 180) {
  requirePermission(ctx, 'customers.read');
  const customer = await findCustomer(ctx, externalId);
  const rows = await findScoreHistory(ctx.workspaceId, customer.id, limit);
  const described = new Map<string, ReturnType<typeof features.describeFeatures>>();
  for (const modelId of new Set(rows.map((r) => r.model_id))) {
    const model = await findModelSpec(ctx.workspaceId, modelId);
    described.set(modelId, model ? features.describeFeatures(model.spec) : []);
  }
  return rows.map((r) => ({
    scoredAt: r.scored_at.toISOString(),
    probability: r.probability,
    tier: r.tier,
    reasons: renderReasons(ZReasons.catch([]).parse(r.reasons ?? []), described.get(r.model_id) ?? [], locale),
  }));
}
