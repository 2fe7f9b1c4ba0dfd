import { formatNumber, type Locale } from '@/lib/i18n';

// Shared formats of the customer pages (server and client components alike).

export { fmtProbability } from '@/components/alerts/format';

export type Tier = 'high' | 'medium' | 'low';

/** The badge class of each risk tier (globals.css). */
export const TIER_BADGE: Record<Tier, string> = { high: 'danger', medium: 'warn', low: 'ok' };

/** An amount in a currency, e.g. "$1,204.50" / "US$1,204.50"; a bad currency code falls back to "1,204.50 XYZ". */
export function fmtMoney(locale: Locale, amount: number, currency: string | null | undefined): string {
  const tag = locale === 'zh' ? 'zh-CN' : 'en-US';
  if (currency) {
    try {
      return new Intl.NumberFormat(tag, { style: 'currency', currency }).format(amount);
    } catch {
      return `${formatNumber(locale, amount, 2)} ${currency}`;
    }
  }
  return formatNumber(locale, amount, 2);
}

/** Seconds as a short duration in the reader's language: "45 sec", "12 min", "1 hr 5 min" / "12分钟". */
export function fmtDuration(locale: Locale, seconds: number): string {
  const tag = locale === 'zh' ? 'zh-CN' : 'en-US';
  const unit = (u: 'second' | 'minute' | 'hour', n: number) =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  if (seconds < 60) return unit('second', Math.round(seconds));
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit('minute', minutes);
  const rest = minutes % 60;
  return rest ? `${unit('hour', Math.floor(minutes / 60))} ${unit('minute', rest)}` : unit('hour', minutes / 60);
}

/** The 360's address for a customer id from the source system (which may hold any character). */
export function customerHref(customerId: string): string {
  return `/customers/${encodeURIComponent(customerId)}`;
}
