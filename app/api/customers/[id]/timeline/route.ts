import { sessionRoute } from '@/lib/http/session-route';
import { parseKinds } from '@/lib/timeline/schemas';
import { getCustomerTimeline } from '@/lib/timeline/service';

/** The next page of a customer's timeline (the 360's "Load more"): ?cursor=…&kinds=transaction,ticket&limit=30. */
export const GET = sessionRoute<{ id: string }>('customers.read', async (req, ctx, { id }) => {
  const q = new URL(req.url).searchParams;
  const page = await getCustomerTimeline(ctx, {
    customerId: id,
    cursor: q.get('cursor') || undefined,
    kinds: parseKinds(q.get('kinds')),
    limit: q.get('limit') || undefined,
  });
  return Response.json(page, { headers: { 'cache-control': 'no-store' } });
});
