import { z } from 'zod';
import { TIERS } from '../scoring/schemas';

/** The profile fields the dashboard breaks risk down by. */
export const DIMENSIONS = ['segment', 'region', 'channel', 'lifecycle_stage', 'plan'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const AT_RISK_SORTS = ['probability', 'value'] as const;

const optionalText = z.string().trim().max(200).optional().catch(undefined);
const probability = z.coerce.number().min(0, 'must be at least 0').max(1, 'must be at most 1').optional();

/** The at-risk table's filters, sort and page, as they appear in the page URL and the CSV export's. */
export const ZAtRiskQuery = z
  .object({
    tier: z
      .union([z.enum(TIERS), z.array(z.enum(TIERS))])
      .optional()
      .transform((t) => (t === undefined ? undefined : Array.isArray(t) ? t : [t])),
    segment: optionalText,
    region: optionalText,
    tag: optionalText,
    driver: optionalText,
    minP: probability,
    maxP: probability,
    sort: z.enum(AT_RISK_SORTS).default('probability'),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(25),
  })
  .refine((q) => q.minP === undefined || q.maxP === undefined || q.minP <= q.maxP, {
    message: 'must not be above maxP',
    path: ['minP'],
  });
export type TAtRiskQuery = z.infer<typeof ZAtRiskQuery>;

export type Breakdown = { value: string | null; high: number; medium: number; low: number; total: number };

/** What a scoring pass leaves for the dashboard; stored as JSON in dashboard_summaries. */
export const ZSummary = z.object({
  customers: z.number(),
  scored: z.number(),
  tiers: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
  revenueAtRisk: z.number(),
  expectedLoss: z.number(),
  histogram: z.array(z.number()).length(100),
  drivers: z.array(z.object({ feature: z.string(), customers: z.number() })),
  breakdowns: z.record(
    z.string(),
    z.array(
      z.object({
        value: z.string().nullable(),
        high: z.number(),
        medium: z.number(),
        low: z.number(),
        total: z.number(),
      }),
    ),
  ),
  tags: z.array(z.string()),
  modelId: z.string().nullable(),
});
export type TSummary = z.infer<typeof ZSummary>;

/**
 * The champion's evaluation as the targeting simulator needs it: at each threshold t = 0.00 … 1.00, the rows
 * scored at or above it and the churners among them (models/README.md, threshold_curve).
 */
export const ZEvaluation = z.object({
  rows: z.number(),
  positives: z.number(),
  threshold_curve: z.array(z.tuple([z.number(), z.number(), z.number()])),
});
export type TEvaluation = z.infer<typeof ZEvaluation> & { source: 'out_of_time' | 'cv' };
