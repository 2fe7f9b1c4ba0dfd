import { z } from 'zod';

export const ZCustomerListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  segment: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(100).optional(),
  cursor: z.string().regex(/^\d+$/, 'cursor must be a number').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type TCustomerListQuery = z.infer<typeof ZCustomerListQuery>;

export const ZCustomerReveal = z.object({ customerId: z.string().trim().min(1).max(200) });
