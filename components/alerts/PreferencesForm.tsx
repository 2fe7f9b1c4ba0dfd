'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { savePreferenceAction } from '@/lib/alerts/actions';
import { CADENCES, type Cadence, type PreferenceView } from '@/lib/alerts/schemas';
import { actionErrors, FieldError, FormError } from './AlertTaskForms';
import styles from './alerts.module.css';

/** The signed-in user's alert preference: which customers (all or one segment), how often, and whether by email. */
export function PreferencesForm({ preference, segments }: { preference: PreferenceView; segments: string[] }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [cadence, setCadence] = useState<Cadence>(preference.cadence);
  const [email, setEmail] = useState(preference.email);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const segment = String(f.get('segment') ?? '');
    setSaved(false);
    start(async () => {
      const res = await savePreferenceAction({
        segment: segment || null,
        cadence,
        email,
      });
      if (!res.ok) return setErrors(actionErrors(res.error, ['segment', 'cadence', 'email']));
      setErrors({});
      setSaved(true);
    });
  }

  return (
    <form className="card" onSubmit={onSubmit} noValidate data-testid="preferences-form" style={{ maxWidth: 720 }}>
      {preference.isDefault && <div className="notice info">{t('alerts.prefs.default')}</div>}
      <div className="form-row" style={{ flexDirection: 'column', alignItems: 'stretch', gap: 18 }}>
        <label style={{ maxWidth: 360 }}>
          {t('alerts.prefs.segment')}
          <select name="segment" defaultValue={preference.segment ?? ''}>
            <option value="">{t('alerts.prefs.allSegments')}</option>
            {segments.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <span className={styles.hint}>{t('alerts.prefs.segmentHint')}</span>
          <FieldError errors={errors} field="segment" label={t('alerts.prefs.segment')} />
        </label>
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="muted" style={{ fontSize: 13, marginBottom: 6 }}>
            {t('alerts.prefs.cadence')}
          </legend>
          <div className={styles.radios}>
            {CADENCES.map((c) => (
              <label key={c}>
                <input type="radio" name="cadence" value={c} checked={cadence === c} onChange={() => setCadence(c)} />
                <span>
                  {t(`alerts.prefs.cadence.${c}`)}
                  <small>{t(`alerts.prefs.cadence.${c}.help`)}</small>
                </span>
              </label>
            ))}
          </div>
          <FieldError errors={errors} field="cadence" label={t('alerts.prefs.cadence')} />
        </fieldset>
        <div className="checks">
          <label>
            <input
              type="checkbox"
              name="email"
              checked={email}
              onChange={(e) => setEmail(e.target.checked)}
              disabled={cadence === 'off'}
            />
            {t('alerts.prefs.email')}
          </label>
        </div>
      </div>
      <div className="form-row" style={{ marginTop: 16 }}>
        <button className="btn primary" type="submit" disabled={pending} data-testid="save-preferences">
          {pending ? t('common.working') : t('common.save')}
        </button>
      </div>
      <FormError errors={errors} />
      {saved && (
        <div className="notice success" role="status" data-testid="preferences-saved">
          {t('alerts.prefs.saved')}
        </div>
      )}
    </form>
  );
}
