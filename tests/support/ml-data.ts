import { pool } from '../../lib/db';
import { createRandom } from '../../lib/demo/random';

// A small synthetic shop for training tests: a few hundred customers whose purchases stop (churn) with a
// probability that depends on their plan, support calls and satisfaction score, so a model has real signal to
// find in seconds. Deterministic (seeded), with dates relative to today so label windows always fit the data.

const DAY = 86_400_000;
const PLANS = ['basic', 'plus', 'pro'] as const;
const SEGMENTS = ['consumer', 'smb', 'enterprise'] as const;
const REGIONS = ['north', 'south', 'east', 'west'] as const;

const rng = (seed: number) => {
  const r = createRandom(seed);
  return () => r.next();
};

const dayFloor = (ms: number) => Math.floor(ms / DAY) * DAY;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type ShopDates = {
  /** The newest purchase's day. */
  end: string;
  /** Two training snapshot dates whose 90-day label windows lie inside the data. */
  asOf: string[];
  /** An out-of-time evaluation date after the last training window closes. */
  evalAsOf: string;
};

/**
 * Inserts `count` customers with about two years of purchases into a workspace; returns dates that make a valid
 * 90-day inactivity training request on this data.
 */
export async function insertChurnShop(workspaceId: string, count = 600, seed = 7): Promise<ShopDates> {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const end = dayFloor(Date.now()) - DAY;
  const start = end - 720 * DAY;
  const customers: { id: string; signup: number; plan: string; segment: string; region: string }[] = [];
  const extra: { birthYear: number; tags: string[]; attrs: Record<string, number>; churned: boolean }[] = [];
  const tx: { customer: string; at: number; amount: number }[] = [];
  for (let i = 0; i < count; i++) {
    const plan = pick(PLANS);
    const segment = pick(SEGMENTS);
    const calls = Math.floor(rand() * 8);
    const nps = Math.round(rand() * 10);
    const signup = start + Math.floor(rand() * 200) * DAY;
    const risk = -1.2 + (plan === 'basic' ? 1.1 : plan === 'pro' ? -0.9 : 0) + 0.35 * calls - 0.25 * nps;
    const churns = rand() < 1 / (1 + Math.exp(-risk));
    // Churners stop buying somewhere in the last 16 months; the rest buy until the end.
    const stop = churns ? end - Math.floor(30 + rand() * 450) * DAY : end + DAY;
    const gap = (segment === 'enterprise' ? 12 : segment === 'smb' ? 20 : 28) * (plan === 'pro' ? 0.7 : 1);
    const id = `SYN-${String(i + 1).padStart(4, '0')}`;
    for (let t = signup + Math.floor(rand() * gap) * DAY; t < Math.min(stop, end + DAY);) {
      tx.push({ customer: id, at: t + Math.floor(rand() * DAY), amount: Math.round((20 + rand() * 80) * 100) / 100 });
      t += Math.max(1, Math.round(gap * (0.4 + rand() * 1.2))) * DAY;
    }
    customers.push({ id, signup, plan, segment, region: pick(REGIONS) });
    extra.push({
      birthYear: 1950 + Math.floor(rand() * 55),
      tags: rand() < 0.4 ? ['newsletter'] : [],
      attrs: { support_calls: calls, nps },
      churned: churns,
    });
  }
  await pool().query(
    `INSERT INTO customers (workspace_id, external_id, signup_at, plan, segment, region, birth_year, tags, attributes,
                            churned)
     SELECT $1, x.id, x.signup, x.plan, x.segment, x.region, x.birth_year, ARRAY(SELECT jsonb_array_elements_text(x.tags)),
            x.attrs, x.churned
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::int[], $8::jsonb[],
                   $9::jsonb[], $10::bool[])
         AS x(id, signup, plan, segment, region, birth_year, tags, attrs, churned)`,
    [
      workspaceId,
      customers.map((c) => c.id),
      customers.map((c) => new Date(c.signup)),
      customers.map((c) => c.plan),
      customers.map((c) => c.segment),
      customers.map((c) => c.region),
      extra.map((e) => e.birthYear),
      extra.map((e) => JSON.stringify(e.tags)),
      extra.map((e) => JSON.stringify(e.attrs)),
      extra.map((e) => e.churned),
    ],
  );
  await pool().query(
    `INSERT INTO transactions (workspace_id, customer_id, occurred_at, amount, status)
     SELECT $1, c.id, x.at, x.amount, 'paid'
       FROM unnest($2::text[], $3::timestamptz[], $4::numeric[]) AS x(ext, at, amount)
       JOIN customers c ON c.workspace_id = $1 AND c.external_id = x.ext`,
    [workspaceId, tx.map((t) => t.customer), tx.map((t) => new Date(Math.min(t.at, end))), tx.map((t) => t.amount)],
  );
  return {
    end: isoDay(end),
    asOf: [isoDay(end - 272 * DAY), isoDay(end - 182 * DAY)],
    evalAsOf: isoDay(end - 92 * DAY),
  };
}
