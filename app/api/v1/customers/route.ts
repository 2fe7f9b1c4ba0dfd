import { listCustomers } from '@/lib/customers/service';
import { apiRoute, searchParamsOf } from '@/lib/http/api';

/** Customers, masked, with cursor pagination: `?q=&segment=&region=&tag=&cursor=&limit=`. */
export const GET = apiRoute('customers.read', async (req, ctx) => Response.json(await listCustomers(ctx, searchParamsOf(req))));
