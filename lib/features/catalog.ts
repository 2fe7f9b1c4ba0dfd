// The static part of the feature set: features every workspace gets, whatever its data. Each carries the SQL that
// computes it from the per-customer aggregates built in sql.ts (aliases c, p, x, e, k; $2 is the snapshot time T),
// so the definition, its documentation and its reason sentence live in one place.

export const FEATURE_SET_VERSION = 'fs-1';

export type FeatureUnit = 'days' | 'hours' | 'years' | 'count' | 'currency' | 'ratio' | 'score' | 'flag' | 'number';

export type FeatureDef = {
  name: string;
  group: 'purchases' | 'payments' | 'activity' | 'service' | 'profile' | 'attributes' | 'tags';
  unit: FeatureUnit;
  description: string;
  /** Sentence templates; `{value}` is the customer's value in the feature's unit. */
  reason: { en: string; zh: string };
  sql: string;
};

const days = (ts: string) => `EXTRACT(EPOCH FROM ($2::timestamptz - ${ts})) / 86400.0`;
// (recent + 1) / (earlier + 1): 1 = steady, below 1 = falling; defined even when a window is empty.
const trend = (recent: string, earlier: string) => `(COALESCE(${recent}, 0) + 1.0) / (COALESCE(${earlier}, 0) + 1.0)`;

function windows(
  prefix: string,
  column: string,
  unit: FeatureUnit,
  group: FeatureDef['group'],
  what: { en: string; zh: string; desc: string },
): FeatureDef[] {
  return [7, 30, 90, 180].map((w) => ({
    name: `${prefix}_${w}d`,
    group,
    unit,
    description: `${what.desc} in the ${w} days before the snapshot`,
    reason: { en: `${what.en} in the last ${w} days`, zh: `最近 ${w} 天${what.zh}` },
    sql: `COALESCE(${column}_${w}, 0)`,
  }));
}

export const STATIC_FEATURES: FeatureDef[] = [
  {
    name: 'days_since_last_activity',
    group: 'activity',
    unit: 'days',
    description: 'Days since the last purchase or behaviour event, whichever is later',
    reason: { en: 'no activity in the last {value} days', zh: '最近 {value} 天没有任何活动' },
    sql: days('GREATEST(p.last_at, e.last_at)'),
  },
  {
    name: 'tenure_days',
    group: 'profile',
    unit: 'days',
    description: 'Days since sign-up (or since the first record when the sign-up date is unknown)',
    reason: { en: 'a customer for {value} days', zh: '成为客户 {value} 天' },
    sql: days('COALESCE(c.signup_at, LEAST(p.first_at, e.first_at, x.first_at, k.first_at))'),
  },
  {
    name: 'age_years',
    group: 'profile',
    unit: 'years',
    description: 'Age from the birth year',
    reason: { en: 'aged {value}', zh: '年龄 {value} 岁' },
    sql: `EXTRACT(YEAR FROM $2::timestamptz) - c.birth_year`,
  },
  // Purchases: paid transactions with a positive amount; same-day purchases count as one order.
  {
    name: 'days_since_last_purchase',
    group: 'purchases',
    unit: 'days',
    description: 'Days since the last purchase',
    reason: { en: 'no purchase in the last {value} days', zh: '最近 {value} 天没有购买' },
    sql: days('p.last_at'),
  },
  {
    name: 'days_since_first_purchase',
    group: 'purchases',
    unit: 'days',
    description: 'Days since the first purchase',
    reason: { en: 'first purchase {value} days ago', zh: '首次购买在 {value} 天前' },
    sql: days('p.first_at'),
  },
  ...windows('orders', 'p.orders', 'count', 'purchases', {
    en: '{value} orders',
    zh: '下单 {value} 次',
    desc: 'Orders (days with a purchase)',
  }),
  ...windows('spend', 'p.spend', 'currency', 'purchases', {
    en: 'spent {value}',
    zh: '消费 {value}',
    desc: 'Amount spent',
  }),
  {
    name: 'orders_total',
    group: 'purchases',
    unit: 'count',
    description: 'Orders (days with a purchase) before the snapshot',
    reason: { en: '{value} orders in total', zh: '累计下单 {value} 次' },
    sql: 'COALESCE(p.orders, 0)',
  },
  {
    name: 'spend_total',
    group: 'purchases',
    unit: 'currency',
    description: 'Amount spent before the snapshot',
    reason: { en: 'spent {value} in total', zh: '累计消费 {value}' },
    sql: 'COALESCE(p.spend, 0)',
  },
  {
    name: 'avg_order_value',
    group: 'purchases',
    unit: 'currency',
    description: 'Mean amount per order',
    reason: { en: 'average order of {value}', zh: '平均订单金额 {value}' },
    sql: 'p.spend / NULLIF(p.orders, 0)',
  },
  {
    name: 'orders_per_30d_of_tenure',
    group: 'purchases',
    unit: 'ratio',
    description: 'Orders per 30 days since the first purchase: the customer’s usual pace',
    reason: { en: 'usually {value} orders a month', zh: '平时每月下单 {value} 次' },
    sql: `p.orders * 30.0 / GREATEST(${days('p.first_at')}, 1)`,
  },
  {
    name: 'order_trend_30d',
    group: 'purchases',
    unit: 'ratio',
    description: 'Orders in the last 30 days against the 30 days before (1 = steady)',
    reason: { en: 'orders at {value}× the previous month', zh: '订单量为上月的 {value} 倍' },
    sql: trend('p.orders_30', 'p.orders_30_60'),
  },
  {
    name: 'order_trend_90d',
    group: 'purchases',
    unit: 'ratio',
    description: 'Orders in the last 90 days against the 90 days before (1 = steady)',
    reason: { en: 'orders at {value}× the previous quarter', zh: '订单量为上一季度的 {value} 倍' },
    sql: trend('p.orders_90', 'p.orders_90_180'),
  },
  {
    name: 'spend_trend_30d',
    group: 'purchases',
    unit: 'ratio',
    description: 'Spend in the last 30 days against the 30 days before (1 = steady)',
    reason: { en: 'spending at {value}× the previous month', zh: '消费为上月的 {value} 倍' },
    sql: trend('p.spend_30', 'p.spend_30_60'),
  },
  {
    name: 'spend_trend_90d',
    group: 'purchases',
    unit: 'ratio',
    description: 'Spend in the last 90 days against the 90 days before (1 = steady)',
    reason: { en: 'spending at {value}× the previous quarter', zh: '消费为上一季度的 {value} 倍' },
    sql: trend('p.spend_90', 'p.spend_90_180'),
  },
  {
    name: 'avg_days_between_orders',
    group: 'purchases',
    unit: 'days',
    description: 'Mean days between consecutive orders',
    reason: { en: 'usually orders every {value} days', zh: '通常每 {value} 天下单一次' },
    sql: 'p.gap_mean',
  },
  {
    name: 'sd_days_between_orders',
    group: 'purchases',
    unit: 'days',
    description: 'Spread (standard deviation) of the days between orders',
    reason: { en: 'irregular orders (spread {value} days)', zh: '下单间隔不规律（标准差 {value} 天）' },
    sql: 'p.gap_sd',
  },
  {
    name: 'order_overdue_ratio',
    group: 'purchases',
    unit: 'ratio',
    description: 'Days since the last order divided by the customer’s own mean gap between orders (above 1 = overdue)',
    reason: {
      en: 'next order {value}× overdue against their own rhythm',
      zh: '按其自身节奏，下次购买已逾期 {value} 倍',
    },
    sql: `${days('p.last_at')} / NULLIF(p.gap_mean, 0)`,
  },
  {
    name: 'recency_share_of_tenure',
    group: 'purchases',
    unit: 'ratio',
    description: 'Days since the last order as a share of days since the first order',
    reason: { en: 'silent for {value} of their time as a buyer', zh: '作为买家的时间中有 {value} 处于沉默' },
    sql: `${days('p.last_at')} / GREATEST(${days('p.first_at')}, 1)`,
  },
  {
    name: 'refunds_90d',
    group: 'payments',
    unit: 'count',
    description: 'Refunds in the 90 days before the snapshot',
    reason: { en: '{value} refunds in the last 90 days', zh: '最近 90 天退款 {value} 次' },
    sql: 'COALESCE(x.refunds_90, 0)',
  },
  {
    name: 'refund_amount_90d',
    group: 'payments',
    unit: 'currency',
    description: 'Amount refunded in the 90 days before the snapshot',
    reason: { en: '{value} refunded in the last 90 days', zh: '最近 90 天退款金额 {value}' },
    sql: 'COALESCE(x.refund_amount_90, 0)',
  },
  {
    name: 'failed_payments_30d',
    group: 'payments',
    unit: 'count',
    description: 'Failed payments in the 30 days before the snapshot',
    reason: { en: '{value} failed payments in the last 30 days', zh: '最近 30 天支付失败 {value} 次' },
    sql: 'COALESCE(x.failed_30, 0)',
  },
  {
    name: 'failed_payments_90d',
    group: 'payments',
    unit: 'count',
    description: 'Failed payments in the 90 days before the snapshot',
    reason: { en: '{value} failed payments in the last 90 days', zh: '最近 90 天支付失败 {value} 次' },
    sql: 'COALESCE(x.failed_90, 0)',
  },
  // Behaviour events.
  {
    name: 'days_since_last_event',
    group: 'activity',
    unit: 'days',
    description: 'Days since the last behaviour event',
    reason: { en: 'not seen for {value} days', zh: '已有 {value} 天未出现' },
    sql: days('e.last_at'),
  },
  ...windows('events', 'e.events', 'count', 'activity', {
    en: '{value} events',
    zh: '行为事件 {value} 次',
    desc: 'Behaviour events',
  }),
  {
    name: 'active_days_30d',
    group: 'activity',
    unit: 'days',
    description: 'Days with at least one event in the 30 days before the snapshot',
    reason: { en: 'active on {value} of the last 30 days', zh: '最近 30 天中活跃 {value} 天' },
    sql: 'COALESCE(e.days_30, 0)',
  },
  {
    name: 'active_days_90d',
    group: 'activity',
    unit: 'days',
    description: 'Days with at least one event in the 90 days before the snapshot',
    reason: { en: 'active on {value} of the last 90 days', zh: '最近 90 天中活跃 {value} 天' },
    sql: 'COALESCE(e.days_90, 0)',
  },
  {
    name: 'event_trend_30d',
    group: 'activity',
    unit: 'ratio',
    description: 'Events in the last 30 days against the 30 days before (1 = steady)',
    reason: { en: 'activity at {value}× the previous month', zh: '活跃度为上月的 {value} 倍' },
    sql: trend('e.events_30', 'e.events_30_60'),
  },
  {
    name: 'event_trend_90d',
    group: 'activity',
    unit: 'ratio',
    description: 'Events in the last 90 days against the 90 days before (1 = steady)',
    reason: { en: 'activity at {value}× the previous quarter', zh: '活跃度为上一季度的 {value} 倍' },
    sql: trend('e.events_90', 'e.events_90_180'),
  },
  {
    name: 'event_value_30d',
    group: 'activity',
    unit: 'number',
    description: 'Sum of event values (e.g. session seconds) in the 30 days before the snapshot',
    reason: { en: 'event value {value} in the last 30 days', zh: '最近 30 天事件数值合计 {value}' },
    sql: 'COALESCE(e.value_30, 0)',
  },
  // Service tickets. Satisfaction and resolution time count only once the ticket was resolved before T.
  {
    name: 'open_tickets',
    group: 'service',
    unit: 'count',
    description: 'Tickets opened before the snapshot and not resolved by it',
    reason: { en: '{value} open tickets', zh: '{value} 个未关闭工单' },
    sql: 'COALESCE(k.open, 0)',
  },
  {
    name: 'unresolved_complaints',
    group: 'service',
    unit: 'count',
    description: 'Complaints opened before the snapshot and not resolved by it',
    reason: { en: '{value} unresolved complaints', zh: '{value} 个未解决的投诉' },
    sql: 'COALESCE(k.open_complaints, 0)',
  },
  {
    name: 'tickets_90d',
    group: 'service',
    unit: 'count',
    description: 'Tickets opened in the 90 days before the snapshot',
    reason: { en: '{value} tickets in the last 90 days', zh: '最近 90 天工单 {value} 个' },
    sql: 'COALESCE(k.tickets_90, 0)',
  },
  {
    name: 'complaints_90d',
    group: 'service',
    unit: 'count',
    description: 'Complaints opened in the 90 days before the snapshot',
    reason: { en: '{value} complaints in the last 90 days', zh: '最近 90 天投诉 {value} 次' },
    sql: 'COALESCE(k.complaints_90, 0)',
  },
  {
    name: 'days_since_last_complaint',
    group: 'service',
    unit: 'days',
    description: 'Days since the last complaint was opened',
    reason: { en: 'complained {value} days ago', zh: '{value} 天前投诉过' },
    sql: days('k.last_complaint_at'),
  },
  {
    name: 'days_since_last_ticket',
    group: 'service',
    unit: 'days',
    description: 'Days since the last ticket was opened',
    reason: { en: 'contacted support {value} days ago', zh: '{value} 天前联系过客服' },
    sql: days('k.last_ticket_at'),
  },
  {
    name: 'avg_satisfaction',
    group: 'service',
    unit: 'score',
    description: 'Mean satisfaction (1–5) of tickets resolved before the snapshot',
    reason: { en: 'support satisfaction of {value} out of 5', zh: '客服满意度 {value}/5' },
    sql: 'k.satisfaction',
  },
  {
    name: 'avg_resolution_hours_180d',
    group: 'service',
    unit: 'hours',
    description: 'Mean hours to resolve tickets opened and resolved in the 180 days before the snapshot',
    reason: { en: 'tickets took {value} hours to resolve', zh: '工单平均 {value} 小时解决' },
    sql: 'k.resolution_hours',
  },
];

/** The feature that ranks customers in the no-model baseline ("ranking by recency"). */
export const BASELINE_FEATURE = 'days_since_last_activity';
