import { beforeAll, describe, expect, it } from 'vitest';
import { getCustomerTimeline, getScoreHistory } from '../../lib/timeline/service';
import { pool } from '../../lib/db';
import { seedChurnData } from '../support/churn-data';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;
let customer: { id: string; external_id: string };

beforeAll(async () => {
  ws = await createRoleWorkspace('timeline');
  await seedChurnData(ws.id, 30);
  const { rows } = await pool().query(
    `SELECT c.id::text, c.external_id FROM customers c WHERE c.workspace_id = $1
        AND EXISTS (SELECT 1 FROM tickets k WHERE k.workspace_id = c.workspace_id AND k.customer_id = c.id)
      ORDER BY (SELECT count(*) FROM events e WHERE e.workspace_id = c.workspace_id AND e.customer_id = c.id) DESC
      LIMIT 1`,
    [ws.id],
  );
  customer = rows[0];
});

describe('customer timeline', () => {
  it('lists every event, transaction and ticket once, newest first, across pages', async () => {
    const { rows } = await pool().query(
      `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND customer_id = $2)
            + (SELECT count(*)::int FROM transactions WHERE workspace_id = $1 AND customer_id = $2)
            + (SELECT count(*)::int FROM tickets WHERE workspace_id = $1 AND customer_id = $2) AS n`,
      [ws.id, customer.id],
    );
    expect(rows[0].n).toBeGreaterThan(12);
    const keys: string[] = [];
    let last = '9999';
    let cursor: string | undefined;
    do {
      const page = await getCustomerTimeline(ws.as.ops, { customerId: customer.external_id, limit: 5, cursor });
      for (const item of page.items) {
        expect(item.at <= last).toBe(true);
        last = item.at;
        keys.push(item.key);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(keys.length).toBe(rows[0].n);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.split(':')[0]))).toEqual(new Set(['event', 'transaction', 'ticket']));
  });

  it('keeps only the kinds asked for, one kind or several, across pages', async () => {
    const count = async (table: string) =>
      (
        await pool().query(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1 AND customer_id = $2`, [
          ws.id,
          customer.id,
        ])
      ).rows[0].n as number;
    const walk = async (kinds: unknown) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await getCustomerTimeline(ws.as.manager, {
          customerId: customer.external_id,
          kinds,
          limit: 4,
          cursor,
        });
        seen.push(...page.items.map((i) => i.kind));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    const tickets = await walk(['ticket']);
    expect(tickets.length).toBe(await count('tickets'));
    expect(new Set(tickets)).toEqual(new Set(['ticket']));
    // The URL form: a comma-separated list.
    const mixed = await walk('transaction,ticket');
    expect(mixed.length).toBe((await count('transactions')) + (await count('tickets')));
    expect(new Set(mixed)).toEqual(new Set(['transaction', 'ticket']));
    await expect(
      getCustomerTimeline(ws.as.ops, { customerId: customer.external_id, kinds: ['purchase'] }),
    ).rejects.toThrow(/kinds/);
  });

  it('shows the score history oldest first with reasons, and refuses unknown customers and bad cursors', async () => {
    expect(await getScoreHistory(ws.as.ops, customer.external_id)).toEqual([]);
    await expect(getCustomerTimeline(ws.as.ops, { customerId: 'nobody' })).rejects.toThrow(/No customer "nobody"/);
    await expect(getCustomerTimeline(ws.as.ops, { customerId: customer.external_id, cursor: 'x' })).rejects.toThrow(
      /cursor:/,
    );
  });
});
