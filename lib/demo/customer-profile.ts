import type { SeededRandom } from './random';
import {
  COMPANY_WORDS,
  CONTRACT_MIX,
  DAY_MS,
  EMAIL_DOMAINS,
  EN_FEMALE,
  EN_LAST,
  EN_MALE,
  LIST_PRICE,
  MONTH_MS,
  PLAN_MIX,
  RAISED_PRICE,
  SEAT_FACTOR,
  SEGMENT_MIX,
  ZH_FAMILY,
  ZH_FEMALE,
  ZH_MALE,
  floorSecond,
  type City,
  type Plan,
  type Region,
  type Segment,
  type Timeline,
} from './reference-data';

// Who a demo customer is: the fields the records show (name, contact, tags) and the hidden traits that drive
// their churn. Every draw advances the customer's random stream, so reordering draws changes all later values.

/** What the simulation knows about a customer but never writes out: the latent drivers of their churn. */
export type Latent = {
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

export function drawName(rng: SeededRandom, gender: string, chinese: boolean): Name {
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

export function drawEmail(rng: SeededRandom, who: Name, number: number, segment: Segment): string {
  const f = toAscii(who.first) || 'user';
  const l = toAscii(who.last) || 'mail';
  const local = [`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`][rng.pickIndex([0.45, 0.2, 0.2, 0.15])] ?? f;
  const domain = segment === 'consumer' ? rng.pick(EMAIL_DOMAINS) : `${rng.pick(COMPANY_WORDS)}.example`;
  // The customer number keeps addresses unique, so the email blind index finds exactly one customer.
  return `${local}${number}@${domain}`;
}

export function drawPhone(rng: SeededRandom, c: City): string {
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

export function drawLatent(rng: SeededRandom, t: Timeline, region: Region): Latent {
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

export function buildTags(rng: SeededRandom, l: Latent, t: Timeline): string[] {
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

export function stageAt(signupMs: number, anchorMs: number): string {
  // Derived from the signup date only (not from churn), so the field cannot leak the label into features.
  const tenure = (anchorMs - signupMs) / MONTH_MS;
  return tenure < 3 ? 'onboarding' : tenure < 12 ? 'growing' : 'established';
}

/** The plan's list price for all the customer's seats at `atMs`, before coupons and rounding. */
export function computePlanFee(l: Latent, t: Timeline, atMs: number): number {
  return (atMs >= t.increaseMs ? RAISED_PRICE : LIST_PRICE)[l.plan] * l.seats * SEAT_FACTOR[l.segment];
}
