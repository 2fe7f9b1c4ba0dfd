import { can } from '@/lib/auth/context';
import { getCustomerProfile } from '@/lib/customers/service';
import { apiRoute } from '@/lib/http/api';

/**
 * One customer's profile and recent history. Personal fields are in clear for a key holding
 * customers.reveal_pii (each reveal is audited; `?reveal=false` keeps them masked), masked for any other key.
 */
export const GET = apiRoute<{ customerId: string }>('customers.read', async (req, ctx, params) => {
  const asked = new URL(req.url).searchParams.get('reveal');
  const reveal = asked === null ? can(ctx, 'customers.reveal_pii') : asked === 'true';
  return Response.json(await getCustomerProfile(ctx, { customerId: params.customerId, reveal }));
});
