import { describe, expect, it } from 'vitest';
import { explainChange, renderChanges } from '../../lib/scoring/reasons';

const FEATURES = [
  {
    name: 'days_since_last_purchase',
    unit: 'days' as const,
    reason: { en: 'no purchase in the last {value} days', zh: '最近 {value} 天没有购买' },
  },
  {
    name: 'open_complaints',
    unit: 'count' as const,
    reason: { en: '{value} unresolved complaints', zh: '{value} 个未解决的投诉' },
  },
  {
    name: 'orders_90d',
    unit: 'count' as const,
    reason: { en: '{value} orders in 90 days', zh: '90 天内 {value} 笔订单' },
  },
];

describe('why a score changed', () => {
  it('ranks the drivers by how far their pull moved, either way, and says what they were before', () => {
    const before = [
      { feature: 'days_since_last_purchase', value: 10, impact: 0.1 },
      { feature: 'orders_90d', value: 4, impact: -0.5 },
    ];
    const now = [
      { feature: 'days_since_last_purchase', value: 45, impact: 0.9 },
      { feature: 'open_complaints', value: 2, impact: 0.3 },
      { feature: 'orders_90d', value: 4, impact: -0.5 },
    ];
    const changes = explainChange(now, before);
    expect(changes.map((c) => [c.feature, c.change])).toEqual([
      ['days_since_last_purchase', 0.8],
      ['open_complaints', 0.3],
    ]);
    expect(renderChanges(changes, FEATURES, 'en')).toEqual([
      {
        feature: 'days_since_last_purchase',
        text: 'no purchase in the last 45 days (was 10)',
        change: 0.8,
        direction: 'up',
      },
      { feature: 'open_complaints', text: '2 unresolved complaints', change: 0.3, direction: 'up' },
    ]);
    expect(renderChanges(changes, FEATURES, 'zh')[0]!.text).toBe('最近 45 天没有购买（之前 10）');
  });

  it('counts a driver that dropped out as no longer pulling, and keeps the top three', () => {
    const before = [
      { feature: 'open_complaints', value: 3, impact: 0.6 },
      { feature: 'orders_90d', value: 1, impact: 0.2 },
    ];
    const now = [{ feature: 'orders_90d', value: 6, impact: -0.3 }];
    const changes = explainChange(now, before);
    expect(changes.map((c) => c.feature)).toEqual(['open_complaints', 'orders_90d']);
    const text = renderChanges(changes, FEATURES, 'en');
    expect(text[0]).toMatchObject({ text: '3 unresolved complaints (earlier; it weighs less now)', direction: 'down' });
    expect(text[1]).toMatchObject({ text: '6 orders in 90 days (was 1)', direction: 'down' });
    const many = Array.from({ length: 6 }, (_, i) => ({ feature: `f${i}`, value: i, impact: i / 10 }));
    expect(explainChange(many, [])).toHaveLength(3);
    expect(explainChange(now, now)).toEqual([]);
  });
});
