import { buildTags, computePlanFee, drawEmail, drawLatent, drawName, drawPhone, stageAt } from './customer-profile';
import { simulateHistory } from './customer-history';
import { createRandom, mixSeed } from './random';
import {
  CHANNEL_MIX,
  GENDER_MIX,
  REGION_MIX,
  addMonthsUtc,
  buildTimeline,
  roundCents,
  toIso,
  type Timeline,
} from './reference-data';

// A pure, deterministic generator of a subscription business's customers and their history. It plants real
// churn drivers (falling activity, unresolved complaints, price sensitivity, early tenure) as monthly hazards,
// so a model trained on earlier snapshots has something true to learn. Records follow DATA_CONTRACT.md field
// names, so the same bundles can feed the seed, importers and benchmarks. The figures live in reference-data.ts,
// who a customer is in customer-profile.ts, their month-by-month history in customer-history.ts.

/** End of the demo history used by the seed; fixed so every install shows the same customers. */
export const DEFAULT_DEMO_ANCHOR = new Date('2026-11-01T00:00:00Z');
export const DEFAULT_DEMO_MONTHS = 18;
export { PRICE_INCREASE_MONTHS_BEFORE_ANCHOR } from './reference-data';

export type DemoCustomer = {
  customer_id: string;
  name: string;
  email: string;
  phone: string;
  signup_at: string;
  churned_at: string | null;
  segment: string;
  region: string;
  city: string;
  channel: string;
  gender: string;
  plan: string;
  lifecycle_stage: string;
  birth_year: number;
  /** The contract's `;`-separated tags, as a list. */
  tags: string[];
  /** Custom attributes ("any other column" in the contract): numbers become numeric features. */
  attributes: Record<string, number | string>;
};

export type DemoEvent = {
  event_id: string;
  customer_id: string;
  occurred_at: string;
  type: string;
  value: number | null;
  properties: Record<string, string> | null;
};

export type DemoTransactionStatus = 'paid' | 'refunded' | 'failed';

export type DemoTransaction = {
  transaction_id: string;
  customer_id: string;
  occurred_at: string;
  amount: number;
  currency: string;
  status: DemoTransactionStatus;
  quantity: number;
  payment_method: string;
  properties: Record<string, string> | null;
};

export type DemoTicket = {
  ticket_id: string;
  customer_id: string;
  opened_at: string;
  resolved_at: string | null;
  category: string;
  satisfaction: number | null;
  properties: Record<string, string> | null;
};

export type DemoBundle = {
  customer: DemoCustomer;
  events: DemoEvent[];
  transactions: DemoTransaction[];
  tickets: DemoTicket[];
};

export type GenerateDemoOptions = { customers: number; seed: number; anchor: Date; months: number };

// ---------------------------------------------------------------------------------------------------------------
// Assembly

function byTime<T extends { at: number }>(a: T, b: T): number {
  return a.at - b.at;
}

function generateBundle(index: number, seed: number, t: Timeline): DemoBundle {
  const rng = createRandom(mixSeed(seed, index));
  const number = index + 1;
  const digits = String(number).padStart(6, '0');
  const customerId = `C${digits}`;

  const region = rng.pickWeighted(REGION_MIX);
  const home = rng.pick(region.cities);
  const gender = rng.pickWeighted(GENDER_MIX);
  const who = drawName(rng, gender, rng.bernoulli(home.chineseShare));
  const l = drawLatent(rng, t, region);
  const email = drawEmail(rng, who, number, l.segment);
  const phone = drawPhone(rng, home);
  const channel = rng.pickWeighted(CHANNEL_MIX[l.segment]);
  const birthYear = rng.int(1952, 2006);
  const tags = buildTags(rng, l, t);

  const h = simulateHistory(rng, l, t);
  h.events.sort(byTime);
  h.transactions.sort(byTime);
  h.tickets.sort(byTime);

  const customer: DemoCustomer = {
    customer_id: customerId,
    name: who.name,
    email,
    phone,
    signup_at: toIso(l.signupMs),
    churned_at: h.churnMs === null ? null : toIso(h.churnMs),
    segment: l.segment,
    region: region.name,
    city: home.name,
    channel,
    gender,
    plan: l.plan,
    lifecycle_stage: stageAt(l.signupMs, t.anchorMs),
    birth_year: birthYear,
    tags,
    // The fee agreed at signup, not today's: a fee frozen at churn time would leak the label.
    attributes: {
      monthly_fee: roundCents(computePlanFee(l, t, l.signupMs)),
      contract: l.contract,
      seats: l.seats,
    },
  };
  return {
    customer,
    events: h.events.map((e, i) => ({
      event_id: `E${digits}-${i + 1}`,
      customer_id: customerId,
      occurred_at: toIso(e.at),
      type: e.type,
      value: e.value,
      properties: e.properties,
    })),
    transactions: h.transactions.map((x, i) => ({
      transaction_id: `T${digits}-${i + 1}`,
      customer_id: customerId,
      occurred_at: toIso(x.at),
      amount: x.amount,
      currency: 'USD',
      status: x.status,
      quantity: l.seats,
      payment_method: l.paymentMethod,
      properties: x.properties,
    })),
    tickets: h.tickets.map((k, i) => ({
      ticket_id: `K${digits}-${i + 1}`,
      customer_id: customerId,
      opened_at: toIso(k.at),
      resolved_at: k.resolvedAt === null ? null : toIso(k.resolvedAt),
      category: k.category,
      satisfaction: k.satisfaction,
      properties: { via: k.via },
    })),
  };
}

/**
 * Yields one bundle per customer, `C000001` first. Each customer draws from its own stream seeded by
 * (seed, index), so output is identical for the same seed and anchor, and the first N customers do not depend
 * on how many are generated in total. A generator, so 20,000 customers never sit in memory at once.
 */
export function* generateDemoCustomers(opts: GenerateDemoOptions): Generator<DemoBundle, void, undefined> {
  if (!Number.isInteger(opts.customers) || opts.customers < 0) throw new Error('customers must be an integer ≥ 0');
  if (!Number.isInteger(opts.months) || opts.months < 1) throw new Error('months must be a positive integer');
  if (Number.isNaN(opts.anchor.getTime())) throw new Error('anchor must be a valid date');
  const timeline = buildTimeline(opts.anchor, opts.months);
  for (let i = 0; i < opts.customers; i++) yield generateBundle(i, opts.seed, timeline);
}

/** The first instant of the generated history (`months` before the anchor). */
export function demoWindowStart(anchor: Date, months: number): Date {
  return new Date(addMonthsUtc(anchor.getTime(), -months));
}
