import { weightsOf, type Weighted } from './random';

// The simulated business's fixed inputs (who its customers are, what it sells, how they behave) and the calendar
// its history runs on, kept apart from the logic that draws from them so the whole mix reads as one table.

// ---------------------------------------------------------------------------------------------------------------
// Reference data. Lists are `|`-separated strings so they stay one line each under the formatter.

const listOf = (s: string): string[] => s.split('|');
// `王 Wang|李 Li`: the display form and its romanisation, which the email address is built from.
const pairsOf = (s: string): [string, string][] => listOf(s).map((p) => p.split(' ') as [string, string]);

export const EN_FEMALE = listOf(
  'Emma|Olivia|Ava|Sophia|Mia|Charlotte|Amelia|Harper|Emily|Grace|Chloe|Lily|Hannah|Sarah|Laura|Rachel|Zoë|Chloé|Renée|Anaïs|Inés|Małgorzata',
);
export const EN_MALE = listOf(
  'James|Oliver|Liam|Noah|William|Lucas|Henry|Jack|Daniel|Samuel|Thomas|Ethan|Adam|Ryan|José|André|Łukasz|Jürgen|François|Björn|Søren|Nikolaj',
);
export const EN_LAST = listOf(
  "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Taylor|Clark|Lewis|Walker|Hall|Young|King|Wright|Scott|Green|Baker|Adams|Müller|García|Martínez|O'Connor|Dubois|Nowak|Kowalczyk|Jensen|Rossi|Schäfer|Núñez|Lefèvre|van der Berg|Østergaard",
);
export const ZH_FAMILY = pairsOf(
  '王 Wang|李 Li|张 Zhang|刘 Liu|陈 Chen|杨 Yang|黄 Huang|赵 Zhao|吴 Wu|周 Zhou|徐 Xu|孙 Sun|马 Ma|朱 Zhu|胡 Hu|郭 Guo|林 Lin|何 He|高 Gao|罗 Luo|欧阳 Ouyang|司马 Sima',
);
export const ZH_FEMALE = pairsOf(
  '芳 Fang|娜 Na|敏 Min|静 Jing|丽 Li|婷 Ting|雪 Xue|慧 Hui|颖 Ying|晓燕 Xiaoyan|欣怡 Xinyi|梓涵 Zihan|雨桐 Yutong|佳怡 Jiayi',
);
export const ZH_MALE = pairsOf(
  '伟 Wei|强 Qiang|磊 Lei|军 Jun|洋 Yang|勇 Yong|杰 Jie|涛 Tao|明 Ming|浩然 Haoran|子轩 Zixuan|宇航 Yuhang|俊杰 Junjie|志强 Zhiqiang',
);

export type City = { name: string; phonePrefix: string; phoneDigits: number; chineseShare: number };
export type Region = { name: string; weight: number; cities: City[]; payment: Weighted<string>[] };

/** A city's phone prefix, how many local digits follow it, and the share of its customers with Chinese names. */
type CityRow = readonly [phonePrefix: string, phoneDigits: number, chineseShare: number];

function defineRegion(
  name: string,
  weight: number,
  payment: Weighted<string>[],
  cities: Record<string, CityRow>,
): Region {
  return {
    name,
    weight,
    payment,
    cities: Object.entries(cities).map(([city, [phonePrefix, phoneDigits, chineseShare]]) => ({
      name: city,
      phonePrefix,
      phoneDigits,
      chineseShare,
    })),
  };
}

const REGIONS: Region[] = [
  defineRegion('North America', 0.34, weightsOf({ card: 0.75, paypal: 0.25 }), {
    'New York': ['+1 212', 7, 0.08],
    'San Francisco': ['+1 415', 7, 0.2],
    Chicago: ['+1 312', 7, 0.05],
    Toronto: ['+1 416', 7, 0.15],
    Vancouver: ['+1 604', 7, 0.3],
  }),
  defineRegion('Europe', 0.26, weightsOf({ card: 0.6, sepa_debit: 0.25, paypal: 0.15 }), {
    London: ['+44 20', 8, 0.06],
    Berlin: ['+49 30', 8, 0.03],
    Paris: ['+33 1', 8, 0.04],
    Amsterdam: ['+31 20', 7, 0.03],
    Madrid: ['+34 91', 7, 0.02],
  }),
  defineRegion('Greater China', 0.28, weightsOf({ alipay: 0.45, wechat_pay: 0.4, card: 0.15 }), {
    上海: ['+86 13', 9, 0.95],
    北京: ['+86 15', 9, 0.95],
    深圳: ['+86 18', 9, 0.95],
    'Hong Kong': ['+852', 8, 0.85],
    Taipei: ['+886 9', 8, 0.9],
  }),
  defineRegion('Asia Pacific', 0.12, weightsOf({ card: 0.8, paypal: 0.2 }), {
    Singapore: ['+65', 8, 0.7],
    Sydney: ['+61 2', 8, 0.15],
    Tokyo: ['+81 3', 8, 0.1],
  }),
];

export const REGION_MIX: Weighted<Region>[] = REGIONS.map((r) => [r, r.weight]);

export type Segment = 'consumer' | 'smb' | 'enterprise';
export type Plan = 'basic' | 'standard' | 'premium';

export const SEGMENT_MIX = weightsOf<Segment>({ consumer: 0.72, smb: 0.21, enterprise: 0.07 });
export const GENDER_MIX = weightsOf({ female: 0.485, male: 0.485, other: 0.01, unspecified: 0.02 });
export const LIST_PRICE: Record<Plan, number> = { basic: 9.99, standard: 19.99, premium: 39.99 };
export const RAISED_PRICE: Record<Plan, number> = { basic: 11.99, standard: 22.99, premium: 44.99 };
export const PLAN_MIX: Record<Segment, Weighted<Plan>[]> = {
  consumer: weightsOf<Plan>({ basic: 0.45, standard: 0.38, premium: 0.17 }),
  smb: weightsOf<Plan>({ basic: 0.2, standard: 0.5, premium: 0.3 }),
  enterprise: weightsOf<Plan>({ standard: 0.3, premium: 0.7 }),
};
export const CHANNEL_MIX: Record<Segment, Weighted<string>[]> = {
  consumer: weightsOf({ web: 0.38, app: 0.37, store: 0.15, partner: 0.1 }),
  smb: weightsOf({ web: 0.5, app: 0.1, store: 0.05, partner: 0.35 }),
  enterprise: weightsOf({ web: 0.35, partner: 0.65 }),
};
export const CONTRACT_MIX: Record<Segment, Weighted<string>[]> = {
  consumer: weightsOf({ monthly: 0.78, annual: 0.22 }),
  smb: weightsOf({ monthly: 0.5, annual: 0.5 }),
  enterprise: weightsOf({ annual: 0.55, 'two-year': 0.45 }),
};
// Committed contracts churn less: leaving means waiting out (or paying off) the term.
export const CONTRACT_HAZARD: Record<string, number> = { monthly: 1, annual: 0.6, 'two-year': 0.4 };
export const BASE_HAZARD: Record<Segment, number> = { consumer: 0.0048, smb: 0.0035, enterprise: 0.0022 };
// Enterprise seats are sold at a volume discount.
export const SEAT_FACTOR: Record<Segment, number> = { consumer: 1, smb: 1, enterprise: 0.7 };

export const EVENT_MIX = weightsOf({ login: 0.3, session: 0.3, page_view: 0.25, feature_use: 0.15 });
export const FEATURES = listOf('reports|export|sync|sharing|automation|dashboards|integrations');
export const PAGES = listOf('/home|/library|/settings|/plans|/billing|/help|/profile');
export const ADDON_PRICE: Record<string, number> = {
  'extra-storage': 4.99,
  'priority-support': 9.99,
  'add-on-pack': 14.99,
  'onboarding-session': 29.99,
};
export const ADDON_MIX = weightsOf({
  'extra-storage': 0.4,
  'priority-support': 0.25,
  'add-on-pack': 0.25,
  'onboarding-session': 0.1,
});
export const TICKET_VIA = weightsOf({ email: 0.45, chat: 0.35, phone: 0.2 });
export const OTHER_REASONS = weightsOf({ switched_provider: 0.4, no_longer_needed: 0.35, other: 0.25 });
export const PAYMENT_FAILURES = listOf('card_declined|insufficient_funds|expired_card');
export const REFUND_REASONS = listOf('duplicate_charge|goodwill|service_issue');
// Satisfaction 1..5 by situation: an unresolved ticket, when answered at all, is answered angrily.
export const SATISFACTION_UNRESOLVED = [0.5, 0.3, 0.15, 0.05, 0];
export const SATISFACTION_COMPLAINT = [0.1, 0.2, 0.3, 0.25, 0.15];
export const SATISFACTION_OTHER = [0, 0.05, 0.15, 0.4, 0.4];
export const EMAIL_DOMAINS = listOf('example.com|example.net|example.org|mail.example.com');
export const COMPANY_WORDS = listOf('acme|northwind|globex|initech|umbrella|contoso|fabrikam|tailspin|wingtip|litware');

// ---------------------------------------------------------------------------------------------------------------
// Time

/** List prices rise this many months before the anchor; price-sensitive customers react in the months after. */
export const PRICE_INCREASE_MONTHS_BEFORE_ANCHOR = 6;

export const DAY_MS = 86_400_000;
export const MONTH_MS = 30.4375 * DAY_MS;
export const BASE_EVENTS_PER_MONTH = 4.4;
export const BASE_TICKETS_PER_MONTH = 0.1;

export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

// Whole seconds: source systems rarely export milliseconds, and round values diff cleanly in tests.
export function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function roundCents(x: number): number {
  return Math.round(x * 100) / 100;
}

export type Timeline = {
  anchorMs: number;
  startMs: number;
  monthStarts: number[];
  increaseMonth: number;
  increaseMs: number;
};

export function buildTimeline(anchor: Date, months: number): Timeline {
  const anchorMs = anchor.getTime();
  const monthStarts: number[] = [];
  for (let m = 0; m <= months; m++) monthStarts.push(addMonthsUtc(anchorMs, m - months));
  const increaseMonth = Math.max(0, months - PRICE_INCREASE_MONTHS_BEFORE_ANCHOR);
  const at = (m: number) => monthStarts[m] ?? anchorMs;
  return { anchorMs, startMs: at(0), monthStarts, increaseMonth, increaseMs: at(increaseMonth) };
}
