'use client';
import { useRouter } from 'next/navigation';
import { useOptimistic, useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { atRiskSearch, hasFilters, type AtRiskParams } from '@/lib/dashboard/url';
import type { MessageKey } from '@/lib/i18n';
import { TIER_COLOR } from './format';
import styles from './at-risk.module.css';

export type FilterOptions = {
  segments: string[];
  regions: string[];
  tags: string[];
  drivers: { feature: string; label: string }[];
};

const TIERS = ['high', 'medium', 'low'] as const;

/** "60" → "0.6"; blank → undefined; anything else is an error the form shows beside the field. */
function toProbability(text: string): { value?: string; error?: MessageKey } {
  const s = text.trim().replace(',', '.');
  if (!s) return {};
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0 || n > 100) return { error: 'dashboard.filter.percentError' };
  return { value: String(Math.round(n * 100) / 10_000) };
}
const toPercent = (p: string | undefined) =>
  p === undefined || p === '' ? '' : String(Math.round(Number(p) * 10_000) / 100);

/**
 * The at-risk table's filters. Each change rewrites the page URL (so a view can be shared) and starts again from
 * the first page; the probability range applies on Enter, on "Apply" or when the field is left.
 */
export function AtRiskFilters({ params: current, options }: { params: AtRiskParams; options: FilterOptions }) {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, start] = useTransition();
  // The controls show the chosen filters at once, while the page for them loads.
  const [params, setParams] = useOptimistic(current);
  const [minText, setMinText] = useState(toPercent(params.minP));
  const [maxText, setMaxText] = useState(toPercent(params.maxP));
  const [errors, setErrors] = useState<{ min?: MessageKey; max?: MessageKey }>({});

  const go = (next: AtRiskParams) => {
    const s = atRiskSearch(next);
    start(() => {
      setParams(next);
      router.push(`/dashboard${s ? `?${s}` : ''}`, { scroll: false });
    });
  };
  const set = (key: keyof AtRiskParams, value: string) => go({ ...params, [key]: value || undefined });
  const toggleTier = (tier: string, on: boolean) => {
    const tiers = new Set(params.tier ?? []);
    if (on) tiers.add(tier);
    else tiers.delete(tier);
    go({ ...params, tier: TIERS.filter((x) => tiers.has(x)) });
  };
  const applyRange = () => {
    const min = toProbability(minText);
    const max = toProbability(maxText);
    const order = min.value && max.value && Number(min.value) > Number(max.value);
    const next = { min: min.error ?? (order ? 'dashboard.filter.rangeError' : undefined), max: max.error };
    setErrors(next);
    if (next.min || next.max) return;
    if (min.value !== params.minP || max.value !== params.maxP) go({ ...params, minP: min.value, maxP: max.value });
  };
  const select = (key: 'segment' | 'region' | 'tag' | 'driver', items: { value: string; label: string }[]) => {
    const current = params[key];
    // A value in the URL that the lists lack (an old link) stays selectable rather than silently vanishing.
    const list =
      current && !items.some((i) => i.value === current) ? [{ value: current, label: current }, ...items] : items;
    return (
      <label className={styles.filterField}>
        {t(`dashboard.filter.${key}`)}
        <select
          name={key}
          value={current ?? ''}
          onChange={(e) => set(key, e.target.value)}
          data-testid={`filter-${key}`}
        >
          <option value="">{t('dashboard.filter.any')}</option>
          {list.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
    );
  };
  const plain = (xs: string[]) => xs.map((x) => ({ value: x, label: x }));

  return (
    <form
      className={styles.filters}
      aria-label={t('dashboard.filter.legend')}
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        applyRange();
      }}
      data-testid="at-risk-filters"
    >
      <fieldset className={styles.tierChips}>
        <legend>{t('dashboard.filter.tier')}</legend>
        {TIERS.map((tier) => (
          <label key={tier} className={styles.chip}>
            <input
              type="checkbox"
              name="tier"
              value={tier}
              checked={params.tier?.includes(tier) ?? false}
              onChange={(e) => toggleTier(tier, e.target.checked)}
              data-testid={`filter-tier-${tier}`}
            />
            <span className={styles.swatch} style={{ background: TIER_COLOR[tier] }} aria-hidden />
            {t(`dashboard.tier.${tier}`)}
          </label>
        ))}
      </fieldset>
      {select('segment', plain(options.segments))}
      {select('region', plain(options.regions))}
      {select('tag', plain(options.tags))}
      {select(
        'driver',
        options.drivers.map((d) => ({ value: d.feature, label: d.label })),
      )}
      <fieldset className={styles.range}>
        <legend>{t('dashboard.filter.probability')}</legend>
        <div className={styles.rangeInputs}>
          <input
            name="minP"
            inputMode="decimal"
            aria-label={`${t('dashboard.filter.probability')} ${t('dashboard.filter.min')}`}
            placeholder={t('dashboard.filter.min')}
            value={minText}
            onChange={(e) => setMinText(e.target.value)}
            onBlur={applyRange}
            aria-invalid={!!errors.min}
            className={errors.min ? styles.invalid : undefined}
            data-testid="filter-minP"
          />
          <span aria-hidden>–</span>
          <input
            name="maxP"
            inputMode="decimal"
            aria-label={`${t('dashboard.filter.probability')} ${t('dashboard.filter.max')}`}
            placeholder={t('dashboard.filter.max')}
            value={maxText}
            onChange={(e) => setMaxText(e.target.value)}
            onBlur={applyRange}
            aria-invalid={!!errors.max}
            className={errors.max ? styles.invalid : undefined}
            data-testid="filter-maxP"
          />
          <button className="btn small" type="submit">
            {t('dashboard.filter.apply')}
          </button>
        </div>
        {(errors.min || errors.max) && (
          <div className={styles.fieldError} role="alert" data-testid="filter-error">
            {t((errors.min ?? errors.max)!)}
          </div>
        )}
      </fieldset>
      {hasFilters(params) && (
        <button
          type="button"
          className="btn small"
          onClick={() => {
            setMinText('');
            setMaxText('');
            setErrors({});
            go({ sort: params.sort });
          }}
          data-testid="filter-clear"
        >
          {t('dashboard.table.clear')}
        </button>
      )}
    </form>
  );
}
