import { sessionRoute } from '@/lib/http/session-route';
import { listActivity } from '@/lib/ml/views';

/** The newest training runs and feature snapshots with their progress, polled by the models page. */
export const GET = sessionRoute('models.read', async (_req, ctx) =>
  Response.json(await listActivity(ctx), { headers: { 'cache-control': 'no-store' } }),
);
