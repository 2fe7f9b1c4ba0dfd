import { apiRoute } from '@/lib/http/api';
import { rescoreCustomerNow } from '@/lib/scoring/service';

/** Re-scores one customer now with exact reasons (through the worker) and answers `{ score }`. */
export const POST = apiRoute<{ customerId: string }>('customers.write', async (_req, ctx, params) =>
  Response.json({ score: await rescoreCustomerNow(ctx, params.customerId) }),
);
