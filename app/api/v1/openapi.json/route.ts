import { buildOpenApiDocument } from '@/lib/http/openapi';

/** The OpenAPI 3.1 document, public like any API reference. */
export async function GET(req: Request) {
  return Response.json(buildOpenApiDocument(new URL(req.url).origin), {
    headers: { 'cache-control': 'public, max-age=300' },
  });
}
