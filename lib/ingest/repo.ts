import type pg from 'pg';
import { pool } from '../db';
import { copyInto, escapeCopy, formatDate, formatJson, formatNullable, formatTextArray } from '../pg-copy';
import type { NormalizedCustomer, NormalizedEvent, NormalizedTicket, NormalizedTransaction, RowError } from './types';

// Set-based writes for ingestion: each batch is COPYed into a temporary staging table, then merged into the
// real table with one INSERT … SELECT … ON CONFLICT per kind. Never one statement per row.

export type Staged<T> = { line: number; key: string; record: T };
/** Personal fields already sealed by the service (the repository never sees keys). */
export type SealedCustomer = NormalizedCustomer & {
  nameEnc: string | null;
  emailEnc: string | null;
  phoneEnc: string | null;
  piiKeyId: string | null;
  emailHash: string | null;
  piiDigest: string | null;
};

export type BatchOutcome = {
  inserted: number;
  updated: number;
  skipped: number;
  rejected: RowError[];
  createdCustomers: number;
  /** Internal ids of customers whose data changed, for the real-time hook. */
  customerIds: string[];
};

/**
 * Runs `fn` on one connection inside a transaction; the connection is dropped, not reused, after a failure.
 * Commits do not wait for the WAL flush: a crash can lose only the last few batches, and it loses their import
 * checkpoint with them (same transaction), so the import redoes exactly those.
 */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN; SET LOCAL synchronous_commit = off');
    const result = await fn(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

function unknownCustomer(line: number, id: string): RowError {
  return {
    line,
    field: 'customer_id',
    reason: `unknown customer "${id}": import it first, or use --create-missing-customers`,
  };
}

async function stageChildren(client: pg.PoolClient, table: string, columns: string, lines: Iterable<string>) {
  // Dropped first because a strict import runs many batches in one transaction.
  await client.query(`DROP TABLE IF EXISTS ${table}; CREATE TEMP TABLE ${table} (${columns}) ON COMMIT DROP`);
  await copyInto(client, `COPY ${table} FROM STDIN`, lines);
}

/** Creates bare customers for the staged rows' unknown ids, when the import asks for it. */
async function createMissingCustomers(client: pg.PoolClient, ws: string, table: string): Promise<number> {
  const res = await client.query(
    `INSERT INTO customers (workspace_id, external_id, data_changed_at)
     SELECT DISTINCT $1, s.customer_ext, now() FROM ${table} s
     ON CONFLICT (workspace_id, external_id) DO NOTHING`,
    [ws],
  );
  return res.rowCount ?? 0;
}

type MergeRow = { inserted: string; updated: string; customer_ids: string[]; missing: { line: number; id: string }[] };

/**
 * Resolves customer ids and merges the staged rows in one statement (one join, one pass): `insertSql` reads the
 * resolved rows from `s` (with `cid`, the internal customer id) and must return `inserted` and `customer_id`.
 */
async function mergeStaged(
  client: pg.PoolClient,
  ws: string,
  table: string,
  insertSql: string,
  total: number,
  createMissing: boolean,
): Promise<BatchOutcome> {
  const created = createMissing ? await createMissingCustomers(client, ws, table) : 0;
  const { rows } = await client.query<MergeRow>(
    `WITH s AS MATERIALIZED (
       SELECT st.*, c.id AS cid FROM ${table} st
         LEFT JOIN customers c ON c.workspace_id = $1 AND c.external_id = st.customer_ext
     ), merged AS (${insertSql})
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM merged) AS inserted,
            (SELECT count(*) FILTER (WHERE NOT inserted) FROM merged) AS updated,
            (SELECT coalesce(array_agg(DISTINCT customer_id::text), '{}') FROM merged) AS customer_ids,
            (SELECT coalesce(json_agg(json_build_object('line', line, 'id', customer_ext) ORDER BY line), '[]') FROM s WHERE cid IS NULL) AS missing`,
    [ws],
  );
  const r = rows[0]!;
  const rejected = r.missing.map((m) => unknownCustomer(m.line, m.id));
  const inserted = Number(r.inserted);
  const updated = Number(r.updated);
  return {
    inserted,
    updated,
    skipped: total - inserted - updated - rejected.length,
    rejected,
    createdCustomers: created,
    customerIds: r.customer_ids,
  };
}

export async function upsertEvents(
  client: pg.PoolClient,
  ws: string,
  rows: Staged<NormalizedEvent>[],
  createMissing: boolean,
): Promise<BatchOutcome> {
  await stageChildren(
    client,
    'stage_events',
    'line int, customer_ext text, occurred_at timestamptz, type text, value float8, event_key text, properties jsonb',
    rows.map(
      ({ line, key, record: r }) =>
        `${line}\t${escapeCopy(r.customerId)}\t${formatDate(r.occurredAt)}\t${escapeCopy(r.type)}\t${formatNullable(r.value)}\t${escapeCopy(key)}\t${formatJson(r.properties)}\n`,
    ),
  );
  // Events never change once recorded: a repeated key is a duplicate, skipped.
  return mergeStaged(
    client,
    ws,
    'stage_events',
    `INSERT INTO events (workspace_id, customer_id, occurred_at, type, value, event_key, properties)
     SELECT $1, s.cid, s.occurred_at, s.type, s.value, s.event_key, s.properties FROM s WHERE s.cid IS NOT NULL
     ON CONFLICT (workspace_id, event_key) DO NOTHING
     RETURNING true AS inserted, customer_id`,
    rows.length,
    createMissing,
  );
}

export async function upsertTransactions(
  client: pg.PoolClient,
  ws: string,
  rows: Staged<NormalizedTransaction>[],
  createMissing: boolean,
): Promise<BatchOutcome> {
  await stageChildren(
    client,
    'stage_transactions',
    'line int, customer_ext text, occurred_at timestamptz, amount numeric(14,2), currency text, status "TransactionStatus", quantity float8, payment_method text, transaction_key text, properties jsonb',
    rows.map(
      ({ line, key, record: r }) =>
        `${line}\t${escapeCopy(r.customerId)}\t${formatDate(r.occurredAt)}\t${r.amount}\t${formatNullable(r.currency)}\t${r.status}\t${formatNullable(r.quantity)}\t${formatNullable(r.paymentMethod)}\t${escapeCopy(key)}\t${formatJson(r.properties)}\n`,
    ),
  );
  // A known transaction may change (a refund, a failed payment retried): update it only when something differs.
  return mergeStaged(
    client,
    ws,
    'stage_transactions',
    `INSERT INTO transactions AS t (workspace_id, customer_id, occurred_at, amount, currency, status, quantity, payment_method, transaction_key, properties)
     SELECT $1, s.cid, s.occurred_at, s.amount, s.currency, s.status, s.quantity, s.payment_method, s.transaction_key, s.properties
       FROM s WHERE s.cid IS NOT NULL
     ON CONFLICT (workspace_id, transaction_key) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, occurred_at = EXCLUDED.occurred_at, amount = EXCLUDED.amount,
       currency = EXCLUDED.currency, status = EXCLUDED.status, quantity = EXCLUDED.quantity,
       payment_method = EXCLUDED.payment_method, properties = EXCLUDED.properties
     WHERE (t.customer_id, t.occurred_at, t.amount, t.currency, t.status, t.quantity, t.payment_method, t.properties)
       IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.occurred_at, EXCLUDED.amount, EXCLUDED.currency, EXCLUDED.status,
                         EXCLUDED.quantity, EXCLUDED.payment_method, EXCLUDED.properties)
     RETURNING (xmax = 0) AS inserted, customer_id`,
    rows.length,
    createMissing,
  );
}

export async function upsertTickets(
  client: pg.PoolClient,
  ws: string,
  rows: Staged<NormalizedTicket>[],
  createMissing: boolean,
): Promise<BatchOutcome> {
  await stageChildren(
    client,
    'stage_tickets',
    'line int, customer_ext text, ticket_key text, opened_at timestamptz, resolved_at timestamptz, category text, satisfaction smallint, properties jsonb',
    rows.map(
      ({ line, key, record: r }) =>
        `${line}\t${escapeCopy(r.customerId)}\t${escapeCopy(key)}\t${formatDate(r.openedAt)}\t${formatDate(r.resolvedAt)}\t${formatNullable(r.category)}\t${formatNullable(r.satisfaction)}\t${formatJson(r.properties)}\n`,
    ),
  );
  return mergeStaged(
    client,
    ws,
    'stage_tickets',
    `INSERT INTO tickets AS t (workspace_id, customer_id, ticket_key, opened_at, resolved_at, category, satisfaction, properties)
     SELECT $1, s.cid, s.ticket_key, s.opened_at, s.resolved_at, s.category, s.satisfaction, s.properties FROM s WHERE s.cid IS NOT NULL
     ON CONFLICT (workspace_id, ticket_key) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, opened_at = EXCLUDED.opened_at, resolved_at = EXCLUDED.resolved_at,
       category = EXCLUDED.category, satisfaction = EXCLUDED.satisfaction, properties = EXCLUDED.properties
     WHERE (t.customer_id, t.opened_at, t.resolved_at, t.category, t.satisfaction, t.properties)
       IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.opened_at, EXCLUDED.resolved_at, EXCLUDED.category,
                         EXCLUDED.satisfaction, EXCLUDED.properties)
     RETURNING (xmax = 0) AS inserted, customer_id`,
    rows.length,
    createMissing,
  );
}

// Personal fields come as a group: a record that carries any of them replaces those it carries. The digest of
// the group is null when the record carries none, which leaves the stored ones alone.
const PII_CHANGED = 'EXCLUDED.pii_digest IS NOT NULL AND EXCLUDED.pii_digest IS DISTINCT FROM c.pii_digest';

const CUSTOMER_FIELDS = [
  'signup_at',
  'churned_at',
  'churned',
  'segment',
  'region',
  'city',
  'channel',
  'gender',
  'plan',
  'lifecycle_stage',
  'birth_year',
] as const;

/**
 * Upserts customers. A field the record leaves out keeps its stored value; attributes merge; personal fields
 * are rewritten only when their digest differs, because their ciphertexts differ on every write.
 */
export async function upsertCustomers(
  client: pg.PoolClient,
  ws: string,
  rows: Staged<SealedCustomer>[],
): Promise<BatchOutcome> {
  await client.query(
    `DROP TABLE IF EXISTS stage_customers; CREATE TEMP TABLE stage_customers (line int, external_id text, name_enc text, email_enc text, phone_enc text,
       pii_key_id text, email_hash text, pii_digest text, signup_at timestamptz, churned_at timestamptz, churned boolean,
       segment text, region text, city text, channel text, gender text, plan text, lifecycle_stage text, birth_year int,
       tags text[], attributes jsonb) ON COMMIT DROP`,
  );
  await copyInto(
    client,
    'COPY stage_customers FROM STDIN',
    rows.map(
      ({ line, record: r }) =>
        [
          line,
          escapeCopy(r.customerId),
          formatNullable(r.nameEnc),
          formatNullable(r.emailEnc),
          formatNullable(r.phoneEnc),
          formatNullable(r.piiKeyId),
          formatNullable(r.emailHash),
          formatNullable(r.piiDigest),
          formatDate(r.signupAt),
          formatDate(r.churnedAt),
          r.churned === undefined ? '\\N' : r.churned ? 't' : 'f',
          formatNullable(r.segment),
          formatNullable(r.region),
          formatNullable(r.city),
          formatNullable(r.channel),
          formatNullable(r.gender),
          formatNullable(r.plan),
          formatNullable(r.lifecycleStage),
          formatNullable(r.birthYear),
          r.tags.length ? formatTextArray(r.tags) : '\\N',
          formatJson(r.attributes),
        ].join('\t') + '\n',
    ),
  );
  const keep = (f: string) => `${f} = COALESCE(EXCLUDED.${f}, c.${f})`;
  const res = await client.query<{ inserted: boolean; customer_id: string }>(
    `INSERT INTO customers AS c (workspace_id, external_id, name_enc, email_enc, phone_enc, pii_key_id, email_hash, pii_digest,
       ${CUSTOMER_FIELDS.join(', ')}, tags, attributes, data_changed_at)
     SELECT $1, s.external_id, s.name_enc, s.email_enc, s.phone_enc, s.pii_key_id, s.email_hash, s.pii_digest,
       ${CUSTOMER_FIELDS.map((f) => `s.${f}`).join(', ')}, COALESCE(s.tags, '{}'), COALESCE(s.attributes, '{}'), now()
       FROM stage_customers s
     ON CONFLICT (workspace_id, external_id) DO UPDATE SET
       ${CUSTOMER_FIELDS.map(keep).join(', ')},
       ${['name_enc', 'email_enc', 'phone_enc', 'email_hash'].map((f) => `${f} = CASE WHEN ${PII_CHANGED} THEN COALESCE(EXCLUDED.${f}, c.${f}) ELSE c.${f} END`).join(', ')},
       pii_key_id = CASE WHEN ${PII_CHANGED} THEN EXCLUDED.pii_key_id ELSE c.pii_key_id END,
       pii_digest = COALESCE(EXCLUDED.pii_digest, c.pii_digest),
       tags = COALESCE(EXCLUDED.tags, c.tags), attributes = c.attributes || EXCLUDED.attributes,
       updated_at = now(), data_changed_at = now()
     WHERE (c.pii_digest, ${CUSTOMER_FIELDS.map((f) => `c.${f}`).join(', ')}, c.tags, c.attributes)
       IS DISTINCT FROM (COALESCE(EXCLUDED.pii_digest, c.pii_digest), ${CUSTOMER_FIELDS.map((f) => `COALESCE(EXCLUDED.${f}, c.${f})`).join(', ')},
                         COALESCE(EXCLUDED.tags, c.tags), c.attributes || EXCLUDED.attributes)
     RETURNING (xmax = 0) AS inserted, id::text AS customer_id`,
    [ws],
  );
  const inserted = res.rows.filter((r) => r.inserted).length;
  return {
    inserted,
    updated: res.rows.length - inserted,
    skipped: rows.length - res.rows.length,
    rejected: [],
    createdCustomers: 0,
    customerIds: res.rows.map((r) => r.customer_id),
  };
}

/** Marks customers whose data changed, so scoring knows whom to re-score. */
export async function markCustomersChanged(workspaceId: string, customerIds: string[]): Promise<number> {
  const res = await pool().query(
    'UPDATE customers SET data_changed_at = now() WHERE workspace_id = $1 AND id = ANY($2::bigint[])',
    [workspaceId, customerIds],
  );
  return res.rowCount ?? 0;
}
