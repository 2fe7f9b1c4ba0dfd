import { db, pool } from '../db';
import type { Prisma } from '../generated/prisma/client';
import type { TCustomerListQuery } from './schemas';

const LIST_SELECT = {
  id: true,
  externalId: true,
  nameEnc: true,
  emailEnc: true,
  phoneEnc: true,
  segment: true,
  region: true,
  plan: true,
  tags: true,
  signupAt: true,
  churnedAt: true,
} satisfies Prisma.CustomerSelect;

/** Keyset pagination by internal id: constant cost per page however deep, at millions of rows. */
export async function findCustomers(workspaceId: string, f: TCustomerListQuery, emailHash?: string) {
  const where: Prisma.CustomerWhereInput = {
    workspaceId,
    ...(f.q ? { OR: [{ externalId: { startsWith: f.q } }, ...(emailHash ? [{ emailHash }] : [])] } : {}),
    ...(f.segment ? { segment: f.segment } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.tag ? { tags: { has: f.tag } } : {}),
    ...(f.cursor ? { id: { gt: BigInt(f.cursor) } } : {}),
  };
  const rows = await db().customer.findMany({ where, select: LIST_SELECT, orderBy: { id: 'asc' }, take: f.limit + 1 });
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export function findCustomerByExternalId(workspaceId: string, externalId: string) {
  return db().customer.findUnique({ where: { workspaceId_externalId: { workspaceId, externalId } } });
}

export async function findSegmentsAndRegions(workspaceId: string) {
  const { rows } = await pool().query<{ kind: string; value: string }>(
    `SELECT DISTINCT 'segment' AS kind, segment AS value FROM customers WHERE workspace_id = $1 AND segment IS NOT NULL
     UNION SELECT DISTINCT 'region', region FROM customers WHERE workspace_id = $1 AND region IS NOT NULL
     ORDER BY 1, 2 LIMIT 500`,
    [workspaceId],
  );
  return rows;
}

/** Counts and the time span of the workspace's data in one round trip. */
export async function findDataOverview(workspaceId: string) {
  const { rows } = await pool().query<{
    customers: string;
    churned: string;
    events: string;
    transactions: string;
    tickets: string;
    open_tickets: string;
    first_at: Date | null;
    last_at: Date | null;
  }>(
    `SELECT
       (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers,
       (SELECT count(*) FROM customers WHERE workspace_id = $1 AND (churned_at IS NOT NULL OR churned)) AS churned,
       (SELECT count(*) FROM events WHERE workspace_id = $1) AS events,
       (SELECT count(*) FROM transactions WHERE workspace_id = $1) AS transactions,
       (SELECT count(*) FROM tickets WHERE workspace_id = $1) AS tickets,
       (SELECT count(*) FROM tickets WHERE workspace_id = $1 AND resolved_at IS NULL) AS open_tickets,
       (SELECT min(occurred_at) FROM transactions WHERE workspace_id = $1) AS first_at,
       (SELECT max(occurred_at) FROM transactions WHERE workspace_id = $1) AS last_at`,
    [workspaceId],
  );
  return rows[0]!;
}

/** Customers per segment, and monthly revenue over the last 12 months: the overview charts. */
export async function findOverviewSeries(workspaceId: string) {
  const [segments, revenue] = await Promise.all([
    pool().query<{ segment: string; customers: string; churned: string }>(
      `SELECT coalesce(segment, '—') AS segment, count(*) AS customers,
              count(*) FILTER (WHERE churned_at IS NOT NULL OR churned) AS churned
         FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 2 DESC LIMIT 12`,
      [workspaceId],
    ),
    pool().query<{ month: Date; revenue: string; buyers: string }>(
      `WITH last AS (SELECT max(occurred_at) AS t FROM transactions WHERE workspace_id = $1)
       SELECT date_trunc('month', occurred_at) AS month, sum(amount) FILTER (WHERE status <> 'failed') AS revenue,
              count(DISTINCT customer_id) AS buyers
         FROM transactions, last
        WHERE workspace_id = $1 AND occurred_at >= date_trunc('month', last.t) - interval '11 months'
        GROUP BY 1 ORDER BY 1`,
      [workspaceId],
    ),
  ]);
  return { segments: segments.rows, revenue: revenue.rows };
}

export function findCustomersWithOldKey(workspaceId: string, activeKeyId: string, afterId: bigint, limit: number) {
  return db().customer.findMany({
    where: { workspaceId, piiKeyId: { not: activeKeyId }, id: { gt: afterId } },
    select: { id: true, nameEnc: true, emailEnc: true, phoneEnc: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
}

/** Writes a batch of re-encrypted fields in one statement. */
export async function updateEncryptedFields(
  rows: { id: bigint; nameEnc: string | null; emailEnc: string | null; phoneEnc: string | null }[],
  workspaceId: string,
  keyId: string,
): Promise<number> {
  if (!rows.length) return 0;
  const res = await pool().query(
    `UPDATE customers c SET name_enc = u.n, email_enc = u.e, phone_enc = u.p, pii_key_id = $5, updated_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, n, e, p)
      WHERE c.id = u.id AND c.workspace_id = $6`,
    [rows.map((r) => r.id.toString()), rows.map((r) => r.nameEnc), rows.map((r) => r.emailEnc), rows.map((r) => r.phoneEnc), keyId, workspaceId],
  );
  return res.rowCount ?? 0;
}

export async function countCustomersByKey(workspaceId: string): Promise<{ key_id: string | null; customers: string }[]> {
  const { rows } = await pool().query(
    `SELECT pii_key_id AS key_id, count(*) AS customers FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 1`,
    [workspaceId],
  );
  return rows;
}
