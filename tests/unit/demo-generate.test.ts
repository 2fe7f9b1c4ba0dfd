import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_ANCHOR,
  DEFAULT_DEMO_MONTHS,
  PRICE_INCREASE_MONTHS_BEFORE_ANCHOR,
  demoWindowStart,
  generateDemoCustomers,
  type DemoBundle,
} from '../../lib/demo/generate';
import { createRandom, mixSeed } from '../../lib/demo/random';

// Every driver is measured from the generated records alone (tags, tickets, payments, events), the way a
// feature pipeline would see them, never from the generator's hidden state.

const DAY = 86_400_000;
const ANCHOR = DEFAULT_DEMO_ANCHOR;
const MONTHS = DEFAULT_DEMO_MONTHS;
const ANCHOR_MS = ANCHOR.getTime();
const START_MS = demoWindowStart(ANCHOR, MONTHS).getTime();

function generate(customers: number, seed: number): DemoBundle[] {
  return [...generateDemoCustomers({ customers, seed, anchor: ANCHOR, months: MONTHS })];
}

const SAMPLE = generate(2000, 7);

function monthStarts(): number[] {
  const out: number[] = [];
  for (let m = 0; m <= MONTHS; m++)
    out.push(Date.UTC(ANCHOR.getUTCFullYear(), ANCHOR.getUTCMonth() + m - MONTHS, ANCHOR.getUTCDate()));
  return out;
}
const MONTH_STARTS = monthStarts();

function churnMs(b: DemoBundle): number | null {
  return b.customer.churned_at === null ? null : Date.parse(b.customer.churned_at);
}

/**
 * Monthly churn hazard among customer-months where `exposed` holds at the month's start versus where it does not.
 * A customer-month counts when the customer was already a customer and not yet churned at the month's start.
 */
function compareHazards(
  sample: readonly DemoBundle[],
  exposed: (b: DemoBundle, monthStartMs: number, month: number) => boolean,
) {
  const tally = { exposed: [0, 0], other: [0, 0] };
  for (const b of sample) {
    const signup = Date.parse(b.customer.signup_at);
    const churn = churnMs(b);
    for (let m = 0; m < MONTHS; m++) {
      const from = MONTH_STARTS[m] as number;
      const to = MONTH_STARTS[m + 1] as number;
      if (signup > from || (churn !== null && churn < from)) continue;
      const bucket = exposed(b, from, m) ? tally.exposed : tally.other;
      bucket[0]! += 1;
      if (churn !== null && churn < to) bucket[1]! += 1;
    }
  }
  const exposedRate = tally.exposed[1]! / tally.exposed[0]!;
  const otherRate = tally.other[1]! / tally.other[0]!;
  return { exposedRate, otherRate, ratio: exposedRate / otherRate, exposedMonths: tally.exposed[0]! };
}

function countActivity(b: DemoBundle, from: number, to: number): number {
  let n = 0;
  for (const e of b.events) {
    if (e.type === 'cancel') continue;
    const t = Date.parse(e.occurred_at);
    if (t >= from && t < to) n++;
  }
  return n;
}

function hasOpenComplaint(b: DemoBundle, at: number, lookbackDays: number): boolean {
  return b.tickets.some((k) => {
    const opened = Date.parse(k.opened_at);
    return (
      k.category === 'complaint' &&
      opened >= at - lookbackDays * DAY &&
      opened < at &&
      (k.resolved_at === null || Date.parse(k.resolved_at) > at)
    );
  });
}

function hasUnpaidFailure(b: DemoBundle, at: number): boolean {
  const recent = b.transactions.filter(
    (x) => x.properties?.item === undefined && x.status !== 'refunded' && Date.parse(x.occurred_at) < at,
  );
  const last = recent.at(-1);
  return last !== undefined && last.status === 'failed' && Date.parse(last.occurred_at) >= at - 60 * DAY;
}

describe('seeded random', () => {
  it('repeats a stream for the same seed and diverges for another', () => {
    const a = createRandom(mixSeed(42, 1));
    const b = createRandom(mixSeed(42, 1));
    const c = createRandom(mixSeed(42, 2));
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniform, normal and Poisson values with the requested moments', () => {
    const rng = createRandom(1);
    const n = 20_000;
    let u = 0;
    let z = 0;
    let z2 = 0;
    let p = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      u += x;
      const g = rng.normal(2, 3);
      z += g;
      z2 += (g - 2) ** 2;
      p += rng.poisson(3.5);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(u / n).toBeCloseTo(0.5, 1);
    expect(z / n).toBeCloseTo(2, 0);
    expect(Math.sqrt(z2 / n)).toBeCloseTo(3, 0);
    expect(p / n).toBeCloseTo(3.5, 1);
    const ints = new Set(Array.from({ length: 500 }, () => rng.int(1, 6)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const heavy = Array.from({ length: 2000 }, () =>
      rng.pickWeighted<string>([
        ['a', 9],
        ['b', 1],
      ]),
    ).filter((v) => v === 'a').length;
    expect(heavy / 2000).toBeGreaterThan(0.85);
  });
});

describe('generateDemoCustomers', () => {
  it('is deterministic: same seed gives identical bundles, another seed different ones', () => {
    const first = generate(150, 42);
    expect(generate(150, 42)).toEqual(first);
    expect(JSON.stringify(generate(150, 43))).not.toEqual(JSON.stringify(first));
    // A customer's history does not depend on how many customers are generated in total.
    expect(generate(40, 42)).toEqual(first.slice(0, 40));
  });

  it('writes records that obey the data contract', () => {
    // Violations are collected rather than asserted one by one: 100k `expect` calls would take seconds.
    const bad: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok && bad.length < 20) bad.push(what);
    };
    const seen = {
      customer: new Set<string>(),
      event: new Set<string>(),
      transaction: new Set<string>(),
      ticket: new Set<string>(),
    };
    const unique = (set: Set<string>, id: string) => {
      check(!set.has(id), `duplicate id ${id}`);
      set.add(id);
    };
    let events = 0;
    let transactions = 0;
    let tickets = 0;
    let nonAscii = 0;
    let chinese = 0;
    for (const { customer: c, events: evs, transactions: txs, tickets: tks } of SAMPLE) {
      const id = c.customer_id;
      check(/^C\d{6}$/.test(id), `customer id ${id}`);
      unique(seen.customer, id);
      check(c.name.trim().length > 0, `${id} name`);
      check(/^[a-z0-9._]+@[a-z.]+$/.test(c.email), `${id} email ${c.email}`);
      check(c.phone.startsWith('+'), `${id} phone`);
      if (/[^ -~]/.test(c.name)) nonAscii++; // anything outside printable ASCII
      if (/\p{Script=Han}/u.test(c.name)) chinese++;
      check(['consumer', 'smb', 'enterprise'].includes(c.segment), `${id} segment`);
      check(['web', 'app', 'store', 'partner'].includes(c.channel), `${id} channel`);
      check(['basic', 'standard', 'premium'].includes(c.plan), `${id} plan`);
      check(c.birth_year >= 1900 && c.birth_year <= 2010, `${id} birth_year`);
      check(
        c.tags.every((tag) => /^[a-z-]+$/.test(tag)),
        `${id} tags`,
      );
      check(
        typeof c.attributes.monthly_fee === 'number' && typeof c.attributes.contract === 'string',
        `${id} attributes`,
      );

      const signup = Date.parse(c.signup_at);
      const churn = c.churned_at === null ? null : Date.parse(c.churned_at);
      check(signup < ANCHOR_MS, `${id} signup_at after anchor`);
      if (churn !== null)
        check(churn > signup && churn >= START_MS && churn < ANCHOR_MS, `${id} churned_at ${c.churned_at}`);
      const latest = churn === null ? ANCHOR_MS : churn + DAY;
      const inWindow = (iso: string, what: string) => {
        const t = Date.parse(iso);
        check(
          t >= Math.max(START_MS, signup) && t < ANCHOR_MS && t <= latest,
          `${what} at ${iso} outside the customer's window`,
        );
      };

      const cancels = evs.filter((e) => e.type === 'cancel');
      check(cancels.length === (churn === null ? 0 : 1), `${id} has ${cancels.length} cancel events`);
      if (churn !== null)
        check(Date.parse(cancels[0]?.occurred_at ?? '') === churn, `${id} cancel event not at churned_at`);
      for (const e of evs) {
        unique(seen.event, e.event_id);
        check(e.customer_id === id, `${e.event_id} customer`);
        inWindow(e.occurred_at, e.event_id);
        check(e.value === null || Number.isFinite(e.value), `${e.event_id} value`);
      }
      for (const x of txs) {
        unique(seen.transaction, x.transaction_id);
        inWindow(x.occurred_at, x.transaction_id);
        check(
          Number.isFinite(x.amount) && Math.round(x.amount * 100) / 100 === x.amount,
          `${x.transaction_id} amount ${x.amount}`,
        );
        check(
          x.status === 'refunded' ? x.amount < 0 : x.amount > 0,
          `${x.transaction_id} ${x.status} with amount ${x.amount}`,
        );
      }
      for (const k of tks) {
        unique(seen.ticket, k.ticket_id);
        inWindow(k.opened_at, k.ticket_id);
        check(
          k.satisfaction === null || (Number.isInteger(k.satisfaction) && k.satisfaction >= 1 && k.satisfaction <= 5),
          `${k.ticket_id} satisfaction`,
        );
        if (k.resolved_at !== null) {
          const resolved = Date.parse(k.resolved_at);
          check(resolved > Date.parse(k.opened_at) && resolved < ANCHOR_MS, `${k.ticket_id} resolved_at`);
        }
      }
      events += evs.length;
      transactions += txs.length;
      tickets += tks.length;
    }
    expect(bad).toEqual([]);
    expect(nonAscii).toBeGreaterThan(SAMPLE.length * 0.2);
    expect(chinese).toBeGreaterThan(SAMPLE.length * 0.1);
    // The volume the seed is sized for: ~30–60 events, ~8–15 payments and ~1–2 tickets per customer.
    expect(events / SAMPLE.length).toBeGreaterThan(30);
    expect(events / SAMPLE.length).toBeLessThan(60);
    expect(transactions / SAMPLE.length).toBeGreaterThan(7.5);
    expect(transactions / SAMPLE.length).toBeLessThan(15);
    expect(tickets / SAMPLE.length).toBeGreaterThan(0.75);
    expect(tickets / SAMPLE.length).toBeLessThan(2);
  });

  it('churns 20–30 % of customers over the window and leaves 7–16 % of the rest visibly at risk now', () => {
    const churned = SAMPLE.filter((b) => b.customer.churned_at !== null).length;
    expect(churned / SAMPLE.length).toBeGreaterThan(0.2);
    expect(churned / SAMPLE.length).toBeLessThan(0.3);

    const active = SAMPLE.filter((b) => b.customer.churned_at === null);
    const atRisk = active.filter((b) => {
      const last = countActivity(b, ANCHOR_MS - 60 * DAY, ANCHOR_MS);
      const prev = countActivity(b, ANCHOR_MS - 120 * DAY, ANCHOR_MS - 60 * DAY);
      return (prev >= 6 && last <= 0.4 * prev) || hasOpenComplaint(b, ANCHOR_MS, 60) || hasUnpaidFailure(b, ANCHOR_MS);
    });
    expect(atRisk.length / active.length).toBeGreaterThan(0.07);
    expect(atRisk.length / active.length).toBeLessThan(0.16);
  });

  it('plants falling activity: churners use the product less in the 60 days before leaving', () => {
    let last = 0;
    let prev = 0;
    for (const b of SAMPLE) {
      const churn = churnMs(b);
      if (churn === null || churn - 120 * DAY < Math.max(START_MS, Date.parse(b.customer.signup_at))) continue;
      last += countActivity(b, churn - 60 * DAY, churn);
      prev += countActivity(b, churn - 120 * DAY, churn - 60 * DAY);
    }
    // Customers who stay show no such drop over the same kind of window.
    let keptLast = 0;
    let keptPrev = 0;
    for (const b of SAMPLE) {
      if (b.customer.churned_at !== null || ANCHOR_MS - 120 * DAY < Date.parse(b.customer.signup_at)) continue;
      keptLast += countActivity(b, ANCHOR_MS - 60 * DAY, ANCHOR_MS);
      keptPrev += countActivity(b, ANCHOR_MS - 120 * DAY, ANCHOR_MS - 60 * DAY);
    }
    expect(last / prev).toBeLessThan(0.8);
    expect(keptLast / keptPrev).toBeGreaterThan(0.9);
  });

  it('plants unresolved complaints: an open complaint raises the monthly churn hazard', () => {
    const h = compareHazards(SAMPLE, (b, at) => hasOpenComplaint(b, at, 90));
    expect(h.exposedMonths).toBeGreaterThan(200);
    // Complaints also push customers into disengagement, which alone yields a ratio near 2.6; the direct effect
    // on the hazard takes it to about 4.
    expect(h.ratio).toBeGreaterThan(3);
  });

  it('plants early tenure: customers in their first three months churn faster', () => {
    const h = compareHazards(SAMPLE, (b, at) => at - Date.parse(b.customer.signup_at) < 91 * DAY);
    expect(h.ratio).toBeGreaterThan(1.8);
  });

  it('plants price sensitivity: tagged customers churn more, most of all after the price increase', () => {
    const tagged = (b: DemoBundle) => b.customer.tags.includes('price-sensitive');
    const overall = compareHazards(SAMPLE, (b) => tagged(b));
    expect(overall.ratio).toBeGreaterThan(1.5);

    const increase = MONTHS - PRICE_INCREASE_MONTHS_BEFORE_ANCHOR;
    const afterIncrease = (m: number) => m >= increase && m < increase + 4;
    const sensitive = compareHazards(SAMPLE.filter(tagged), (_b, _at, m) => afterIncrease(m));
    const others = compareHazards(
      SAMPLE.filter((b) => !tagged(b)),
      (_b, _at, m) => afterIncrease(m),
    );
    expect(sensitive.ratio).toBeGreaterThan(1.8);
    expect(sensitive.ratio).toBeGreaterThan(others.ratio * 1.4);
  });

  it('plants payment trouble: an unpaid failed payment raises the churn hazard', () => {
    const h = compareHazards(SAMPLE, (b, at) => hasUnpaidFailure(b, at));
    expect(h.exposedMonths).toBeGreaterThan(30);
    expect(h.ratio).toBeGreaterThan(2);
  });
});
