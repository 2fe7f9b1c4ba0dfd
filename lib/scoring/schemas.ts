import { z } from 'zod';
import { DEFAULT_THRESHOLDS } from '../ml/schemas';

export const TIERS = ['high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];

/** A workspace's tier thresholds: probability ≥ high is high risk, ≥ medium is medium, below is low. */
export const ZTierThresholds = z
  .object({
    high: z.coerce.number().gt(0, 'must be above 0').lt(1, 'must be below 1'),
    medium: z.coerce.number().gt(0, 'must be above 0').lt(1, 'must be below 1'),
  })
  .refine((t) => t.high > t.medium, { message: 'must be above the medium threshold', path: ['high'] });
export type TTierThresholds = z.infer<typeof ZTierThresholds>;

export { DEFAULT_THRESHOLDS };

export const ZReasons = z.array(z.object({ feature: z.string(), value: z.number().nullable(), impact: z.number() }));
export type Reason = z.infer<typeof ZReasons>[number];

/** "Re-score now" on the customer 360: the customer's id in the source system and the reasons' language. */
export const ZRescoreCustomer = z.object({
  customerId: z.string().trim().min(1).max(200),
  locale: z.enum(['en', 'zh']).default('en'),
});
