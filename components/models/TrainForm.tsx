'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { trainModelAction } from '@/lib/ml/actions';
import { ALGORITHMS, LABEL_KINDS, ZTrainRequest } from '@/lib/ml/schemas';
import { describeIssues, type FieldIssue } from '@/lib/validation';
import { algorithmName } from './format';
import styles from './models.module.css';

type Field = 'kind' | 'horizonDays' | 'asOf' | 'evalAsOf' | 'algorithm' | 'form';
type Errors = Partial<Record<Field, string>>;

// Issue paths of ZTrainRequest and the snake_case prefixes of the service's messages ("as_of: …"), to the form field
// they belong next to.
const FIELD_OF: Record<string, Field> = {
  'label.kind': 'kind',
  'label.horizonDays': 'horizonDays',
  horizon: 'horizonDays',
  asOf: 'asOf',
  as_of: 'asOf',
  evalAsOf: 'evalAsOf',
  eval_as_of: 'evalAsOf',
  algorithm: 'algorithm',
};

function fieldOf(path: string): Field {
  return FIELD_OF[path] ?? FIELD_OF[path.replace(/\.\d+$/, '')] ?? 'form';
}

function toErrors(issues: FieldIssue[]): Errors {
  const out: Errors = {};
  for (const i of issues) {
    const f = fieldOf(i.field);
    out[f] = out[f] ? `${out[f]}; ${i.message}` : i.message;
  }
  return out;
}

/** A service error: zod issues in `details`, or one message that may start with the field's name. */
function serverErrors(error: { message: string; details?: unknown }): Errors {
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length) return toErrors(issues);
  const m = /^([a-z_]+):\s*(.+)$/s.exec(error.message);
  if (m && fieldOf(m[1]!) !== 'form') return { [fieldOf(m[1]!)]: m[2] };
  return { form: error.message };
}

/** The console's training request: validated here with the service's own schema, then again on the server. */
export function TrainForm({ onStarted }: { onStarted: () => void }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [kind, setKind] = useState<(typeof LABEL_KINDS)[number]>('inactivity');
  const [errors, setErrors] = useState<Errors>({});
  const [started, setStarted] = useState(false);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim() || undefined;
    const input = {
      label: { kind, horizonDays: text('horizonDays') },
      asOf: text('asOf'),
      evalAsOf: kind === 'column' ? undefined : text('evalAsOf'),
      algorithm: text('algorithm'),
      promote: f.get('promote') === 'on',
    };
    setStarted(false);
    const local = ZTrainRequest.safeParse(input);
    if (!local.success) return setErrors(toErrors(describeIssues(local.error)));
    start(async () => {
      const res = await trainModelAction(input);
      if (!res.ok) return setErrors(serverErrors(res.error));
      setErrors({});
      setStarted(true);
      onStarted();
    });
  }

  const error = (field: Field) =>
    errors[field] ? (
      <span className={styles.fieldError} role="alert" data-testid={`error-${field}`}>
        {errors[field]}
      </span>
    ) : null;
  const invalid = (field: Field) => (errors[field] ? styles.invalid : undefined);

  return (
    <form className="card" onSubmit={onSubmit} data-testid="train-form" noValidate>
      <h2>{t('models.train.title')}</h2>
      <p className={styles.help}>{t('models.train.help')}</p>
      <div className="form-row" style={{ alignItems: 'flex-start' }}>
        <label>
          {t('models.train.kind')}
          <select
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
            className={invalid('kind')}
          >
            {LABEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`models.train.kind.${k}`)}
              </option>
            ))}
          </select>
          {error('kind')}
        </label>
        <label>
          {t('models.train.horizon')}
          <input
            name="horizonDays"
            type="number"
            min={7}
            max={730}
            defaultValue={90}
            disabled={kind === 'column'}
            style={{ width: 120 }}
            className={invalid('horizonDays')}
          />
          {error('horizonDays')}
        </label>
        <label>
          {t('models.train.asOf')}
          <input
            name="asOf"
            placeholder={t('models.train.asOfPlaceholder')}
            style={{ width: 240 }}
            className={invalid('asOf')}
            aria-invalid={!!errors.asOf}
          />
          <span className={styles.hint}>{t('models.train.asOfHint')}</span>
          {error('asOf')}
        </label>
        <label>
          {t('models.train.evalAsOf')}
          <input
            name="evalAsOf"
            type="date"
            disabled={kind === 'column'}
            className={invalid('evalAsOf')}
            aria-invalid={!!errors.evalAsOf}
          />
          {error('evalAsOf')}
        </label>
        <label>
          {t('models.train.algorithm')}
          <select name="algorithm" defaultValue="auto" className={invalid('algorithm')}>
            {(['auto', ...ALGORITHMS] as const).map((a) => (
              <option key={a} value={a}>
                {algorithmName(t, a)}
              </option>
            ))}
          </select>
          {error('algorithm')}
        </label>
      </div>
      <div className="form-row" style={{ marginTop: 12, justifyContent: 'space-between' }}>
        <div className="checks">
          <label>
            <input type="checkbox" name="promote" /> {t('models.train.promote')}
          </label>
        </div>
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? t('common.working') : t('models.train.submit')}
        </button>
      </div>
      {errors.form && (
        <div className="notice error" role="alert" data-testid="error-form">
          {errors.form}
        </div>
      )}
      {started && (
        <div className="notice success" role="status">
          {t('models.train.started')}
        </div>
      )}
    </form>
  );
}
