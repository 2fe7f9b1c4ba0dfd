import { formatNumber, type Locale } from '@/lib/i18n';

// Shared formats of the alerts pages (server and client components alike).

/** A probability between 0 and 1 as a whole percentage with its unit, e.g. "82 %". */
export function fmtProbability(locale: Locale, p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${formatNumber(locale, 100 * p)} %`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * "3 hours ago" / "3小时前" relative to `now`. The server passes its own clock in, so the text rendered on the
 * server and hydrated in the browser is the same.
 */
export function timeAgo(locale: Locale, iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale === 'zh' ? 'zh-CN' : 'en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  return rtf.format(0, 'second');
}

/** Today as YYYY-MM-DD in UTC, the smallest due date a task may get. */
export function todayIso(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/**
 * The time of the request, read once by the server page and handed to the client cards, so ages and overdue
 * marks agree between the server render and hydration.
 */
export function requestTime(): number {
  return Date.now();
}
