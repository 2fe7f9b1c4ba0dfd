import { QueueEvents, Worker } from 'bullmq';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../../lib/env';
import { getQueue } from '../../lib/jobs/enqueue';
import { createRedis } from '../../lib/redis';
import { processCustomersChanged } from '../../workers/processors/customers-changed';
import { callRoute, postJson } from '../support/api';
import { sql } from '../support/db';
import { createKey, createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const CUSTOMERS = 'app/api/v1/customers/route.ts';
const EVENTS = 'app/api/v1/events/route.ts';
const TRANSACTIONS = 'app/api/v1/transactions/route.ts';
const TICKETS = 'app/api/v1/tickets/route.ts';

let ws: RoleWorkspace;
let key: string;
beforeAll(async () => {
  ws = await createRoleWorkspace('ingest-api');
  key = await createKey(
    ws,
    [
      'customers.read',
      'customers.write',
      'events.write',
      'transactions.write',
      'tickets.write',
      'customers.reveal_pii',
    ].filter((s) => s !== 'customers.reveal_pii'),
  );
});
afterEach(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  delete process.env.API_MAX_BODY_MB;
  resetEnvCache();
});

describe('POST /api/v1/customers', () => {
  it('stores the good records, names index, field and reason of the bad ones, and answers 200', async () => {
    const res = await postJson(CUSTOMERS, '/api/v1/customers', key, [
      {
        customer_id: 'C1',
        name: '王小明',
        email: 'Ming@Example.CN',
        signup_at: '2025-01-15',
        segment: 'smb',
        tags: 'vip;price-sensitive',
        monthly_fee: 49.5,
        contract: 'annual',
      },
      {
        customer_id: 'C2',
        name: "Robert'); DROP TABLE customers;--",
        email: '<script>alert(1)</script>@x.test',
        signup_at: '2025-02-30',
      },
      { name: 'no id' },
      { customer_id: 'C3', birth_year: 'nineteen', churned: 'maybe' },
      'not an object',
      { customer_id: 'C4', name: 'Zoë', signup_at: '2024-06-01T10:00:00+02:00' },
    ]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ inserted: 2, updated: 0, rejected: 4 });
    const fields = body.errors.map((e: { index: number; field: string }) => `${e.index}:${e.field}`);
    expect(fields).toEqual(
      expect.arrayContaining(['1:signup_at', '2:customer_id', '3:birth_year', '3:churned', '4:(record)']),
    );
    for (const e of body.errors) expect(e.reason).toMatch(/\w/);
    const rows = await sql<{
      external_id: string;
      segment: string;
      tags: string[];
      attributes: Record<string, unknown>;
      name_enc: string;
    }>(
      `SELECT external_id, segment, tags, attributes, name_enc FROM customers WHERE workspace_id = $1 ORDER BY external_id`,
      [ws.id],
    );
    expect(rows.map((r) => r.external_id)).toEqual(['C1', 'C4']);
    expect(rows[0]).toMatchObject({
      segment: 'smb',
      tags: ['vip', 'price-sensitive'],
      attributes: { monthly_fee: 49.5, contract: 'annual' },
    });
    expect(rows[0]!.name_enc).not.toContain('王');
  });

  it('changes nothing when the same records arrive again, and counts a real change as updated', async () => {
    const batch = [
      { customer_id: 'R1', email: 'r1@x.test', segment: 'a' },
      { customer_id: 'R2', segment: 'b' },
    ];
    expect(await (await postJson(CUSTOMERS, '/api/v1/customers', key, batch)).json()).toMatchObject({ inserted: 2 });
    const before = await sql(
      `SELECT * FROM customers WHERE workspace_id = $1 AND external_id IN ('R1','R2') ORDER BY 1`,
      [ws.id],
    );
    expect(await (await postJson(CUSTOMERS, '/api/v1/customers', key, batch)).json()).toMatchObject({
      inserted: 0,
      updated: 0,
      skipped: 2,
    });
    expect(
      await sql(`SELECT * FROM customers WHERE workspace_id = $1 AND external_id IN ('R1','R2') ORDER BY 1`, [ws.id]),
    ).toEqual(before);
    const changed = await (
      await postJson(CUSTOMERS, '/api/v1/customers', key, [{ customer_id: 'R2', segment: 'c' }])
    ).json();
    expect(changed).toMatchObject({ inserted: 0, updated: 1, skipped: 0 });
  });

  it('accepts NDJSON, where a broken line is only that record’s error', async () => {
    const body = ['{"customer_id":"N1"}', '{"customer_id": "N2"', '', '{"customer_id":"N3","city":"Zürich"}'].join(
      '\n',
    );
    const res = await callRoute(CUSTOMERS, 'POST', '/api/v1/customers', {
      key,
      body,
      contentType: 'application/x-ndjson',
    });
    const json = await res.json();
    expect(json).toMatchObject({ inserted: 2, rejected: 1 });
    expect(json.errors[0]).toMatchObject({
      index: 1,
      field: '(record)',
      reason: expect.stringContaining('not valid JSON'),
    });
  });

  it('rejects malformed JSON, non-arrays, more than 10,000 records and oversized bodies as a whole', async () => {
    const bad = await callRoute(CUSTOMERS, 'POST', '/api/v1/customers', {
      key,
      body: '[{"customer_id": "X"',
      contentType: 'application/json',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/not valid JSON/);
    expect((await postJson(CUSTOMERS, '/api/v1/customers', key, { customer_id: 'X' })).status).toBe(400);
    const many = await postJson(
      CUSTOMERS,
      '/api/v1/customers',
      key,
      Array.from({ length: 10_001 }, (_, i) => ({ customer_id: `M${i}` })),
    );
    expect(many.status).toBe(413);
    process.env.API_MAX_BODY_MB = '1';
    resetEnvCache();
    const huge = await postJson(CUSTOMERS, '/api/v1/customers', key, [
      { customer_id: 'H', note: 'x'.repeat(1_200_000) },
    ]);
    expect(huge.status).toBe(413);
    expect(
      (await sql(`SELECT 1 FROM customers WHERE workspace_id = $1 AND external_id IN ('X','M0','H')`, [ws.id])).length,
    ).toBe(0);
  });

  it('stores nothing in strict mode when one record is bad', async () => {
    const res = await postJson(CUSTOMERS, '/api/v1/customers?strict=true', key, [
      { customer_id: 'S1' },
      { customer_id: '' },
    ]);
    expect(await res.json()).toMatchObject({ inserted: 0, rejected: 2 });
    expect((await sql(`SELECT 1 FROM customers WHERE workspace_id = $1 AND external_id = 'S1'`, [ws.id])).length).toBe(
      0,
    );
  });
});

describe('POST events, transactions and tickets', () => {
  it('rejects unknown customers unless asked to create them, and skips repeated ids', async () => {
    const events = [
      { customer_id: 'C1', occurred_at: '2026-01-01T10:00:00Z', type: 'login', event_id: 'e1' },
      { customer_id: 'C1', occurred_at: '2026-01-01T10:00:00Z', type: 'login', event_id: 'e1' },
      { customer_id: 'GHOST', occurred_at: '2026-01-02', type: 'login', event_id: 'e2' },
      { customer_id: 'C1', occurred_at: 'yesterday', type: 'login' },
      { customer_id: 'C1', occurred_at: '2026-01-03', type: 'session', value: 'NaN' },
    ];
    const res = await (await postJson(EVENTS, '/api/v1/events', key, events)).json();
    expect(res).toMatchObject({ inserted: 1, skipped: 1, rejected: 3 });
    expect(res.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          index: 2,
          field: 'customer_id',
          reason: expect.stringContaining('unknown customer "GHOST"'),
        }),
        expect.objectContaining({ index: 3, field: 'occurred_at' }),
        expect.objectContaining({ index: 4, field: 'value' }),
      ]),
    );
    const created = await (
      await postJson(EVENTS, '/api/v1/events?create_missing_customers=true', key, [events[2]])
    ).json();
    expect(created).toMatchObject({ inserted: 1, createdCustomers: 1 });
    const again = await (await postJson(EVENTS, '/api/v1/events', key, events.slice(0, 3))).json();
    expect(again).toMatchObject({ inserted: 0, skipped: 3, rejected: 0 });
  });

  it('stores events without ids once, however often they are sent', async () => {
    const ev = [
      { customer_id: 'C1', occurred_at: '2026-02-01T08:00:00Z', type: 'page_view', properties: { path: '/pricing' } },
    ];
    expect(await (await postJson(EVENTS, '/api/v1/events', key, ev)).json()).toMatchObject({ inserted: 1 });
    expect(await (await postJson(EVENTS, '/api/v1/events', key, ev)).json()).toMatchObject({ inserted: 0, skipped: 1 });
  });

  it('updates a transaction whose status changed and a ticket that got resolved', async () => {
    const tx = { customer_id: 'C1', occurred_at: '2026-03-01', amount: 49.9, transaction_id: 't1' };
    expect(await (await postJson(TRANSACTIONS, '/api/v1/transactions', key, [tx])).json()).toMatchObject({
      inserted: 1,
    });
    expect(
      await (
        await postJson(TRANSACTIONS, '/api/v1/transactions', key, [{ ...tx, status: 'refunded', amount: -49.9 }])
      ).json(),
    ).toMatchObject({ updated: 1 });
    const ticket = { customer_id: 'C1', ticket_id: 'k1', opened_at: '2026-03-02', category: 'complaint' };
    expect(await (await postJson(TICKETS, '/api/v1/tickets', key, [ticket])).json()).toMatchObject({ inserted: 1 });
    expect(
      await (await postJson(TICKETS, '/api/v1/tickets', key, [{ ...ticket, resolved_at: '2026-03-01' }])).json(),
    ).toMatchObject({ rejected: 1 });
    expect(
      await (
        await postJson(TICKETS, '/api/v1/tickets', key, [{ ...ticket, resolved_at: '2026-03-04', satisfaction: 2 }])
      ).json(),
    ).toMatchObject({ updated: 1 });
    const [row] = await sql<{ status: string; amount: string }>(
      `SELECT status, amount FROM transactions WHERE workspace_id = $1 AND transaction_key = 't1'`,
      [ws.id],
    );
    expect(row).toEqual({ status: 'refunded', amount: '-49.90' });
  });

  it('needs the kind’s own write scope', async () => {
    const readOnly = await createKey(ws, ['customers.write']);
    const res = await postJson(EVENTS, '/api/v1/events', readOnly, []);
    expect(res.status).toBe(403);
  });

  it('answers 429 with Retry-After once a key exceeds its rate limit', async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = '3';
    resetEnvCache();
    const limited = await createKey(ws, ['customers.write']);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await postJson(CUSTOMERS, '/api/v1/customers', limited, []);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  });
});

describe('real-time hook', () => {
  it('puts the customer of every stored record on the queue, where a worker marks it within a second', async () => {
    const queue = getQueue('realtime');
    await queue.obliterate({ force: true });
    const events = new QueueEvents('realtime', { connection: createRedis({ forWorker: true }) });
    const worker = new Worker('realtime', processCustomersChanged, { connection: createRedis({ forWorker: true }) });
    try {
      await worker.waitUntilReady();
      const sent = Date.now();
      await postJson(EVENTS, '/api/v1/events', key, [
        { customer_id: 'C4', occurred_at: '2026-04-01T00:00:00Z', type: 'login', event_id: 'hook-1' },
      ]);
      let marked: Date | null = null;
      while (!marked && Date.now() - sent < 5000) {
        const [row] = await sql<{ data_changed_at: Date | null }>(
          `SELECT data_changed_at FROM customers WHERE workspace_id = $1 AND external_id = 'C4'`,
          [ws.id],
        );
        if (row?.data_changed_at && row.data_changed_at.getTime() >= sent - 5) marked = row.data_changed_at;
        else await new Promise((r) => setTimeout(r, 20));
      }
      expect(marked).not.toBeNull();
      expect(marked!.getTime() - sent).toBeLessThan(1000);
    } finally {
      await worker.close();
      await events.close();
    }
  });
});

describe('GET /api/v1/customers', () => {
  it('pages by cursor in the asked order without gaps or repeats', async () => {
    const many = Array.from({ length: 57 }, (_, i) => ({
      customer_id: `P${String(i).padStart(3, '0')}`,
      signup_at: `2025-0${(i % 9) + 1}-01`,
    }));
    await postJson(CUSTOMERS, '/api/v1/customers', key, many);
    for (const sort of ['customer_id', 'signup_at', 'id']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/customers?q=P&sort=${sort}&order=desc&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await (await callRoute(CUSTOMERS, 'GET', url, { key })).json();
        seen.push(...page.items.map((c: { customerId: string }) => c.customerId));
        cursor = page.nextCursor;
      } while (cursor);
      expect({ sort, count: seen.length, unique: new Set(seen).size }).toEqual({ sort, count: 57, unique: 57 });
    }
    const bad = await callRoute(CUSTOMERS, 'GET', '/api/v1/customers?cursor=garbage', { key });
    expect(bad.status).toBe(400);
  });

  it('shows one customer masked, and in clear only to a key that may reveal and asks to, with an audit entry', async () => {
    const file = 'app/api/v1/customers/[customerId]/route.ts';
    const masked = await (
      await callRoute(file, 'GET', '/api/v1/customers/C1', { key, params: { customerId: 'C1' } })
    ).json();
    expect(masked).toMatchObject({ customerId: 'C1', name: '王**', email: 'm***@e***.cn', masked: true });
    expect(masked.recent.events.length).toBeGreaterThan(0);
    expect(
      (await callRoute(file, 'GET', '/api/v1/customers/C1?reveal=true', { key, params: { customerId: 'C1' } })).status,
    ).toBe(403);
    const revealer = await createKey(ws, ['customers.read']);
    await sql(
      `UPDATE api_keys SET scopes = array_append(scopes, 'customers.reveal_pii') WHERE workspace_id = $1 AND prefix = $2`,
      [ws.id, revealer.slice(0, 10)],
    );
    const clear = await (
      await callRoute(file, 'GET', '/api/v1/customers/C1', { key: revealer, params: { customerId: 'C1' } })
    ).json();
    expect(clear).toMatchObject({ name: '王小明', email: 'ming@example.cn', masked: false });
    const optedOut = await (
      await callRoute(file, 'GET', '/api/v1/customers/C1?reveal=false', { key: revealer, params: { customerId: 'C1' } })
    ).json();
    expect(optedOut).toMatchObject({ name: '王**', masked: true });
    const audits = await sql(
      `SELECT 1 FROM audit_logs WHERE workspace_id = $1 AND action = 'customer.reveal_pii' AND actor_type = 'api_key'`,
      [ws.id],
    );
    expect(audits.length).toBe(1);
    expect(
      (await callRoute(file, 'GET', '/api/v1/customers/NOPE', { key, params: { customerId: 'NOPE' } })).status,
    ).toBe(404);
  });
});
