import { exportAtRiskCsv } from '@/lib/dashboard/service';
import { readAtRiskParams } from '@/lib/dashboard/url';
import { sessionRoute } from '@/lib/http/session-route';
import { getLocale } from '@/lib/i18n/server';
import { logger } from '@/lib/logger';

const encoder = new TextEncoder();

/** The at-risk table with the page's filters as CSV, streamed page by page. */
export const GET = sessionRoute('dashboard.read', async (req, ctx) => {
  const params = readAtRiskParams(new URL(req.url).searchParams);
  const lines = exportAtRiskCsv(ctx, params, await getLocale());
  // The first step checks the filters, so bad input is answered with 400 before any of the file is sent.
  const first = await lines.next();
  const body = new ReadableStream<Uint8Array>({
    // A byte-order mark, so spreadsheet programs read the names and reasons as UTF-8 (Chinese included).
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${first.done ? '' : first.value}`));
    },
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        logger.error('at-risk export failed', { requestId: ctx.requestId, err });
        controller.error(err);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="at-risk-${day}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
