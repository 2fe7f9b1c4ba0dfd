import { encryptField, getKeyRing, hashEmail, type KeyRing } from '../crypto/pii';
import { pool } from '../db';
import { copyInto, escapeCopy, formatJson, formatNullable, formatTextArray } from '../pg-copy';
import type { DemoBundle } from './generate';

// Bulk writes for the demo data: COPY in batches of a few thousand customers, never one statement per row,
// because 20,000 customers bring about a million events and the seed must finish in seconds.

const BATCH_SIZE = 2500;
// Hand the event loop back this often while pulling bundles, so COPY streams already in flight keep flowing.
const YIELD_EVERY = 250;

/** Rows written so far, reported after every batch. */
export type DemoInsertProgress = { customers: number; events: number; transactions: number; tickets: number };

export type DemoDataCounts = {
  customers: number;
  events: number;
  transactions: number;
  tickets: number;
  churned: number;
};

/** Streams lines into one `COPY … FROM STDIN` on its own connection; returns the rows Postgres counted. */
async function copyLines(sql: string, lines: Iterable<string>): Promise<number> {
  const client = await pool().connect();
  try {
    const count = await copyInto(client, sql, lines);
    client.release();
    return count;
  } catch (err) {
    // A failed COPY leaves the connection in an unknown protocol state: destroy it rather than reuse it.
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

const CUSTOMER_COPY = `COPY customers (workspace_id, external_id, name_enc, email_enc, phone_enc, pii_key_id, email_hash,
  signup_at, churned_at, churned, segment, region, city, channel, gender, plan, lifecycle_stage, birth_year, tags, attributes)
  FROM STDIN`;
const EVENT_COPY =
  'COPY events (workspace_id, customer_id, occurred_at, type, value, event_key, properties) FROM STDIN';
const TRANSACTION_COPY = `COPY transactions (workspace_id, customer_id, occurred_at, amount, currency, status, quantity,
  payment_method, transaction_key, properties) FROM STDIN`;
const TICKET_COPY = `COPY tickets (workspace_id, customer_id, ticket_key, opened_at, resolved_at, category, satisfaction,
  properties) FROM STDIN`;

function* formatCustomers(ws: string, batch: readonly DemoBundle[], ring: KeyRing): Generator<string> {
  for (const { customer: c } of batch) {
    yield (
      [
        ws,
        escapeCopy(c.customer_id),
        escapeCopy(encryptField(c.name, ring)),
        escapeCopy(encryptField(c.email, ring)),
        escapeCopy(encryptField(c.phone, ring)),
        escapeCopy(ring.activeId),
        escapeCopy(hashEmail(c.email)),
        c.signup_at,
        formatNullable(c.churned_at),
        c.churned_at === null ? 'f' : 't',
        escapeCopy(c.segment),
        escapeCopy(c.region),
        escapeCopy(c.city),
        escapeCopy(c.channel),
        escapeCopy(c.gender),
        escapeCopy(c.plan),
        escapeCopy(c.lifecycle_stage),
        String(c.birth_year),
        formatTextArray(c.tags),
        formatJson(c.attributes),
      ].join('\t') + '\n'
    );
  }
}

function* formatEvents(ws: string, batch: readonly DemoBundle[], ids: ReadonlyMap<string, string>): Generator<string> {
  for (const b of batch) {
    const id = internalId(ids, b.customer.customer_id);
    for (const e of b.events) {
      yield `${ws}\t${id}\t${e.occurred_at}\t${escapeCopy(e.type)}\t${formatNullable(e.value)}\t${escapeCopy(e.event_id)}\t${formatJson(e.properties)}\n`;
    }
  }
}

function* formatTransactions(
  ws: string,
  batch: readonly DemoBundle[],
  ids: ReadonlyMap<string, string>,
): Generator<string> {
  for (const b of batch) {
    const id = internalId(ids, b.customer.customer_id);
    for (const x of b.transactions) {
      yield `${ws}\t${id}\t${x.occurred_at}\t${x.amount.toFixed(2)}\t${escapeCopy(x.currency)}\t${x.status}\t${x.quantity}\t${escapeCopy(x.payment_method)}\t${escapeCopy(x.transaction_id)}\t${formatJson(x.properties)}\n`;
    }
  }
}

function* formatTickets(ws: string, batch: readonly DemoBundle[], ids: ReadonlyMap<string, string>): Generator<string> {
  for (const b of batch) {
    const id = internalId(ids, b.customer.customer_id);
    for (const k of b.tickets) {
      yield `${ws}\t${id}\t${escapeCopy(k.ticket_id)}\t${k.opened_at}\t${formatNullable(k.resolved_at)}\t${formatNullable(k.category)}\t${formatNullable(k.satisfaction)}\t${formatJson(k.properties)}\n`;
    }
  }
}

function internalId(ids: ReadonlyMap<string, string>, externalId: string): string {
  const id = ids.get(externalId);
  if (id === undefined) throw new Error(`Customer ${externalId} was not found after it was copied`);
  return id;
}

/** One query per batch maps source ids to the bigserial ids COPY assigned. */
async function mapCustomerIds(workspaceId: string, externalIds: string[]): Promise<Map<string, string>> {
  const { rows } = await pool().query<{ id: string; external_id: string }>(
    'SELECT id::text AS id, external_id FROM customers WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
    [workspaceId, externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

async function takeBatch(source: Iterator<DemoBundle>): Promise<DemoBundle[]> {
  const batch: DemoBundle[] = [];
  while (batch.length < BATCH_SIZE) {
    const next = source.next();
    if (next.done) break;
    batch.push(next.value);
    if (batch.length % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return batch;
}

async function copyChildren(ws: string, batch: readonly DemoBundle[], ids: ReadonlyMap<string, string>) {
  // Per row, COPY's cost here is dominated by the two foreign-key checks and four indexes, all CPU in Postgres.
  // Events outnumber everything else four to one; two streams let Postgres use a second core on them.
  const half = Math.ceil(batch.length / 2);
  const [eventsA, eventsB, transactions, tickets] = await Promise.all([
    copyLines(EVENT_COPY, formatEvents(ws, batch.slice(0, half), ids)),
    copyLines(EVENT_COPY, formatEvents(ws, batch.slice(half), ids)),
    copyLines(TRANSACTION_COPY, formatTransactions(ws, batch, ids)),
    copyLines(TICKET_COPY, formatTickets(ws, batch, ids)),
  ]);
  return { events: eventsA + eventsB, transactions, tickets };
}

/**
 * Writes bundles with COPY, batch by batch: customers first (personal fields encrypted), then one id lookup,
 * then events (two streams), transactions and tickets on four connections at once. The next batch's customers
 * are copied while the previous batch's records still stream, so Postgres and the generator work side by side.
 * Not atomic: on failure, call `deleteDemoData` to clear the partial write.
 */
export async function insertDemoBundles(
  workspaceId: string,
  bundles: Iterable<DemoBundle>,
  onProgress?: (progress: DemoInsertProgress) => void,
): Promise<DemoInsertProgress> {
  const ring = getKeyRing();
  const ws = escapeCopy(workspaceId);
  const totals: DemoInsertProgress = { customers: 0, events: 0, transactions: 0, tickets: 0 };
  const source = bundles[Symbol.iterator]();
  let inFlight: Promise<void> | undefined;
  for (;;) {
    const batch = await takeBatch(source);
    if (batch.length === 0) break;
    const customers = await copyLines(CUSTOMER_COPY, formatCustomers(ws, batch, ring));
    const ids = await mapCustomerIds(
      workspaceId,
      batch.map((b) => b.customer.customer_id),
    );
    // At most one batch of records in flight: bounds memory and pooled connections (1 for customers + 4).
    await inFlight;
    inFlight = copyChildren(ws, batch, ids).then((rows) => {
      totals.customers += customers;
      totals.events += rows.events;
      totals.transactions += rows.transactions;
      totals.tickets += rows.tickets;
      onProgress?.({ ...totals });
    });
    // Marks the promise handled; its error is rethrown by the `await inFlight` above or below.
    inFlight.catch(() => undefined);
  }
  await inFlight;
  return totals;
}

/** Removes the workspace's customers and everything recorded about them: a reset of the demo workspace. */
export async function deleteDemoData(workspaceId: string): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    // Children first, one set-based statement per table, so the customer delete leaves the per-row cascade
    // triggers nothing to find.
    for (const table of ['events', 'transactions', 'tickets', 'customers']) {
      await client.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Runs `fn` while holding a session advisory lock on the workspace's demo seed, so two seeds cannot interleave
 * (and one's cleanup cannot delete the other's rows). Does not wait: reports `acquired: false` if the lock is held.
 */
export async function withDemoSeedLock<T>(
  workspaceId: string,
  fn: () => Promise<T>,
): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const client = await pool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext('holdfast:demo-seed'), hashtext($1)) AS ok",
      [workspaceId],
    );
    if (!rows[0]?.ok) return { acquired: false };
    try {
      return { acquired: true, value: await fn() };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('holdfast:demo-seed'), hashtext($1))", [workspaceId]);
    }
  } finally {
    client.release();
  }
}

export async function hasCustomers(workspaceId: string): Promise<boolean> {
  const { rows } = await pool().query<{ found: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM customers WHERE workspace_id = $1) AS found',
    [workspaceId],
  );
  return rows[0]?.found ?? false;
}

export async function countDemoData(workspaceId: string): Promise<DemoDataCounts> {
  const { rows } = await pool().query<Record<keyof DemoDataCounts, string>>(
    `SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers,
            (SELECT count(*) FROM customers WHERE workspace_id = $1 AND churned_at IS NOT NULL) AS churned,
            (SELECT count(*) FROM events WHERE workspace_id = $1) AS events,
            (SELECT count(*) FROM transactions WHERE workspace_id = $1) AS transactions,
            (SELECT count(*) FROM tickets WHERE workspace_id = $1) AS tickets`,
    [workspaceId],
  );
  const r = rows[0];
  return {
    customers: Number(r?.customers ?? 0),
    events: Number(r?.events ?? 0),
    transactions: Number(r?.transactions ?? 0),
    tickets: Number(r?.tickets ?? 0),
    churned: Number(r?.churned ?? 0),
  };
}

/** Refreshes planner statistics after a bulk load, so the first dashboard queries do not plan for empty tables. */
export async function analyzeDemoTables(): Promise<void> {
  await pool().query('ANALYZE customers, events, transactions, tickets');
}

/** One sealed personal field of the workspace, to check this installation's keys can read it. */
export async function findSealedSample(workspaceId: string): Promise<string | null> {
  const { rows } = await pool().query<{ email_enc: string }>(
    'SELECT email_enc FROM customers WHERE workspace_id = $1 AND email_enc IS NOT NULL LIMIT 1',
    [workspaceId],
  );
  return rows[0]?.email_enc ?? null;
}
