import { getCustomerProfile } from '@/lib/customers/service';
import { apiRoute } from '@/lib/http/api';

/**
 * One customer's profile and recent history. Personal fields are masked unless the key holds
 * customers.reveal_pii and asks with `?reveal=true` (each reveal is audited).
 */
export const GET = apiRoute<{ customerId: string }>('customers.read', async (req, ctx, params) => {
  const reveal = new URL(req.url).searchParams.get('reveal') === 'true';
  return Response.json(await getCustomerProfile(ctx, { customerId: decodeURIComponent(params.customerId), reveal }));
});
