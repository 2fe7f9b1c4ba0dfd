import { db, pool } from '../db';
import { AppError } from '../errors';
import type { TCustomerListQuery } from './schemas';

type ListRow = {
  id: string;
  external_id: string;
  name_enc: string | null;
  email_enc: string | null;
  phone_enc: string | null;
  segment: string | null;
  region: string | null;
  plan: string | null;
  tags: string[];
  signup_at: Date | null;
  churned_at: Date | null;
  churned: boolean | null;
  tier: 'high' | 'medium' | 'low' | null;
  probability: number | null;
};

const SORT_COLUMN = { id: 'c.id', customer_id: 'c.external_id', signup_at: 'c.signup_at' } as const;
const CAST = { id: '::bigint', customer_id: '::text', signup_at: '::timestamptz' } as const;

/**
 * Keyset pagination on (sort column, id): each page costs one index range scan however deep, at millions of
 * rows. The cursor carries the last row's sort value and id. A nullable sort column (signup_at) is walked in
 * two sections, rows with a value first and then rows without, each in index order, so NULLs never force a
 * sort of the whole workspace.
 */
export async function findCustomers(workspaceId: string, f: TCustomerListQuery, emailHash?: string) {
  const params: unknown[] = [workspaceId];
  const where = ['c.workspace_id = $1'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.q) {
    params.push(`${f.q.replace(/[\\%_]/g, '\\$&')}%`);
    const like = params.length;
    if (emailHash) {
      params.push(emailHash);
      where.push(`(c.external_id LIKE $${like} OR c.email_hash = $${params.length})`);
    } else where.push(`c.external_id LIKE $${like}`);
  }
  if (f.segment) add((n) => `c.segment = $${n}`, f.segment);
  if (f.region) add((n) => `c.region = $${n}`, f.region);
  if (f.tag) add((n) => `c.tags @> ARRAY[$${n}]::text[]`, f.tag);
  if (f.tier)
    add(
      (n) =>
        `EXISTS (SELECT 1 FROM customer_scores s WHERE s.workspace_id = c.workspace_id AND s.customer_id = c.id AND s.tier = $${n}::"RiskTier")`,
      f.tier,
    );
  if (f.status === 'churned') where.push('(c.churned_at IS NOT NULL OR c.churned)');
  if (f.status === 'active') where.push('(c.churned_at IS NULL AND c.churned IS NOT TRUE)');

  const col = SORT_COLUMN[f.sort];
  const cmp = f.order === 'desc' ? '<' : '>';
  const cursor = f.cursor ? decodeCursor(f.cursor) : null;
  const page = async (section: 'values' | 'nulls', extra: string[], extraParams: unknown[], limit: number) => {
    const all = [...params, ...extraParams];
    const sectionWhere = f.sort === 'signup_at' ? [section === 'values' ? `${col} IS NOT NULL` : `${col} IS NULL`] : [];
    const order = section === 'nulls' ? `c.id ${f.order}` : `${col} ${f.order}, c.id ${f.order}`;
    const { rows } = await pool().query<ListRow & { sort_value: string | null }>(
      `SELECT c.id::text AS id, c.external_id, c.name_enc, c.email_enc, c.phone_enc, c.segment, c.region, c.plan, c.tags,
              c.signup_at, c.churned_at, c.churned, (${col})::text AS sort_value,
              (SELECT s.tier FROM customer_scores s WHERE s.workspace_id = c.workspace_id AND s.customer_id = c.id) AS tier,
              (SELECT s.probability FROM customer_scores s
                WHERE s.workspace_id = c.workspace_id AND s.customer_id = c.id) AS probability
         FROM customers c WHERE ${[...where, ...sectionWhere, ...extra].join(' AND ')}
        ORDER BY ${order} LIMIT ${limit}`,
      all,
    );
    return rows;
  };
  const n = params.length;
  let rows: (ListRow & { sort_value: string | null })[];
  if (cursor && cursor[0] === null) {
    rows = await page('nulls', [`c.id ${cmp} $${n + 1}::bigint`], [cursor[1]], f.limit + 1);
  } else {
    const cond = cursor ? [`(${col}, c.id) ${cmp} ($${n + 1}${CAST[f.sort]}, $${n + 2}::bigint)`] : [];
    rows = await page('values', cond, cursor ? [cursor[0], cursor[1]] : [], f.limit + 1);
    if (f.sort === 'signup_at' && rows.length <= f.limit)
      rows = rows.concat(await page('nulls', [], [], f.limit + 1 - rows.length));
  }
  const shown = rows.slice(0, f.limit);
  const last = shown[shown.length - 1];
  return { rows: shown, nextCursor: rows.length > f.limit && last ? encodeCursor(last.sort_value, last.id) : null };
}

function encodeCursor(value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | null, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (typeof parsed[0] === 'string' || parsed[0] === null) &&
      /^\d+$/.test(String(parsed[1]))
    ) {
      return [parsed[0], String(parsed[1])];
    }
  } catch {
    /* fall through */
  }
  throw new AppError('invalid_input', 'cursor: is not a cursor this API returned');
}

/** The latest records of one customer, for the profile. */
export async function findCustomerHistory(workspaceId: string, customerId: bigint, limit: number) {
  const args = [workspaceId, customerId.toString(), limit];
  const [events, transactions, tickets, totals] = await Promise.all([
    pool().query(
      `SELECT occurred_at, type, value, event_key AS event_id, properties FROM events WHERE workspace_id = $1 AND customer_id = $2 ORDER BY occurred_at DESC LIMIT $3`,
      args,
    ),
    pool().query(
      `SELECT occurred_at, amount::float8 AS amount, currency, status, quantity, payment_method, transaction_key AS transaction_id FROM transactions WHERE workspace_id = $1 AND customer_id = $2 ORDER BY occurred_at DESC LIMIT $3`,
      args,
    ),
    pool().query(
      `SELECT ticket_key AS ticket_id, opened_at, resolved_at, category, satisfaction FROM tickets WHERE workspace_id = $1 AND customer_id = $2 ORDER BY opened_at DESC LIMIT $3`,
      args,
    ),
    pool().query<{
      events: string;
      transactions: string;
      revenue: string | null;
      tickets: string;
      open_tickets: string;
      last_event_at: Date | null;
      last_transaction_at: Date | null;
    }>(
      `SELECT (SELECT count(*) FROM events WHERE workspace_id = $1 AND customer_id = $2) AS events,
              (SELECT max(occurred_at) FROM events WHERE workspace_id = $1 AND customer_id = $2) AS last_event_at,
              (SELECT count(*) FROM transactions WHERE workspace_id = $1 AND customer_id = $2) AS transactions,
              (SELECT max(occurred_at) FROM transactions WHERE workspace_id = $1 AND customer_id = $2) AS last_transaction_at,
              (SELECT sum(amount) FILTER (WHERE status <> 'failed') FROM transactions WHERE workspace_id = $1 AND customer_id = $2) AS revenue,
              (SELECT count(*) FROM tickets WHERE workspace_id = $1 AND customer_id = $2) AS tickets,
              (SELECT count(*) FROM tickets WHERE workspace_id = $1 AND customer_id = $2 AND resolved_at IS NULL) AS open_tickets`,
      [workspaceId, customerId.toString()],
    ),
  ]);
  return { events: events.rows, transactions: transactions.rows, tickets: tickets.rows, totals: totals.rows[0]! };
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

/** Rows with any personal field sealed under another key (fields of one row may differ after partial updates). */
export async function findCustomersWithOldKey(
  workspaceId: string,
  activeKeyId: string,
  afterId: bigint,
  limit: number,
) {
  const { rows } = await pool().query<{
    id: string;
    name_enc: string | null;
    email_enc: string | null;
    phone_enc: string | null;
  }>(
    `SELECT id::text, name_enc, email_enc, phone_enc FROM customers
      WHERE workspace_id = $1 AND id > $2 AND pii_key_id IS NOT NULL
        AND (split_part(coalesce(name_enc, ''), '.', 2) NOT IN ('', $3)
          OR split_part(coalesce(email_enc, ''), '.', 2) NOT IN ('', $3)
          OR split_part(coalesce(phone_enc, ''), '.', 2) NOT IN ('', $3))
      ORDER BY customers.id LIMIT $4`,
    [workspaceId, afterId.toString(), activeKeyId, limit],
  );
  return rows.map((r) => ({ id: BigInt(r.id), nameEnc: r.name_enc, emailEnc: r.email_enc, phoneEnc: r.phone_enc }));
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
    [
      rows.map((r) => r.id.toString()),
      rows.map((r) => r.nameEnc),
      rows.map((r) => r.emailEnc),
      rows.map((r) => r.phoneEnc),
      keyId,
      workspaceId,
    ],
  );
  return res.rowCount ?? 0;
}

export async function countCustomersByKey(
  workspaceId: string,
): Promise<{ key_id: string | null; customers: string }[]> {
  const { rows } = await pool().query(
    `SELECT pii_key_id AS key_id, count(*) AS customers FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 1`,
    [workspaceId],
  );
  return rows;
}
