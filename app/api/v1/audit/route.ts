import { listAuditLogs } from '@/lib/audit/service';
import { apiRoute, searchParamsOf } from '@/lib/http/api';

/** The audit trail, newest first: `?action=&actor=&entityType=&from=&to=&cursor=&limit=`. */
export const GET = apiRoute('audit.read', async (req, ctx) =>
  Response.json(await listAuditLogs(ctx, searchParamsOf(req))),
);
