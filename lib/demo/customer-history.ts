import type { DemoTransactionStatus } from './generate';
import { computePlanFee, type Latent } from './customer-profile';
import { weightsOf, type SeededRandom } from './random';
import {
  ADDON_MIX,
  ADDON_PRICE,
  BASE_EVENTS_PER_MONTH,
  BASE_HAZARD,
  BASE_TICKETS_PER_MONTH,
  CONTRACT_HAZARD,
  DAY_MS,
  EVENT_MIX,
  FEATURES,
  MONTH_MS,
  OTHER_REASONS,
  PAGES,
  PAYMENT_FAILURES,
  REFUND_REASONS,
  SATISFACTION_COMPLAINT,
  SATISFACTION_OTHER,
  SATISFACTION_UNRESOLVED,
  TICKET_VIA,
  floorSecond,
  roundCents,
  type Timeline,
} from './reference-data';

// A customer's history, simulated month by month: the month's churn hazard comes first, from the hidden traits
// and what happened before the month began, and only then are the month's events, tickets and payments drawn.

type Props = Record<string, string> | null;
type RawEvent = { at: number; type: string; value: number | null; properties: Props };
type RawTransaction = { at: number; amount: number; status: DemoTransactionStatus; properties: Props };
type RawTicket = { at: number; resolvedAt: number | null; category: string; satisfaction: number | null; via: string };
export type History = {
  events: RawEvent[];
  transactions: RawTransaction[];
  tickets: RawTicket[];
  churnMs: number | null;
};

/** Carried from month to month; the hazard reads it before the month's records exist, so signals precede churn. */
type CarriedState = { drift: number; failedLast: boolean; failedUnrecoveredLast: boolean };

/** One month of one customer: the window it is active in and the conditions that shape its records. */
type Month = {
  rng: SeededRandom;
  l: Latent;
  t: Timeline;
  h: History;
  monthStart: number;
  fromMs: number;
  endMs: number;
  monthLen: number;
  drift: number;
  openComplaint: boolean;
  priceShock: boolean;
};

/** Whether a ticket opened in the 90 days before `atMs` passes `test`: how long a bad experience weighs. */
function hasRecentTicket(tickets: readonly RawTicket[], atMs: number, test: (k: RawTicket) => boolean): boolean {
  return tickets.some((k) => k.at >= atMs - 90 * DAY_MS && k.at < atMs && test(k));
}

function hasOpenComplaint(tickets: readonly RawTicket[], atMs: number): boolean {
  return hasRecentTicket(
    tickets,
    atMs,
    (k) => k.category === 'complaint' && (k.resolvedAt === null || k.resolvedAt > atMs),
  );
}

function hasUnhappyTicket(tickets: readonly RawTicket[], atMs: number): boolean {
  return hasRecentTicket(tickets, atMs, (k) => k.satisfaction !== null && k.satisfaction <= 2);
}

type HazardInput = {
  tenureMonths: number;
  openComplaint: boolean;
  unhappy: boolean;
  priceShock: boolean;
  afterIncrease: boolean;
};

function computeHazard(l: Latent, s: CarriedState, x: HazardInput): number {
  let h = BASE_HAZARD[l.segment] * l.frailty * (CONTRACT_HAZARD[l.contract] ?? 1);
  // (d) early tenure: the first months decide whether the product sticks.
  if (x.tenureMonths < 3) h *= 3.6;
  else if (x.tenureMonths < 6) h *= 1.5;
  if (l.promoSignup && x.tenureMonths < 4) h *= 1.6;
  // (b) service failures.
  if (x.openComplaint) h *= 2.6;
  if (x.unhappy) h *= 1.5;
  // (c) price: a standing sensitivity, a sharp reaction after the list-price rise, and payment trouble.
  if (l.priceSensitive) h *= 1.3;
  if (x.priceShock) h *= 3;
  else if (x.afterIncrease) h *= 1.1;
  if (s.failedUnrecoveredLast) h *= 3.5;
  else if (s.failedLast) h *= 1.5;
  // (a) disengagement: each month of declining use makes leaving more likely.
  h *= 1 + 3 * Math.min(s.drift, 4);
  if (l.engagement < 0.5) h *= 1.3;
  return Math.min(h, 0.8);
}

function pickCancelReason(rng: SeededRandom, l: Latent, s: CarriedState, x: HazardInput): string {
  if (s.failedUnrecoveredLast) return 'payment_failed';
  if (x.priceShock || (l.priceSensitive && rng.bernoulli(0.4))) return 'too_expensive';
  if (x.openComplaint) return 'poor_service';
  if (s.drift > 0) return 'not_using';
  return rng.pickWeighted(OTHER_REASONS);
}

function addMonthEvents(m: Month): void {
  const { rng, fromMs, endMs, drift } = m;
  const activity = drift > 0 ? Math.max(0.06, Math.pow(0.5, drift)) : 1;
  // The rate is scaled by the part of the month the customer was here, so a partial month is not a "decline".
  const n = rng.poisson(BASE_EVENTS_PER_MONTH * m.l.engagement * activity * ((endMs - fromMs) / m.monthLen));
  for (let i = 0; i < n; i++) {
    const at = floorSecond(rng.uniform(fromMs, endMs));
    const type = rng.pickWeighted(EVENT_MIX);
    let value: number | null = null;
    let properties: Props = null;
    if (type === 'session') value = Math.round(rng.logNormal(Math.log(420), 0.8) * (drift > 0 ? 0.7 : 1)) + 5;
    else if (type === 'feature_use') properties = { feature: rng.pick(FEATURES) };
    else if (type === 'page_view') properties = { page: rng.pick(PAGES) };
    m.h.events.push({ at, type, value, properties });
  }
}

function drawSatisfaction(rng: SeededRandom, category: string, open: boolean): number | null {
  // Not every ticket gets a survey answer.
  if (rng.bernoulli(0.25)) return null;
  const weights = open
    ? SATISFACTION_UNRESOLVED
    : category === 'complaint'
      ? SATISFACTION_COMPLAINT
      : SATISFACTION_OTHER;
  return 1 + rng.pickIndex(weights);
}

function addMonthTickets(m: Month): void {
  const { rng, l, fromMs, endMs } = m;
  const rate = BASE_TICKETS_PER_MONTH * l.complaintProne * (m.drift > 0 ? 1.4 : 1) * (m.priceShock ? 1.5 : 1);
  const n = rng.poisson(rate * ((endMs - fromMs) / m.monthLen));
  for (let i = 0; i < n; i++) {
    const at = floorSecond(rng.uniform(fromMs, endMs));
    const category = rng.pickWeighted(
      weightsOf({
        complaint: m.drift > 0 ? 0.4 : 0.27,
        billing: m.priceShock ? 0.4 : 0.2,
        inquiry: 0.33,
        technical: 0.18,
      }),
    );
    const unresolved = rng.bernoulli(category === 'complaint' ? Math.min(0.7, 0.22 * l.complaintProne) : 0.06);
    let resolvedAt = unresolved ? null : floorSecond(at + rng.logNormal(Math.log(20), 1) * 3_600_000 + 60_000);
    if (resolvedAt !== null && resolvedAt >= m.t.anchorMs) resolvedAt = null;
    const satisfaction = drawSatisfaction(rng, category, resolvedAt === null);
    m.h.tickets.push({ at, resolvedAt, category, satisfaction, via: rng.pickWeighted(TICKET_VIA) });
    // People usually look for help before they write in.
    if (rng.bernoulli(0.6)) {
      const viewedAt = Math.max(fromMs, at - rng.int(60, 3600) * 1000);
      m.h.events.push({ at: viewedAt, type: 'support_view', value: null, properties: null });
    }
  }
}

function billingTime(monthStart: number, signupMs: number): number {
  // Billed on the signup's day of month (capped at the 28th so every month has it), at the signup's time.
  const ms = new Date(monthStart);
  const signup = new Date(signupMs);
  const signupDay = Date.UTC(signup.getUTCFullYear(), signup.getUTCMonth(), signup.getUTCDate());
  const day = Math.min(signup.getUTCDate(), 28);
  return Date.UTC(ms.getUTCFullYear(), ms.getUTCMonth(), day) + (signupMs - signupDay) + 60_000;
}

function addRefund(m: Month, paidAt: number, amount: number): void {
  const { rng } = m;
  if (!rng.bernoulli(0.008 + (m.openComplaint ? 0.08 : 0))) return;
  const at = floorSecond(paidAt + rng.uniform(1, 10) * DAY_MS);
  if (at >= m.endMs) return;
  const share = rng.bernoulli(0.6) ? 1 : 0.5;
  const reason = m.openComplaint ? 'service_issue' : rng.pick(REFUND_REASONS);
  m.h.transactions.push({ at, amount: -roundCents(amount * share), status: 'refunded', properties: { reason } });
}

/** Adds the month's subscription payment (and any add-on); reports whether a payment failed or stayed unpaid. */
function addMonthPayments(m: Month): { failed: boolean; unrecovered: boolean } {
  const { rng, l, h } = m;
  const billAt = billingTime(m.monthStart, l.signupMs);
  let failed = false;
  let unrecovered = false;
  if (billAt >= m.fromMs && billAt < m.endMs) {
    const tenureMonths = (billAt - l.signupMs) / MONTH_MS;
    let amount = computePlanFee(l, m.t, billAt);
    let properties: Props = null;
    if (l.promoSignup && tenureMonths < 3) {
      amount *= 0.5;
      properties = { coupon: 'WELCOME50' };
    } else if (l.priceSensitive && rng.bernoulli(0.3)) {
      amount *= 0.8;
      properties = { coupon: 'SAVE20' };
    }
    amount = roundCents(amount);
    const pFail = 0.015 + (l.priceSensitive ? 0.03 : 0) + (m.priceShock ? 0.05 : 0) + (m.drift > 0 ? 0.03 : 0);
    let paidAt: number | null = billAt;
    if (rng.bernoulli(pFail)) {
      failed = true;
      const failure = rng.pick(PAYMENT_FAILURES);
      h.transactions.push({ at: billAt, amount, status: 'failed', properties: { ...properties, failure } });
      // Dunning retries once, three days later; a third of failures stay unpaid.
      const retryAt = billAt + 3 * DAY_MS;
      paidAt = rng.bernoulli(0.65) && retryAt < m.endMs ? retryAt : null;
      unrecovered = paidAt === null;
    }
    if (paidAt !== null) {
      h.transactions.push({ at: paidAt, amount, status: 'paid', properties });
      addRefund(m, paidAt, amount);
    }
  }
  if (rng.bernoulli(0.05 * Math.min(l.engagement, 3) * (m.drift > 0 ? 0.3 : 1))) {
    const item = rng.pickWeighted(ADDON_MIX);
    const at = floorSecond(rng.uniform(m.fromMs, m.endMs));
    h.transactions.push({ at, amount: ADDON_PRICE[item] ?? 0, status: 'paid', properties: { item } });
  }
  return { failed, unrecovered };
}

export function simulateHistory(rng: SeededRandom, l: Latent, t: Timeline): History {
  const h: History = { events: [], transactions: [], tickets: [], churnMs: null };
  const s: CarriedState = { drift: 0, failedLast: false, failedUnrecoveredLast: false };
  for (let i = 0; i + 1 < t.monthStarts.length; i++) {
    const monthStart = t.monthStarts[i] ?? t.anchorMs;
    const monthEnd = t.monthStarts[i + 1] ?? t.anchorMs;
    if (monthEnd <= l.signupMs) continue;
    const fromMs = Math.max(monthStart, l.signupMs);
    const monthLen = monthEnd - monthStart;
    const afterIncrease = i >= t.increaseMonth && i < t.increaseMonth + 4;
    const x: HazardInput = {
      tenureMonths: Math.max(0, (monthStart - l.signupMs) / MONTH_MS),
      openComplaint: hasOpenComplaint(h.tickets, fromMs),
      unhappy: hasUnhappyTicket(h.tickets, fromMs),
      priceShock: l.priceSensitive && afterIncrease,
      afterIncrease,
    };

    const churns = rng.bernoulli(computeHazard(l, s, x) * ((monthEnd - fromMs) / monthLen));
    const churnMs = churns ? floorSecond(fromMs + rng.uniform(0.05, 0.98) * (monthEnd - fromMs)) : null;
    const reason = churns ? pickCancelReason(rng, l, s, x) : '';

    // Disengagement starts (or fades) at the month boundary; complaints and price shocks make it likelier.
    if (s.drift > 0) {
      s.drift = rng.bernoulli(0.1) ? 0 : s.drift + 1;
    } else {
      const pDrift = 0.06 * l.driftProne * (x.openComplaint ? 2.5 : 1) * (x.priceShock ? 2 : 1);
      if (rng.bernoulli(pDrift * (x.tenureMonths < 3 ? 1.5 : 1))) s.drift = 1;
    }

    const m: Month = { rng, l, t, h, monthStart, fromMs, endMs: churnMs ?? monthEnd, monthLen, drift: s.drift, ...x };
    addMonthEvents(m);
    addMonthTickets(m);
    const pay = addMonthPayments(m);
    s.failedLast = pay.failed;
    s.failedUnrecoveredLast = pay.unrecovered;

    if (churnMs !== null) {
      h.events.push({ at: churnMs, type: 'cancel', value: null, properties: { reason } });
      h.churnMs = churnMs;
      break;
    }
  }
  return h;
}
