import { getEnv } from '../env';
import { ingestRecords, writePermission } from '../ingest/service';
import type { EntityKind } from '../ingest/types';
import { apiRoute } from './api';
import { parseRecordsBody, readBodyText } from './body';

function flag(url: URL, name: string): boolean {
  return ['1', 'true', 'yes'].includes((url.searchParams.get(name) ?? '').toLowerCase());
}

/**
 * `POST /api/v1/<kind>`: a JSON array (or NDJSON) of up to 10,000 records. Answers 200 with per-record errors
 * when the request itself was well-formed; `?strict=true` stores nothing if any record is bad;
 * `?create_missing_customers=true` creates bare customers for unknown customer_ids.
 */
export function ingestRoute(kind: EntityKind) {
  return apiRoute(writePermission(kind), async (req, ctx) => {
    const url = new URL(req.url);
    const text = await readBodyText(req, getEnv().API_MAX_BODY_MB * 1024 * 1024);
    const { records, malformed } = parseRecordsBody(text, req.headers.get('content-type'));
    const result = await ingestRecords(ctx, kind, records, {
      malformed,
      strict: flag(url, 'strict'),
      createMissingCustomers: flag(url, 'create_missing_customers'),
    });
    return Response.json(result, { status: 200 });
  });
}
