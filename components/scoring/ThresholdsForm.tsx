'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { formatNumber, type Locale, type Translate } from '@/lib/i18n';
import { saveTierThresholdsAction } from '@/lib/scoring/actions';
import type { TTierThresholds } from '@/lib/scoring/schemas';
import type { FieldIssue } from '@/lib/validation';
import styles from './scoring.module.css';

type Field = 'high' | 'medium';
type Errors = Partial<Record<Field | 'form', string>>;

// People think of thresholds as percentages; the service stores fractions. Rounding keeps 0.8 from becoming
// 0.8000000000000002 on the way.
const toFraction = (pct: number) => Number((pct / 100).toFixed(6));
const toPct = (fraction: number) => Number((fraction * 100).toFixed(4));

/** Checks the two percentages before they go to the server, with messages in the reader's language. */
function checkPercentages(t: Translate, locale: Locale, high: string, medium: string): Errors {
  const errors: Errors = {};
  const parse = (raw: string, field: Field) => {
    const v = Number(raw.replace(',', '.'));
    if (raw.trim() === '' || !Number.isFinite(v)) errors[field] = t('scoring.thresholds.error.number');
    else if (v <= 0 || v >= 100) errors[field] = t('scoring.thresholds.error.range');
    return v;
  };
  const h = parse(high, 'high');
  const m = parse(medium, 'medium');
  if (!errors.high && !errors.medium && h <= m)
    errors.high = t('scoring.thresholds.error.order', { medium: formatNumber(locale, m, m % 1 ? 1 : 0) });
  return errors;
}

/** The workspace's risk tiers as percentages; admins can change them (validated and audited by the service). */
export function ThresholdsForm({ thresholds, canWrite }: { thresholds: TTierThresholds; canWrite: boolean }) {
  const { locale, t } = useI18n();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const pct = (f: number) => `${formatNumber(locale, 100 * f, (100 * f) % 1 ? 1 : 0)} %`;
  const label: Record<Field, string> = { high: t('scoring.thresholds.high'), medium: t('scoring.thresholds.medium') };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const high = String(f.get('high') ?? '');
    const medium = String(f.get('medium') ?? '');
    setSaved(false);
    const local = checkPercentages(t, locale, high, medium);
    if (Object.keys(local).length) return setErrors(local);
    start(async () => {
      const res = await saveTierThresholdsAction({
        high: toFraction(Number(high.replace(',', '.'))),
        medium: toFraction(Number(medium.replace(',', '.'))),
      });
      if (res.ok) {
        setErrors({});
        setSaved(true);
        return;
      }
      const issues = (res.error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
      const next: Errors = {};
      for (const i of issues) if (i.field === 'high' || i.field === 'medium') next[i.field] = i.message;
      setErrors(Object.keys(next).length ? next : { form: res.error.message });
    });
  }

  const fieldError = (field: Field) =>
    errors[field] ? (
      <span className={styles.fieldError} role="alert" data-testid={`threshold-error-${field}`}>
        {label[field]}: {errors[field]}
      </span>
    ) : null;

  return (
    <div className="card" data-testid="tier-thresholds">
      <h2>{t('scoring.thresholds.title')}</h2>
      <dl className={styles.current} data-testid="current-thresholds">
        <dt>{t('scoring.tier.high')}</dt>
        <dd>{t('scoring.thresholds.atLeast', { value: pct(thresholds.high) })}</dd>
        <dt>{t('scoring.tier.medium')}</dt>
        <dd>{t('scoring.thresholds.between', { from: pct(thresholds.medium), to: pct(thresholds.high) })}</dd>
        <dt>{t('scoring.tier.low')}</dt>
        <dd>{t('scoring.thresholds.below', { value: pct(thresholds.medium) })}</dd>
      </dl>
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate data-testid="thresholds-form">
          <div className={styles.fields}>
            {(['high', 'medium'] as const).map((field) => (
              <label key={field}>
                {t('scoring.thresholds.fieldLabel', { label: label[field] })}
                <input
                  name={field}
                  type="number"
                  inputMode="decimal"
                  min={1}
                  max={99}
                  step="any"
                  defaultValue={toPct(thresholds[field])}
                  className={errors[field] ? styles.invalid : undefined}
                  aria-invalid={!!errors[field]}
                />
                {fieldError(field)}
              </label>
            ))}
          </div>
          <button className="btn primary" type="submit" disabled={pending} style={{ marginTop: 12 }}>
            {pending ? t('common.working') : t('common.save')}
          </button>
          {errors.form && (
            <div className="notice error" role="alert">
              {errors.form}
            </div>
          )}
          {saved && (
            <div className="notice success" role="status" data-testid="thresholds-saved">
              {t('scoring.thresholds.saved')}
            </div>
          )}
          <p className={styles.note}>{t('scoring.thresholds.note')}</p>
        </form>
      ) : (
        <p className={styles.note}>{t('scoring.thresholds.readOnly')}</p>
      )}
    </div>
  );
}
