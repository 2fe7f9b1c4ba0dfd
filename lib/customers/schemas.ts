import { z } from 'zod';

export const CUSTOMER_SORTS = ['id', 'customer_id', 'signup_at'] as const;

export const ZCustomerListQuery = z.object({
  q: z.string().trim().max(200).optional().describe('customer_id prefix, or an exact email'),
  segment: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'churned']).optional().describe('active = not churned'),
  tier: z.enum(['high', 'medium', 'low']).optional().describe('risk tier of the latest churn score'),
  sort: z.enum(CUSTOMER_SORTS).default('id').describe('id is the order customers arrived in'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TCustomerListQuery = z.infer<typeof ZCustomerListQuery>;

export const ZCustomerReveal = z.object({ customerId: z.string().trim().min(1).max(200) });
export const ZCustomerGet = z.object({
  customerId: z.string().trim().min(1).max(200),
  reveal: z.boolean().default(false),
  locale: z.enum(['en', 'zh']).default('en').describe('language of the score reasons'),
});
