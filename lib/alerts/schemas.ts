import { z } from 'zod';

// One schema per boundary for alerts: rules, preferences, the inbox, tasks, webhooks and the delivery log. Forms,
// server actions and services all parse with these.

export const RULE_KINDS = ['entered_high', 'probability_rise', 'high_value_at_risk'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const CADENCES = ['instant', 'daily', 'off'] as const;
export type Cadence = (typeof CADENCES)[number];
export const OUTCOMES = ['retained', 'churned', 'unreachable', 'false_alarm', 'no_action'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const INBOX_VIEWS = ['inbox', 'unread', 'assigned', 'open', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export type Tier = 'high' | 'medium' | 'low';

export const DEFAULT_MIN_RISE = 0.2;
const ZId = z.string().trim().min(1, 'is required').max(100);
const ZName = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

/** Rule parameters by kind; probability_rise's minRise is a probability difference (0.2 = 20 points). */
export const ZRuleParams = {
  entered_high: z.object({}).strip(),
  probability_rise: z.object({
    minRise: z.coerce.number().gt(0, 'must be above 0').max(1, 'must be at most 1').default(DEFAULT_MIN_RISE),
  }),
  high_value_at_risk: z.object({
    minValue: z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more'),
  }),
} as const;

const ruleVariant = <K extends RuleKind>(kind: K) =>
  z.object({
    id: ZId.optional(),
    kind: z.literal(kind),
    name: ZName,
    params: ZRuleParams[kind],
    enabled: z.boolean().default(true),
  });

export const ZRuleSave = z.discriminatedUnion(
  'kind',
  [ruleVariant('entered_high'), ruleVariant('probability_rise'), ruleVariant('high_value_at_risk')],
  { error: `must be one of ${RULE_KINDS.join(', ')}` },
);
export type TRuleSave = z.infer<typeof ZRuleSave>;

export const ZRef = z.object({ id: ZId });

export const ZPreferenceSave = z.object({
  segment: z.string().trim().min(1).max(100).nullable().default(null),
  cadence: z.enum(CADENCES, { error: `must be one of ${CADENCES.join(', ')}` }),
  email: z.boolean().default(true),
});
export type TPreference = z.infer<typeof ZPreferenceSave>;

export const ZInboxQuery = z.object({
  view: z.enum(INBOX_VIEWS, { error: `must be one of ${INBOX_VIEWS.join(', ')}` }).default('inbox'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100, 'must be at most 100').default(25),
  locale: z.enum(['en', 'zh']).default('en'),
});
export type TInboxQuery = z.infer<typeof ZInboxQuery>;

export const ZMarkRead = z.union([
  z.object({ all: z.literal(true) }),
  z.object({ ids: z.array(ZId).min(1, 'name at least one alert').max(500) }),
]);

// A due date is a calendar day (due by the end of it) or an exact time; either must not lie in the past.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const ZDueAt = z
  .string()
  .trim()
  .refine((s) => DATE_ONLY.test(s) || !Number.isNaN(Date.parse(s)), 'must be a date (2025-01-31) or a date and time')
  .transform((s) => (DATE_ONLY.test(s) ? new Date(`${s}T23:59:59.999Z`) : new Date(s)))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a real date')
  .refine((d) => d.getTime() >= Date.now() - 60_000, 'must not be in the past');

export const ZAssign = z.object({
  alertId: ZId,
  assigneeId: ZId,
  dueAt: ZDueAt.nullable().optional(),
});

export const ZClose = z.object({
  alertId: ZId,
  outcome: z.enum(OUTCOMES, { error: `must be one of ${OUTCOMES.join(', ')}` }),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
});

export const ZWebhookUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a full URL such as https://example.com/hooks/holdfast' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
    if (url.username || url.password)
      ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password; the signature proves us' });
  });

export const ZWebhookCreate = z.object({ name: ZName, url: ZWebhookUrl });
export const ZWebhookEnabled = z.object({ id: ZId, enabled: z.boolean({ error: 'must be true or false' }) });

export const ZDeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  alertId: ZId.optional(),
});

/** One alert as the console shows it; the customer's name is always masked. */
export type AlertItem = {
  id: string;
  rule: { id: string; kind: RuleKind; name: string };
  customer: { id: string; externalId: string; name: string; segment: string | null };
  status: 'open' | 'closed';
  probability: number;
  previousProbability: number | null;
  tier: Tier;
  previousTier: Tier | null;
  reasons: { feature: string; text: string; impact: number }[];
  createdAt: string;
  readAt: string | null;
  assignee: { id: string; name: string } | null;
  dueAt: string | null;
  closedAt: string | null;
  outcome: string | null;
  outcomeNote: string | null;
};

export type AlertRuleView = {
  id: string;
  kind: RuleKind;
  name: string;
  params: Record<string, number>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
};

export type PreferenceView = TPreference & { isDefault: boolean; receives: boolean };

export type WebhookView = {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  createdBy: string | null;
  createdAt: string;
  lastDelivery: { status: 'pending' | 'sent' | 'failed'; at: string | null; responseStatus: number | null } | null;
};

export type DeliveryView = {
  id: string;
  channel: 'email' | 'webhook';
  kind: string;
  target: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  alertId: string | null;
  endpointId: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
};

export type Assignee = { id: string; name: string; email: string };
