import { sessionRoute } from '@/lib/http/session-route';
import { getImport } from '@/lib/imports/service';

/** One import's status and counters, polled by the progress bar. */
export const GET = sessionRoute<{ id: string }>('imports.write', async (_req, ctx, { id }) =>
  Response.json(await getImport(ctx, id), { headers: { 'cache-control': 'no-store' } }),
);
