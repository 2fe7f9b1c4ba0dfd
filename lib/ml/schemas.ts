import { z } from 'zod';

export const LABEL_KINDS = ['inactivity', 'cancellation', 'column'] as const;
export const ALGORITHMS = ['xgboost', 'rf', 'logreg'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** The tier thresholds until the workspace sets its own (issue: scoring). */
export const DEFAULT_THRESHOLDS = { high: 0.8, medium: 0.5 } as const;

const ZDay = z.coerce.date({ error: 'expected a date such as 2024-01-31' });
const ZDayList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(ZDay).min(1, 'give at least one date').max(12, 'at most 12 snapshot dates'),
);

/** How churn is defined for a model (DATA_CONTRACT.md, "Churn definitions"). */
export const ZLabelSpec = z.object({
  kind: z.enum(LABEL_KINDS),
  horizonDays: z.coerce.number().int().min(7, 'at least 7 days').max(730, 'at most 730 days').default(90),
  // inactivity: events of these types also count as activity (purchases always do).
  activityEventTypes: z.array(z.string().min(1).max(100)).max(20).default([]),
  // cancellation: the event type that means "cancelled", besides churned_at.
  cancelEventType: z.string().min(1).max(100).default('cancel'),
});
export type TLabelSpec = z.infer<typeof ZLabelSpec>;

/** One training request: from the console, the CLI or the train job. */
export const ZTrainRequest = z.object({
  label: ZLabelSpec,
  asOf: ZDayList.optional(),
  evalAsOf: ZDay.optional(),
  algorithm: z.enum(['auto', ...ALGORITHMS]).default('auto'),
  promote: z.boolean().default(false),
});
export type TTrainRequest = z.infer<typeof ZTrainRequest>;

export const ZEvaluateRequest = z.object({
  model: z.string().min(1),
  label: ZLabelSpec,
  asOf: ZDay,
});
export type TEvaluateRequest = z.infer<typeof ZEvaluateRequest>;

/** The stored shape of a training run's parameters, once defaults are resolved. */
export const ZRunParams = z.object({
  label: ZLabelSpec,
  asOf: z.array(z.string()),
  evalAsOf: z.string().nullable(),
  algorithm: z.enum(['auto', ...ALGORITHMS]),
  promote: z.boolean(),
  requestedBy: z.string(),
});
export type TRunParams = z.infer<typeof ZRunParams>;
