import { sessionRoute } from '@/lib/http/session-route';
import { listScoreRunViews } from '@/lib/scoring/views';

/** The newest scoring runs with their progress, polled by the models page while one is queued or running. */
export const GET = sessionRoute('models.read', async (_req, ctx) =>
  Response.json(await listScoreRunViews(ctx), { headers: { 'cache-control': 'no-store' } }),
);
