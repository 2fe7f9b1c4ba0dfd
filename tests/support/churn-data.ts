import { pool } from '../../lib/db';
import { createRandom } from '../../lib/demo/random';

// A small synthetic business for the feature and training tests: customers buy and log in at their own pace until
// a hidden leaving date, complain more as it nears, and carry a segment, attributes and tags. Deterministic.

const DAY = 86_400_000;

const rng = (seed: number) => {
  const r = createRandom(seed);
  return () => r.next();
};

export type ChurnData = { start: Date; end: Date; customers: number };

/** Seeds `n` customers with records between `start` and `end`; returns the data's time span. */
export async function seedChurnData(workspaceId: string, n: number, seed = 7): Promise<ChurnData> {
  const rand = rng(seed);
  const start = new Date('2024-01-01T00:00:00Z');
  const end = new Date('2025-06-30T00:00:00Z');
  const ids: string[] = [];
  const signups: Date[] = [];
  const churnedAt: (Date | null)[] = [];
  const segments: string[] = [];
  const attrs: string[] = [];
  const tags: string[][] = [];
  const tx: [string, Date, number, string][] = [];
  const ev: [string, Date, string, number][] = [];
  const tk: [string, Date, Date | null, string, number | null][] = [];
  for (let i = 0; i < n; i++) {
    const id = `c${String(i).padStart(5, '0')}`;
    const signup = new Date(start.getTime() + rand() * 180 * DAY);
    const loyal = rand();
    // Hidden leaving date: loyal customers stay longer.
    const stay = (30 + rand() * 600 * loyal) * DAY;
    const leave = new Date(signup.getTime() + stay);
    const rate = 0.5 + 3.5 * loyal; // purchases per 30 days
    ids.push(id);
    signups.push(signup);
    churnedAt.push(leave < end ? leave : null);
    segments.push(['consumer', 'smb', 'enterprise'][Math.floor(rand() * 3)]!);
    attrs.push(JSON.stringify({ seats: Math.round(1 + loyal * 20), contract: loyal > 0.5 ? 'annual' : 'monthly' }));
    tags.push(rand() < 0.2 ? ['vip'] : []);
    const stop = Math.min(leave.getTime(), end.getTime());
    for (let t = signup.getTime() + rand() * 10 * DAY; t < stop; t += ((-Math.log(1 - rand()) * 30) / rate) * DAY) {
      const failed = rand() < 0.03;
      tx.push([id, new Date(t), Math.round((10 + rand() * 90) * 100) / 100, failed ? 'failed' : 'paid']);
      ev.push([id, new Date(t + 3600_000), rand() < 0.8 ? 'login' : 'feature_use', Math.round(rand() * 600)]);
    }
    if (rand() < 0.3) {
      const opened = new Date(Math.min(stop - DAY, signup.getTime() + rand() * Math.max(stop - signup.getTime(), DAY)));
      const resolved = rand() < 0.6 ? new Date(opened.getTime() + rand() * 5 * DAY) : null;
      tk.push([
        id,
        opened,
        resolved,
        loyal < 0.4 ? 'complaint' : 'inquiry',
        resolved ? 1 + Math.floor(rand() * 5) : null,
      ]);
    }
  }
  const q = pool();
  await q.query(
    `INSERT INTO customers (workspace_id, external_id, signup_at, churned_at, segment, attributes, tags)
     SELECT $1, u.id, u.s, u.c, u.seg, u.a::jsonb, ARRAY(SELECT jsonb_array_elements_text(u.t::jsonb))
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
         AS u(id, s, c, seg, a, t)`,
    [workspaceId, ids, signups, churnedAt, segments, attrs, tags.map((t) => JSON.stringify(t))],
  );
  const customerIds = `(SELECT id FROM customers WHERE workspace_id = $1 AND external_id = u.cid)`;
  await q.query(
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $1, ${customerIds}, u.t, u.a, u.s::"TransactionStatus"
       FROM unnest($2::text[], $3::timestamptz[], $4::numeric[], $5::text[]) AS u(cid, t, a, s)`,
    [workspaceId, ...columns(tx)],
  );
  await q.query(
    `INSERT INTO events (workspace_id, customer_id, occurred_at, type, value)
     SELECT $1, ${customerIds}, u.t, u.ty, u.v
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::float8[]) AS u(cid, t, ty, v)`,
    [workspaceId, ...columns(ev)],
  );
  await q.query(
    `INSERT INTO tickets (workspace_id, customer_id, opened_at, resolved_at, category, satisfaction)
     SELECT $1, ${customerIds}, u.o, u.r, u.c, u.s
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::int[]) AS u(cid, o, r, c, s)`,
    [workspaceId, ...columns(tk)],
  );
  await q.query('ANALYZE customers, transactions, events, tickets');
  return { start, end, customers: n };
}

function columns<T extends unknown[]>(rows: T[]): unknown[][] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, j) => rows.map((r) => r[j]));
}

/**
 * Clears every leaving date, for tests that score the business today: the data ends in mid-2025, so by now most of
 * its customers would count as churned, and churned customers are not scored. Training on inactivity does not
 * read these dates.
 */
export async function keepEveryoneActive(workspaceId: string): Promise<void> {
  await pool().query('UPDATE customers SET churned_at = NULL WHERE workspace_id = $1', [workspaceId]);
}
