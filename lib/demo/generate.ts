import { createRandom, mixSeed, weightsOf, type SeededRandom, type Weighted } from './random';

// A pure, deterministic generator of a subscription business's customers and their history. It plants real
// churn drivers (falling activity, unresolved complaints, price sensitivity, early tenure) as monthly hazards,
// so a model trained on earlier snapshots has something true to learn. Records follow DATA_CONTRACT.md field
// names, so the same bundles can feed the seed, importers and benchmarks.

/** End of the demo history used by the seed; fixed so every install shows the same customers. */
export const DEFAULT_DEMO_ANCHOR = new Date('2026-11-01T00:00:00Z');
export const DEFAULT_DEMO_MONTHS = 18;
/** List prices rise this many months before the anchor; price-sensitive customers react in the months after. */
export const PRICE_INCREASE_MONTHS_BEFORE_ANCHOR = 6;

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
// Reference data. Lists are `|`-separated strings so they stay one line each under the formatter.

const listOf = (s: string): string[] => s.split('|');
// `王 Wang|李 Li`: the display form and its romanisation, which the email address is built from.
const pairsOf = (s: string): [string, string][] => listOf(s).map((p) => p.split(' ') as [string, string]);

const EN_FEMALE = listOf(
  'Emma|Olivia|Ava|Sophia|Mia|Charlotte|Amelia|Harper|Emily|Grace|Chloe|Lily|Hannah|Sarah|Laura|Rachel|Zoë|Chloé|Renée|Anaïs|Inés|Małgorzata',
);
const EN_MALE = listOf(
  'James|Oliver|Liam|Noah|William|Lucas|Henry|Jack|Daniel|Samuel|Thomas|Ethan|Adam|Ryan|José|André|Łukasz|Jürgen|François|Björn|Søren|Nikolaj',
);
const EN_LAST = listOf(
  "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Clark|Lewis|Walker|Hall|Young|King|Wright|Scott|Green|Baker|Adams|Müller|García|Martínez|O'Connor|Dubois|Nowak|Kowalczyk|Jensen|Rossi|Schäfer|Núñez|Lefèvre|van der Berg|Østergaard",
);
const ZH_FAMILY = pairsOf(
  '王 Wang|李 Li|张 Zhang|刘 Liu|陈 Chen|杨 Yang|黄 Huang|赵 Zhao|吴 Wu|周 Zhou|徐 Xu|孙 Sun|马 Ma|朱 Zhu|胡 Hu|郭 Guo|林 Lin|何 He|高 Gao|罗 Luo|欧阳 Ouyang|司马 Sima',
);
const ZH_FEMALE = pairsOf(
  '芳 Fang|娜 Na|敏 Min|静 Jing|丽 Li|婷 Ting|雪 Xue|慧 Hui|颖 Ying|晓燕 Xiaoyan|欣怡 Xinyi|梓涵 Zihan|雨桐 Yutong|佳怡 Jiayi',
);
const ZH_MALE = pairsOf(
  '伟 Wei|强 Qiang|磊 Lei|军 Jun|洋 Yang|勇 Yong|杰 Jie|涛 Tao|明 Ming|浩然 Haoran|子轩 Zixuan|宇航 Yuhang|俊杰 Junjie|志强 Zhiqiang',
);

type City = { name: string; phonePrefix: string; phoneDigits: number; chineseShare: number };
type Region = { name: string; weight: number; cities: City[]; payment: Weighted<string>[] };

const city = (name: string, phonePrefix: string, phoneDigits: number, chineseShare: number): City => ({
  name,
  phonePrefix,
  phoneDigits,
  chineseShare,
});

const REGIONS: Region[] = [
  {
    name: 'North America',
    weight: 0.34,
    payment: weightsOf({ card: 0.75, paypal: 0.25 }),
    cities: [
      city('New York', '+1 212', 7, 0.08),
      city('San Francisco', '+1 415', 7, 0.2),
      city('Chicago', '+1 312', 7, 0.05),
      city('Toronto', '+1 416', 7, 0.15),
      city('Vancouver', '+1 604', 7, 0.3),
    ],
  },
  {
    name: 'Europe',
    weight: 0.26,
    payment: weightsOf({ card: 0.6, sepa_debit: 0.25, paypal: 0.15 }),
    cities: [
      city('London', '+44 20', 8, 0.06),
      city('Berlin', '+49 30', 8, 0.03),
      city('Paris', '+33 1', 8, 0.04),
      city('Amsterdam', '+31 20', 7, 0.03),
      city('Madrid', '+34 91', 7, 0.02),
    ],
  },
  {
    name: 'Greater China',
    weight: 0.28,
    payment: weightsOf({ alipay: 0.45, wechat_pay: 0.4, card: 0.15 }),
    cities: [
      city('上海', '+86 13', 9, 0.95),
      city('北京', '+86 15', 9, 0.95),
      city('深圳', '+86 18', 9, 0.95),
      city('Hong Kong', '+852', 8, 0.85),
      city('Taipei', '+886 9', 8, 0.9),
    ],
  },
  {
    name: 'Asia Pacific',
    weight: 0.12,
    payment: weightsOf({ card: 0.8, paypal: 0.2 }),
    cities: [city('Singapore', '+65', 8, 0.7), city('Sydney', '+61 2', 8, 0.15), city('Tokyo', '+81 3', 8, 0.1)],
  },
];
const REGION_MIX: Weighted<Region>[] = REGIONS.map((r) => [r, r.weight]);

type Segment = 'consumer' | 'smb' | 'enterprise';
type Plan = 'basic' | 'standard' | 'premium';

const SEGMENT_MIX = weightsOf<Segment>({ consumer: 0.72, smb: 0.21, enterprise: 0.07 });
const GENDER_MIX = weightsOf({ female: 0.485, male: 0.485, other: 0.01, unspecified: 0.02 });
const LIST_PRICE: Record<Plan, number> = { basic: 9.99, standard: 19.99, premium: 39.99 };
const RAISED_PRICE: Record<Plan, number> = { basic: 11.99, standard: 22.99, premium: 44.99 };
const PLAN_MIX: Record<Segment, Weighted<Plan>[]> = {
  consumer: weightsOf<Plan>({ basic: 0.45, standard: 0.38, premium: 0.17 }),
  smb: weightsOf<Plan>({ basic: 0.2, standard: 0.5, premium: 0.3 }),
  enterprise: weightsOf<Plan>({ standard: 0.3, premium: 0.7 }),
};
const CHANNEL_MIX: Record<Segment, Weighted<string>[]> = {
  consumer: weightsOf({ web: 0.38, app: 0.37, store: 0.15, partner: 0.1 }),
  smb: weightsOf({ web: 0.5, app: 0.1, store: 0.05, partner: 0.35 }),
  enterprise: weightsOf({ web: 0.35, partner: 0.65 }),
};
const CONTRACT_MIX: Record<Segment, Weighted<string>[]> = {
  consumer: weightsOf({ monthly: 0.78, annual: 0.22 }),
  smb: weightsOf({ monthly: 0.5, annual: 0.5 }),
  enterprise: weightsOf({ annual: 0.55, 'two-year': 0.45 }),
};
// Committed contracts churn less: leaving means waiting out (or paying off) the term.
const CONTRACT_HAZARD: Record<string, number> = { monthly: 1, annual: 0.6, 'two-year': 0.4 };
const BASE_HAZARD: Record<Segment, number> = { consumer: 0.0048, smb: 0.0035, enterprise: 0.0022 };
// Enterprise seats are sold at a volume discount.
const SEAT_FACTOR: Record<Segment, number> = { consumer: 1, smb: 1, enterprise: 0.7 };

const EVENT_MIX = weightsOf({ login: 0.3, session: 0.3, page_view: 0.25, feature_use: 0.15 });
const FEATURES = listOf('reports|export|sync|sharing|automation|dashboards|integrations');
const PAGES = listOf('/home|/library|/settings|/plans|/billing|/help|/profile');
const ADDON_PRICE: Record<string, number> = {
  'extra-storage': 4.99,
  'priority-support': 9.99,
  'add-on-pack': 14.99,
  'onboarding-session': 29.99,
};
const ADDON_MIX = weightsOf({
  'extra-storage': 0.4,
  'priority-support': 0.25,
  'add-on-pack': 0.25,
  'onboarding-session': 0.1,
});
const TICKET_VIA = weightsOf({ email: 0.45, chat: 0.35, phone: 0.2 });
const OTHER_REASONS = weightsOf({ switched_provider: 0.4, no_longer_needed: 0.35, other: 0.25 });
const PAYMENT_FAILURES = listOf('card_declined|insufficient_funds|expired_card');
const REFUND_REASONS = listOf('duplicate_charge|goodwill|service_issue');
// Satisfaction 1..5 by situation: an unresolved ticket, when answered at all, is answered angrily.
const SATISFACTION_UNRESOLVED = [0.5, 0.3, 0.15, 0.05, 0];
const SATISFACTION_COMPLAINT = [0.1, 0.2, 0.3, 0.25, 0.15];
const SATISFACTION_OTHER = [0, 0.05, 0.15, 0.4, 0.4];
const EMAIL_DOMAINS = listOf('example.com|example.net|example.org|mail.example.com');
const COMPANY_WORDS = listOf('acme|northwind|globex|initech|umbrella|contoso|fabrikam|tailspin|wingtip|litware');

// ---------------------------------------------------------------------------------------------------------------
// Time

const DAY_MS = 86_400_000;
const MONTH_MS = 30.4375 * DAY_MS;
const BASE_EVENTS_PER_MONTH = 4.4;
const BASE_TICKETS_PER_MONTH = 0.1;

function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

// Whole seconds: source systems rarely export milliseconds, and round values diff cleanly in tests.
function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

type Timeline = { anchorMs: number; startMs: number; monthStarts: number[]; increaseMonth: number; increaseMs: number };

function buildTimeline(anchor: Date, months: number): Timeline {
  const anchorMs = anchor.getTime();
  const monthStarts: number[] = [];
  for (let m = 0; m <= months; m++) monthStarts.push(addMonthsUtc(anchorMs, m - months));
  const increaseMonth = Math.max(0, months - PRICE_INCREASE_MONTHS_BEFORE_ANCHOR);
  const at = (m: number) => monthStarts[m] ?? anchorMs;
  return { anchorMs, startMs: at(0), monthStarts, increaseMonth, increaseMs: at(increaseMonth) };
}

// ---------------------------------------------------------------------------------------------------------------
// Profile

/** What the simulation knows about a customer but never writes out: the latent drivers of their churn. */
type Latent = {
  segment: Segment;
  plan: Plan;
  seats: number;
  contract: string;
  signupMs: number;
  engagement: number;
  priceSensitive: boolean;
  promoSignup: boolean;
  complaintProne: number;
  driftProne: number;
  frailty: number;
  paymentMethod: string;
};

function toAscii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁ]/g, 'l')
    .replace(/[øØ]/g, 'o')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

type Name = { name: string; first: string; last: string };

function drawName(rng: SeededRandom, gender: string, chinese: boolean): Name {
  const female = gender === 'female' || (gender !== 'male' && rng.bernoulli(0.5));
  if (chinese) {
    const [familyZh, familyEn] = rng.pick(ZH_FAMILY);
    const [givenZh, givenEn] = rng.pick(female ? ZH_FEMALE : ZH_MALE);
    // Mainland systems store the characters; many overseas records carry the romanised, given-name-first form.
    const name = rng.bernoulli(0.7) ? `${familyZh}${givenZh}` : `${givenEn} ${familyEn}`;
    return { name, first: givenEn, last: familyEn };
  }
  const first = rng.pick(female ? EN_FEMALE : EN_MALE);
  const last = rng.pick(EN_LAST);
  return { name: `${first} ${last}`, first, last };
}

function drawEmail(rng: SeededRandom, who: Name, number: number, segment: Segment): string {
  const f = toAscii(who.first) || 'user';
  const l = toAscii(who.last) || 'mail';
  const local = [`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`][rng.pickIndex([0.45, 0.2, 0.2, 0.15])] ?? f;
  const domain = segment === 'consumer' ? rng.pick(EMAIL_DOMAINS) : `${rng.pick(COMPANY_WORDS)}.example`;
  // The customer number keeps addresses unique, so the email blind index finds exactly one customer.
  return `${local}${number}@${domain}`;
}

function drawPhone(rng: SeededRandom, c: City): string {
  let digits = '';
  for (let i = 0; i < c.phoneDigits; i++) digits += String(rng.int(0, 9));
  const cut = Math.ceil(digits.length / 2);
  return `${c.phonePrefix} ${digits.slice(0, cut)} ${digits.slice(cut)}`;
}

function drawSignup(rng: SeededRandom, t: Timeline): number {
  // About a third are long-standing customers from before the window; the rest arrive at a growing pace.
  if (rng.bernoulli(0.32)) return floorSecond(t.startMs - rng.uniform(20, 1400) * DAY_MS);
  const span = t.anchorMs - 3 * DAY_MS - t.startMs;
  return floorSecond(t.startMs + span * Math.pow(rng.next(), 0.8));
}

function drawLatent(rng: SeededRandom, t: Timeline, region: Region): Latent {
  const segment = rng.pickWeighted(SEGMENT_MIX);
  const plan = rng.pickWeighted(PLAN_MIX[segment]);
  const seats = segment === 'consumer' ? 1 : segment === 'smb' ? rng.int(2, 25) : 20 + rng.poisson(60);
  const signupMs = drawSignup(rng, t);
  const planEngagement = plan === 'premium' ? 1.25 : plan === 'basic' ? 0.85 : 1;
  const engagement = rng.logNormal(0, 0.55) * planEngagement * (segment === 'consumer' ? 1 : 1.2);
  const psBase = segment === 'consumer' ? 0.28 : segment === 'smb' ? 0.16 : 0.05;
  const priceSensitive = rng.bernoulli(psBase + (plan === 'basic' ? 0.12 : 0));
  const promoSignup = signupMs >= t.startMs && rng.bernoulli(priceSensitive ? 0.45 : 0.12);
  return {
    segment,
    plan,
    seats,
    contract: rng.pickWeighted(CONTRACT_MIX[segment]),
    signupMs,
    engagement,
    priceSensitive,
    promoSignup,
    complaintProne: rng.logNormal(-0.1, 0.75),
    driftProne: rng.logNormal(0, 0.5),
    frailty: rng.logNormal(0, 0.3),
    paymentMethod: segment === 'enterprise' ? 'invoice' : rng.pickWeighted(region.payment),
  };
}

function buildTags(rng: SeededRandom, l: Latent, t: Timeline): string[] {
  const tags: string[] = [];
  // The tag is what the CRM knows: most, not all, price-sensitive customers carry it, plus a few false positives.
  if (l.priceSensitive ? rng.bernoulli(0.8) : rng.bernoulli(0.03)) tags.push('price-sensitive');
  if (l.promoSignup) tags.push('promo-signup');
  if ((l.plan === 'premium' || l.segment === 'enterprise') && l.engagement > 1.3) tags.push('vip');
  if (l.signupMs < t.startMs - 730 * DAY_MS) tags.push('early-adopter');
  if (rng.bernoulli(0.3)) tags.push('newsletter');
  if (rng.bernoulli(0.05)) tags.push('beta-tester');
  return tags;
}

function stageAt(signupMs: number, anchorMs: number): string {
  // Derived from the signup date only (not from churn), so the field cannot leak the label into features.
  const tenure = (anchorMs - signupMs) / MONTH_MS;
  return tenure < 3 ? 'onboarding' : tenure < 12 ? 'growing' : 'established';
}

// ---------------------------------------------------------------------------------------------------------------
// History: a month-by-month simulation

type Props = Record<string, string> | null;
type RawEvent = { at: number; type: string; value: number | null; properties: Props };
type RawTransaction = { at: number; amount: number; status: DemoTransactionStatus; properties: Props };
type RawTicket = { at: number; resolvedAt: number | null; category: string; satisfaction: number | null; via: string };
type History = { events: RawEvent[]; transactions: RawTransaction[]; tickets: RawTicket[]; churnMs: number | null };

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

function hasOpenComplaint(tickets: readonly RawTicket[], atMs: number): boolean {
  return tickets.some(
    (k) =>
      k.category === 'complaint' &&
      k.at >= atMs - 90 * DAY_MS &&
      k.at < atMs &&
      (k.resolvedAt === null || k.resolvedAt > atMs),
  );
}

function hasUnhappyTicket(tickets: readonly RawTicket[], atMs: number): boolean {
  return tickets.some(
    (k) => k.at >= atMs - 90 * DAY_MS && k.at < atMs && k.satisfaction !== null && k.satisfaction <= 2,
  );
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
    const price = (billAt >= m.t.increaseMs ? RAISED_PRICE : LIST_PRICE)[l.plan];
    let amount = price * l.seats * SEAT_FACTOR[l.segment];
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

function simulateHistory(rng: SeededRandom, l: Latent, t: Timeline): History {
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
  const signupPrice = (l.signupMs >= t.increaseMs ? RAISED_PRICE : LIST_PRICE)[l.plan];

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
      monthly_fee: roundCents(signupPrice * l.seats * SEAT_FACTOR[l.segment]),
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
