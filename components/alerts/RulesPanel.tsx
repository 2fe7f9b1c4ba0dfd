'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { deleteRuleAction, saveRuleAction } from '@/lib/alerts/actions';
import { DEFAULT_MIN_RISE, RULE_KINDS, type AlertRuleView, type RuleKind } from '@/lib/alerts/schemas';
import { formatNumber, type Translate } from '@/lib/i18n';
import { actionErrors, FieldError, FormError } from './AlertTaskForms';
import styles from './alerts.module.css';

type Errors = Record<string, string>;

// minRise is stored as a probability difference (0.2) but read as percentage points (20 pp); rounding keeps
// 0.07 from coming back as 7.000000000000001.
const toPoints = (rise: number) => Number((rise * 100).toFixed(4));
const toRise = (points: number) => Number((points / 100).toFixed(6));

/** The rule's trigger as a sentence with its threshold and unit. */
export function ruleSentence(
  t: Translate,
  locale: 'en' | 'zh',
  rule: Pick<AlertRuleView, 'kind' | 'params'>,
  currency: string,
) {
  if (rule.kind === 'probability_rise')
    return t('alertSettings.rule.probability_rise.sentence', {
      points: formatNumber(locale, toPoints(rule.params.minRise ?? DEFAULT_MIN_RISE), 0),
    });
  if (rule.kind === 'high_value_at_risk')
    return t('alertSettings.rule.high_value_at_risk.sentence', {
      value: `${formatNumber(locale, rule.params.minValue ?? 0)} ${currency}`,
    });
  return t('alertSettings.rule.entered_high.sentence');
}

function RuleEditor({
  rule,
  currency,
  onSaved,
}: {
  rule: AlertRuleView | null;
  currency: string;
  onSaved?: () => void;
}) {
  const { locale, t } = useI18n();
  const [pending, start] = useTransition();
  const [kind, setKind] = useState<RuleKind>(rule?.kind ?? 'probability_rise');
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const label = {
    name: t('alertSettings.rule.name'),
    params: kind === 'probability_rise' ? t('alertSettings.rule.minRise') : t('alertSettings.rule.minValue'),
  };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    // A new rule left unnamed is called what it does (the placeholder the form showed).
    const name = String(f.get('name') ?? '').trim() || (rule ? '' : t(`alertSettings.rule.${kind}`));
    const raw = String(f.get('param') ?? '').trim();
    const value = Number(raw.replace(',', '.'));
    const local: Errors = {};
    if (!name) local.name = t('alertSettings.error.name');
    if (kind === 'probability_rise' && (!raw || !Number.isFinite(value) || value <= 0 || value > 100))
      local.params = t('alertSettings.error.minRise');
    if (kind === 'high_value_at_risk' && (!raw || !Number.isFinite(value) || value < 0))
      local.params = t('alertSettings.error.minValue');
    setSaved(false);
    if (Object.keys(local).length) return setErrors(local);
    const params =
      kind === 'probability_rise'
        ? { minRise: toRise(value) }
        : kind === 'high_value_at_risk'
          ? { minValue: value }
          : {};
    start(async () => {
      const res = await saveRuleAction({ id: rule?.id, kind, name, params, enabled: f.get('enabled') === 'on' });
      if (!res.ok) return setErrors(actionErrors(res.error, ['name', 'params', 'kind']));
      setErrors({});
      setSaved(true);
      if (!rule) form.reset();
      onSaved?.();
    });
  }

  function onDelete() {
    if (!rule || !confirm(t('alertSettings.rule.confirmDelete', { name: rule.name }))) return;
    start(async () => {
      const res = await deleteRuleAction({ id: rule.id });
      if (!res.ok) setErrors({ form: res.error.message });
    });
  }

  const paramDefault =
    kind === 'probability_rise'
      ? toPoints(rule?.params.minRise ?? DEFAULT_MIN_RISE)
      : kind === 'high_value_at_risk'
        ? (rule?.params.minValue ?? 1000)
        : '';

  return (
    <form
      className={styles.rule}
      onSubmit={onSubmit}
      noValidate
      data-testid={rule ? 'rule' : 'new-rule'}
      data-kind={kind}
    >
      <div className={styles.ruleHead}>
        <strong>{rule ? rule.name : t('alertSettings.rule.add')}</strong>
        {rule && (
          <span className={`badge ${rule.enabled ? 'ok' : ''}`}>
            {rule.enabled ? t('alertSettings.enabled') : t('alertSettings.disabled')}
          </span>
        )}
        {rule && <span className="muted">{ruleSentence(t, locale, rule, currency)}</span>}
      </div>
      <div className="form-row" style={{ alignItems: 'flex-start' }}>
        {!rule && (
          <label>
            {t('alertSettings.rule.kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as RuleKind)}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`alertSettings.rule.${k}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {label.name}
          <input
            name="name"
            defaultValue={rule?.name ?? ''}
            placeholder={rule ? undefined : t(`alertSettings.rule.${kind}`)}
            maxLength={100}
            style={{ width: 340 }}
            className={errors.name ? styles.invalid : undefined}
            aria-invalid={!!errors.name}
          />
          <FieldError errors={errors} field="name" label={label.name} />
        </label>
        {kind !== 'entered_high' && (
          <label key={kind}>
            {label.params}
            <span className={styles.unit}>
              <input
                name="param"
                type="number"
                inputMode="decimal"
                step="any"
                min={0}
                max={kind === 'probability_rise' ? 100 : undefined}
                defaultValue={paramDefault}
                style={{ width: 120 }}
                className={errors.params ? styles.invalid : undefined}
                aria-invalid={!!errors.params}
              />
              {kind === 'probability_rise' ? t('alertSettings.rule.points') : currency}
            </span>
            <FieldError errors={errors} field="params" label={label.params} />
          </label>
        )}
        <div className="checks" style={{ marginTop: 28 }}>
          <label>
            <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} />
            {t('alertSettings.rule.enabled')}
          </label>
        </div>
        <div style={{ display: 'flex', gap: 8, marginTop: 22 }}>
          <button className="btn primary" type="submit" disabled={pending}>
            {pending ? t('common.working') : rule ? t('common.save') : t('alertSettings.rule.create')}
          </button>
          {rule && (
            <button className="btn danger" type="button" onClick={onDelete} disabled={pending}>
              {t('common.remove')}
            </button>
          )}
        </div>
      </div>
      <FormError errors={errors} />
      {saved && (
        <div className="notice success" role="status">
          {t('alertSettings.rule.saved')}
        </div>
      )}
    </form>
  );
}

/** The workspace's alert rules: each editable in place (threshold with its unit, on/off), plus a new one. */
export function RulesPanel({ rules, currency }: { rules: AlertRuleView[]; currency: string }) {
  const { t } = useI18n();
  return (
    <section className={`card ${styles.section}`} data-testid="rules-panel">
      <h2>{t('alertSettings.rules.title')}</h2>
      <p className={styles.help}>{t('alertSettings.rules.help')}</p>
      <div className={styles.ruleGrid}>
        {rules.length === 0 && <p className="muted">{t('alertSettings.rules.none')}</p>}
        {rules.map((r) => (
          <RuleEditor key={`${r.id}:${r.updatedAt}`} rule={r} currency={currency} />
        ))}
        <RuleEditor rule={null} currency={currency} />
      </div>
    </section>
  );
}
