import { sessionRoute } from '@/lib/http/session-route';
import { getImport, rejectionsCsv } from '@/lib/imports/service';

/** The import's rejected rows as CSV: line, field, reason. */
export const GET = sessionRoute<{ id: string }>('imports.write', async (_req, ctx, { id }) => {
  const imp = await getImport(ctx, id);
  const rows = rejectionsCsv(ctx, id);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(new TextEncoder().encode(next.value));
    },
  });
  const name = `${imp.fileName.replace(/\.[^.]+(\.gz)?$/, '')}-rejected.csv`.replace(/[^\w.-]/g, '_');
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` },
  });
});
