import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { STATIC_FEATURES } from '../../lib/features/catalog';
import {
  computeSnapshot,
  createSnapshot,
  discoverFeatureSpec,
  readSnapshotMatrices,
  readSnapshotRows,
} from '../../lib/features/service';
import type { TFeatureSpec } from '../../lib/features/spec';
import { seedChurnData } from '../support/churn-data';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

const T = new Date('2025-01-01T00:00:00Z');
let ws: RoleWorkspace;
let spec: TFeatureSpec;

/** A snapshot's rows keyed by the customers' external ids. */
async function readByExternalId(snapshotId: string) {
  const { rows } = await pool().query('SELECT id::text, external_id FROM customers WHERE workspace_id = $1', [ws.id]);
  const externalOf = new Map(rows.map((r) => [r.id as string, r.external_id as string]));
  const out = new Map<string, (number | null)[]>();
  for await (const page of readSnapshotRows(ws.system, snapshotId))
    for (const r of page) out.set(externalOf.get(r.customer_id)!, r.values);
  return out;
}

async function snapshotValues(asOf: Date, frozen: TFeatureSpec) {
  const id = await createSnapshot(ws.system, asOf, frozen);
  await computeSnapshot(id);
  const out = await readByExternalId(id);
  const names = (await pool().query('SELECT feature_names FROM feature_snapshots WHERE id = $1', [id])).rows[0]
    .feature_names as string[];
  return { id, out, names };
}

beforeAll(async () => {
  ws = await createRoleWorkspace('features');
  await seedChurnData(ws.id, 600);
  spec = await discoverFeatureSpec(ws.id, T);
});

describe('feature snapshots', () => {
  it('discovers the workspace’s event types, category levels, attributes and tags', () => {
    expect(spec.eventTypes).toEqual(['login', 'feature_use']);
    expect(spec.categories).toContainEqual({ field: 'segment', levels: expect.arrayContaining(['smb', 'consumer']) });
    expect(spec.categories).toContainEqual({ field: 'attr.contract', levels: expect.arrayContaining(['annual']) });
    expect(spec.numericAttributes).toEqual(['seats']);
    expect(spec.tags).toEqual(['vip']);
  });

  it('computes at least 30 features per customer for every customer signed up before T', async () => {
    const { out, names } = await snapshotValues(T, spec);
    const { rows } = await pool().query(
      'SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1 AND signup_at < $2',
      [ws.id, T],
    );
    expect(out.size).toBe(rows[0].n);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(new Set(names).size).toBe(names.length);
    for (const values of out.values()) expect(values).toHaveLength(names.length);
  });

  it('gives the same snapshot, counted right, when computed in many id ranges in parallel', async () => {
    const whole = await snapshotValues(T, spec);
    const id = await createSnapshot(ws.system, T, spec);
    const r = await computeSnapshot(id, undefined, 37);
    expect(r.customers).toBe(whole.out.size);
    expect(await readByExternalId(id)).toEqual(whole.out);
  });

  it('matches hand-computed values for one customer', async () => {
    const q = pool();
    await q.query(
      `INSERT INTO customers (workspace_id, external_id, signup_at, attributes, tags, segment)
       VALUES ($1, 'hand', '2024-06-01Z', '{"seats": 7, "contract": "annual"}', '{vip}', 'smb')`,
      [ws.id],
    );
    const cid = (await q.query(`SELECT id FROM customers WHERE workspace_id = $1 AND external_id = 'hand'`, [ws.id]))
      .rows[0].id;
    const add = (sql: string, params: unknown[]) => q.query(sql, [ws.id, cid, ...params]);
    for (const [at, amount, status] of [
      ['2024-10-01Z', 40, 'paid'],
      ['2024-10-01T15:00Z', 10, 'paid'], // same day: one order of 50
      ['2024-11-15Z', 30, 'paid'],
      ['2024-12-11Z', 20, 'paid'],
      ['2024-12-20Z', 99, 'failed'],
      ['2025-01-05Z', 500, 'paid'], // after T: invisible
    ])
      await add(
        `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status) VALUES ($1, $2, $3, $4, $5::"TransactionStatus")`,
        [at, amount, status],
      );
    await add(
      `INSERT INTO tickets (workspace_id, customer_id, opened_at, resolved_at, category, satisfaction) VALUES
         ($1, $2, '2024-12-01Z', NULL, 'complaint', NULL),
         ($1, $2, '2024-11-01Z', '2024-11-02Z', 'inquiry', 4),
         ($1, $2, '2024-12-20Z', '2025-01-03Z', 'complaint', 1)`,
      [],
    );
    const { out, names } = await snapshotValues(T, spec);
    const v = out.get('hand')!;
    const f = (name: string) => v[names.indexOf(name)];
    expect(f('days_since_last_purchase')).toBeCloseTo(21, 5);
    expect(f('orders_total')).toBe(3);
    expect(f('spend_total')).toBe(100);
    expect(f('orders_30d')).toBe(1);
    expect(f('spend_90d')).toBe(50);
    expect(f('spend_180d')).toBe(100);
    expect(f('avg_days_between_orders')).toBeCloseTo((45 + 26) / 2, 5);
    expect(f('order_overdue_ratio')).toBeCloseTo(21 / 35.5, 5);
    expect(f('failed_payments_30d')).toBe(1);
    // Both complaints are open at T: the second is only resolved after it, and its score is not known yet.
    expect(f('unresolved_complaints')).toBe(2);
    expect(f('avg_satisfaction')).toBe(4);
    expect(f('days_since_last_complaint')).toBeCloseTo(12, 5);
    expect(f('tenure_days')).toBeCloseTo(214, 5);
    expect(f('attr.seats')).toBe(7);
    expect(f('attr.contract=annual')).toBe(1);
    expect(f('segment=smb')).toBe(1);
    expect(f('tag.vip')).toBe(1);
    expect(f('days_since_last_event')).toBeNull();
  });

  it('reads the same values as the model’s input matrix, in pages, with missing values as NaN', async () => {
    const { id, names } = await snapshotValues(T, spec);
    const cols = names.length;
    const rows: { customer_id: string; values: (number | null)[] }[] = [];
    for await (const page of readSnapshotRows(ws.system, id)) rows.push(...page);
    const ids: string[] = [];
    const xs: number[] = [];
    for await (const page of readSnapshotMatrices(ws.system, id, cols, 97)) {
      expect(page.x).toHaveLength(page.ids.length * cols);
      ids.push(...page.ids);
      xs.push(...page.x);
    }
    expect(ids).toEqual(rows.map((r) => r.customer_id));
    const expected = rows.flatMap((r) => r.values.map((v) => (v === null ? NaN : Math.fround(v))));
    expect(xs.some(Number.isNaN)).toBe(true);
    expect(xs).toEqual(expected);
  });

  it('names the customer and both widths when the matrix asked for does not fit the snapshot', async () => {
    const { id, names } = await snapshotValues(T, spec);
    const read = async () => {
      for await (const page of readSnapshotMatrices(ws.system, id, names.length + 1)) void page;
    };
    await expect(read()).rejects.toThrow(
      new RegExp(`^Customer \\d+ has ${names.length} features, the model expects ${names.length + 1}: retrain`),
    );
  });

  it('uses only records before T: deleting every record at or after T leaves the snapshot unchanged', async () => {
    const before = await snapshotValues(T, spec);
    const q = pool();
    const counts = await Promise.all([
      q.query('DELETE FROM transactions WHERE workspace_id = $1 AND occurred_at >= $2', [ws.id, T]),
      q.query('DELETE FROM events WHERE workspace_id = $1 AND occurred_at >= $2', [ws.id, T]),
      q.query('DELETE FROM tickets WHERE workspace_id = $1 AND opened_at >= $2', [ws.id, T]),
      q.query(
        'UPDATE tickets SET resolved_at = NULL, satisfaction = NULL WHERE workspace_id = $1 AND resolved_at >= $2',
        [ws.id, T],
      ),
      q.query('UPDATE customers SET churned_at = NULL WHERE workspace_id = $1 AND churned_at >= $2', [ws.id, T]),
    ]);
    // The deletion must have removed something, or the test proves nothing.
    expect(counts[0].rowCount).toBeGreaterThan(100);
    expect(counts[1].rowCount).toBeGreaterThan(100);
    const after = await snapshotValues(T, spec);
    expect(after.out.size).toBe(before.out.size);
    for (const [id, values] of before.out) expect(after.out.get(id), id).toEqual(values);
  });

  it('does see a record one hour before T (the control for the test above)', async () => {
    const before = await snapshotValues(T, spec);
    const id = [...before.out.keys()][0]!;
    await pool().query(
      `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount)
       SELECT workspace_id, id, $3, 12.5 FROM customers WHERE workspace_id = $1 AND external_id = $2`,
      [ws.id, id, new Date(T.getTime() - 3600_000)],
    );
    const after = await snapshotValues(T, spec);
    const i = after.names.indexOf('days_since_last_purchase');
    expect(after.out.get(id)![i]).toBeCloseTo(1 / 24, 5);
    expect(before.out.get(id)![i]).not.toBeCloseTo(1 / 24, 5);
  });

  it('documents every catalogue feature with a description, a unit and reasons in English and Chinese', () => {
    expect(STATIC_FEATURES.length).toBeGreaterThanOrEqual(30);
    for (const f of STATIC_FEATURES) {
      expect(f.description.length, f.name).toBeGreaterThan(10);
      expect(f.reason.en, f.name).toContain('{value}');
      expect(f.reason.zh, f.name).toContain('{value}');
    }
  });
});
