import { listCustomers } from '@/lib/customers/service';
import { apiRoute, searchParamsOf } from '@/lib/http/api';
import { ingestRoute } from '@/lib/http/ingest-route';

/** Customers, masked, with filters, sorting and cursor pagination (see the OpenAPI document). */
export const GET = apiRoute('customers.read', async (req, ctx) =>
  Response.json(await listCustomers(ctx, searchParamsOf(req))),
);

/** Upserts customers by customer_id: a JSON array or NDJSON of up to 10,000 records. */
export const POST = ingestRoute('customers');
