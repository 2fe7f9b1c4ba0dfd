import { sessionRoute } from '@/lib/http/session-route';
import { listImports } from '@/lib/imports/service';
import { receiveUpload } from '@/lib/imports/upload';

function flag(v: string | null): boolean {
  return v === 'true' || v === '1';
}

/** Upload a file as the raw request body; options travel in the query string. */
export const POST = sessionRoute('imports.write', async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  const options = {
    kind: q.get('kind') ?? '',
    map: q.get('map') || undefined,
    delimiter: q.get('delimiter') || undefined,
    dateFormat: q.get('dateFormat') || undefined,
    createMissingCustomers: flag(q.get('createMissingCustomers')),
    strict: flag(q.get('strict')),
  };
  const imp = await receiveUpload(ctx, req.body, q.get('fileName') ?? '', options);
  return Response.json({ id: imp.id }, { status: 202 });
});

export const GET = sessionRoute('imports.write', async (_req, ctx) => Response.json({ items: await listImports(ctx) }));
