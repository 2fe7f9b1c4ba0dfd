import type { FeatureUnit } from '../features/catalog';
import type { Reason } from './schemas';

// Reasons as sentences: each stored driver (feature, value, impact) rendered through its feature's template in the
// reader's language, with the value in the feature's unit ("no purchase in the last 45 days").

type FeatureText = { name: string; unit: FeatureUnit; reason: { en: string; zh: string } };

function formatValue(value: number | null, unit: FeatureUnit): string {
  if (value === null) return 'unknown';
  if (unit === 'days' || unit === 'count' || unit === 'years') return String(Math.round(value));
  if (unit === 'currency') return value.toFixed(2);
  if (unit === 'hours' || unit === 'score') return value.toFixed(1);
  if (unit === 'ratio') return value.toFixed(2);
  return String(Number(value.toPrecision(4)));
}

export function renderReasons(reasons: Reason[], features: FeatureText[], locale: 'en' | 'zh') {
  const byName = new Map(features.map((f) => [f.name, f]));
  return reasons.map((r) => {
    const f = byName.get(r.feature);
    const text = f ? f.reason[locale].replace('{value}', formatValue(r.value, f.unit)) : r.feature;
    return { feature: r.feature, text, impact: r.impact, value: r.value };
  });
}
