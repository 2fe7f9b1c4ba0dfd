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

export type DriverChange = { feature: string; now: Reason | null; before: Reason | null; change: number };

/**
 * Why a score changed: the drivers whose contribution moved most between two scores. Each score keeps only its
 * strongest drivers, so a feature missing on one side counts as contributing nothing there — it was weaker than
 * every kept driver, which bounds the error.
 */
export function explainChange(now: Reason[], before: Reason[], n = 3): DriverChange[] {
  const prev = new Map(before.map((d) => [d.feature, d]));
  const cur = new Map(now.map((d) => [d.feature, d]));
  return [...new Set([...cur.keys(), ...prev.keys()])]
    .map((feature) => {
      const [a, b] = [cur.get(feature) ?? null, prev.get(feature) ?? null];
      return { feature, now: a, before: b, change: Number(((a?.impact ?? 0) - (b?.impact ?? 0)).toFixed(6)) };
    })
    .filter((c) => Math.abs(c.change) > 1e-6)
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, n);
}

const WAS = { en: (v: string) => ` (was ${v})`, zh: (v: string) => `（之前 ${v}）` };
const FADED = { en: ' (earlier; it weighs less now)', zh: '（之前的情况，现在影响变小）' };

/** A change as a sentence: the feature's reason with today's value and the earlier one beside it. */
export function renderChanges(changes: DriverChange[], features: FeatureText[], locale: 'en' | 'zh') {
  const byName = new Map(features.map((f) => [f.name, f]));
  return changes.map((c) => {
    const f = byName.get(c.feature);
    const say = (value: number | null) =>
      f ? f.reason[locale].replace('{value}', formatValue(value, f.unit)) : c.feature;
    // "(was 27)" only when the earlier value reads differently at the feature's precision.
    const was = c.before && f ? formatValue(c.before.value, f.unit) : null;
    let text: string;
    if (!c.now) text = say(c.before!.value) + FADED[locale];
    else if (was !== null && was !== formatValue(c.now.value, f!.unit)) text = say(c.now.value) + WAS[locale](was);
    else text = say(c.now.value);
    return { feature: c.feature, text, change: c.change, direction: c.change > 0 ? 'up' : 'down' };
  });
}
