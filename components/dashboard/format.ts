import { formatNumber, type Locale } from '@/lib/i18n';
import type { Tier } from '@/lib/scoring/schemas';

// Shared colours and formats of the risk dashboard (server and client components alike).

/** Tier colours of the charts: red and amber for the tiers that need work, a quiet teal for the rest. */
export const TIER_COLOR: Record<Tier, string> = { high: '#c4321f', medium: '#e59a2f', low: '#8cc5bd' };
export const TIER_BADGE: Record<Tier, string> = { high: 'danger', medium: 'warn', low: 'ok' };
/** Bottom to top in stacked charts, so the riskiest tier sits on top where the eye lands first. */
export const TIERS_UP: Tier[] = ['low', 'medium', 'high'];

const tag = (locale: Locale) => (locale === 'zh' ? 'zh-CN' : 'en-GB');

/** A share between 0 and 1 as a percentage with its unit, e.g. "62 %". */
export function fmtPct(locale: Locale, v: number | null | undefined, digits = 0): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${formatNumber(locale, 100 * v, digits)} %`;
}

export function fmtCount(locale: Locale, n: number): string {
  return formatNumber(locale, n);
}

/** Money in the workspace currency; `compact` for big figures on cards and axes ("$1.2M"). */
export function fmtMoney(locale: Locale, v: number, currency: string, compact = false): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: compact && Math.abs(v) >= 10_000 ? 1 : 0,
    notation: compact && Math.abs(v) >= 10_000 ? 'compact' : 'standard',
  }).format(v);
}

/** Axis ticks: 1,200 → "1.2K" (or "1200" in Chinese, where K reads oddly). */
export function fmtCompact(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n);
}

/** A signed change, "+12" or "−5" (a real minus sign, as in print). */
export function fmtDelta(locale: Locale, d: number, format: (n: number) => string = (n) => formatNumber(locale, n)) {
  return d === 0 ? '±0' : `${d > 0 ? '+' : '−'}${format(Math.abs(d))}`;
}

/** A day (YYYY-MM-DD, UTC) without its year, for chart ticks and "vs 15 Nov". */
export function fmtDay(locale: Locale, day: string | number): string {
  return new Intl.DateTimeFormat(tag(locale), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    typeof day === 'number' ? new Date(day) : new Date(`${day}T00:00:00Z`),
  );
}
