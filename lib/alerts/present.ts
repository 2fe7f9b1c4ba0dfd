import { decryptField, maskName } from '../crypto/pii';
import { getEnv } from '../env';
import { describeFeatures } from '../features/service';
import { logger } from '../logger';
import { findModelSpec } from '../ml/repo';
import { renderReasons } from '../scoring/reasons';
import { ZReasons } from '../scoring/schemas';
import type { MessageAlert } from './channels/repo';
import type { AlertRow } from './repo';
import type { AlertItem } from './schemas';

// How an alert reads: its reasons as sentences through the scoring model's feature templates, the customer's name
// masked, and the link back to the console.

export type Locale = 'en' | 'zh';
type RenderedReason = { feature: string; text: string; impact: number };
export type ReasonRenderer = (reasons: unknown, modelId: string | null, locale?: Locale) => RenderedReason[];

/** Loads each model's feature texts once for a page or a message, then renders reasons without queries. */
export async function loadReasonRenderer(workspaceId: string, modelIds: (string | null)[]): Promise<ReasonRenderer> {
  const ids = [...new Set(modelIds.filter((id): id is string => !!id))];
  const specs = new Map<string, ReturnType<typeof describeFeatures>>();
  await Promise.all(
    ids.map(async (id) => {
      const model = await findModelSpec(workspaceId, id);
      if (model) specs.set(id, describeFeatures(model.spec));
    }),
  );
  return (reasons, modelId, locale = 'en') => {
    const parsed = ZReasons.safeParse(reasons);
    if (!parsed.success) return [];
    const rendered = renderReasons(parsed.data, (modelId && specs.get(modelId)) || [], locale);
    return rendered.map(({ feature, text, impact }) => ({ feature, text, impact }));
  };
}

export function appUrl(): string {
  const env = getEnv();
  return (env.APP_URL ?? env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
}

/** The customer's page in the console, by the customer's id in the source system. */
export function customerLink(externalId: string): string {
  return `${appUrl()}/customers/${encodeURIComponent(externalId)}`;
}

/** A webhook URL as logs and the audit show it: no query string, which may carry a token. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export function formatPercent(p: number | null): string {
  return p === null ? '—' : `${Math.round(p * 1000) / 10}%`;
}

function maskedName(sealed: string | null): string {
  if (!sealed) return '';
  try {
    return maskName(decryptField(sealed));
  } catch (err) {
    logger.warn('cannot decrypt a customer name for an alert', { err });
    return '';
  }
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const round = (p: number) => Number(p.toFixed(6));

export function toAlertItem(row: AlertRow, render: ReasonRenderer, locale: Locale = 'en'): AlertItem {
  return {
    id: row.id,
    rule: { id: row.rule_id, kind: row.rule_kind, name: row.rule_name },
    customer: {
      id: row.customer_id,
      externalId: row.external_id,
      name: maskedName(row.name_enc),
      segment: row.segment,
    },
    status: row.status,
    probability: round(row.probability),
    previousProbability: row.previous_probability === null ? null : round(row.previous_probability),
    tier: row.tier,
    previousTier: row.previous_tier,
    reasons: render(row.reasons, row.model_id, locale),
    createdAt: row.created_at.toISOString(),
    readAt: iso(row.read_at),
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    dueAt: iso(row.due_at),
    closedAt: iso(row.closed_at),
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
  };
}

/** An alert as a webhook carries it: the customer only by their id in the source system, never by name. */
export function toMessageAlert(a: MessageAlert, render: ReasonRenderer) {
  return {
    id: a.id,
    rule: { id: a.rule_id, kind: a.rule_kind, name: a.rule_name },
    customer: { externalId: a.external_id },
    status: a.status,
    tier: a.tier,
    previousTier: a.previous_tier,
    probability: round(a.probability),
    previousProbability: a.previous_probability === null ? null : round(a.previous_probability),
    reasons: render(a.reasons, a.model_id),
    createdAt: a.created_at.toISOString(),
    url: customerLink(a.external_id),
  };
}
export type MessageAlertView = ReturnType<typeof toMessageAlert>;
