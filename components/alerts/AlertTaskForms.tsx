'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { assignAlertAction, closeAlertAction } from '@/lib/alerts/actions';
import { OUTCOMES, type AlertItem, type Assignee } from '@/lib/alerts/schemas';
import type { FieldIssue } from '@/lib/validation';
import { todayIso } from './format';
import styles from './alerts.module.css';

type Errors = Record<string, string>;

/** The service's field errors (zod issues in `details`) by field, or the whole message under `form`. */
export function actionErrors(error: { message: string; details?: unknown }, fields: string[]): Errors {
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [];
  const out: Errors = {};
  for (const i of issues) {
    const f = fields.find((name) => i.field === name || i.field.startsWith(`${name}.`)) ?? 'form';
    out[f] = out[f] ? `${out[f]}; ${i.message}` : i.message;
  }
  return Object.keys(out).length ? out : { form: error.message };
}

export function FieldError({ errors, field, label }: { errors: Errors; field: string; label?: string }) {
  if (!errors[field]) return null;
  return (
    <span className={styles.fieldError} role="alert" data-testid={`error-${field}`}>
      {label ? `${label}: ${errors[field]}` : errors[field]}
    </span>
  );
}

export function FormError({ errors }: { errors: Errors }) {
  if (!errors.form) return null;
  return (
    <div className="notice error" role="alert" data-testid="error-form">
      {errors.form}
    </div>
  );
}

/** Assign an open alert to someone who can work it, with an optional due date (today or later). */
export function AssignForm({
  item,
  assignees,
  now,
  onDone,
}: {
  item: AlertItem;
  assignees: Assignee[];
  now: number;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const today = todayIso(now);
  const label = { assigneeId: t('alerts.assignTo'), dueAt: t('alerts.dueDate') };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const assigneeId = String(f.get('assigneeId') ?? '');
    const dueAt = String(f.get('dueAt') ?? '').trim();
    const local: Errors = {};
    if (!assigneeId) local.assigneeId = t('alerts.error.chooseAssignee');
    if (dueAt && dueAt < today) local.dueAt = t('alerts.error.pastDue');
    if (Object.keys(local).length) return setErrors(local);
    start(async () => {
      const res = await assignAlertAction({ alertId: item.id, assigneeId, dueAt: dueAt || null });
      if (!res.ok) return setErrors(actionErrors(res.error, ['assigneeId', 'dueAt']));
      setErrors({});
      onDone();
    });
  }

  return (
    <form className={styles.inlineForm} onSubmit={onSubmit} noValidate data-testid="assign-form">
      <div className="form-row" style={{ alignItems: 'flex-start' }}>
        <label>
          {label.assigneeId}
          <select
            name="assigneeId"
            defaultValue={item.assignee?.id ?? ''}
            className={errors.assigneeId ? styles.invalid : undefined}
            aria-invalid={!!errors.assigneeId}
          >
            <option value="">{t('alerts.choose')}</option>
            {assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name === a.email ? a.email : `${a.name} (${a.email})`}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="assigneeId" label={label.assigneeId} />
        </label>
        <label>
          {label.dueAt}
          <input
            name="dueAt"
            type="date"
            min={today}
            defaultValue={item.dueAt?.slice(0, 10) ?? ''}
            className={errors.dueAt ? styles.invalid : undefined}
            aria-invalid={!!errors.dueAt}
          />
          <FieldError errors={errors} field="dueAt" label={label.dueAt} />
        </label>
        <button className="btn primary" type="submit" disabled={pending} style={{ marginTop: 22 }}>
          {pending ? t('common.working') : t('alerts.saveAssign')}
        </button>
      </div>
      {assignees.length === 0 && <p className={styles.hint}>{t('alerts.noAssignees')}</p>}
      <FormError errors={errors} />
    </form>
  );
}

/** Close an open alert with how it ended and an optional note, which the retention reports read. */
export function CloseForm({ item, onDone }: { item: AlertItem; onDone: () => void }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const label = { outcome: t('alerts.outcome'), note: t('alerts.note') };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const outcome = String(f.get('outcome') ?? '');
    const note = String(f.get('note') ?? '').trim();
    if (!outcome) return setErrors({ outcome: t('alerts.error.chooseOutcome') });
    start(async () => {
      const res = await closeAlertAction({ alertId: item.id, outcome, note: note || undefined });
      if (!res.ok) return setErrors(actionErrors(res.error, ['outcome', 'note']));
      setErrors({});
      onDone();
    });
  }

  return (
    <form className={styles.inlineForm} onSubmit={onSubmit} noValidate data-testid="close-form">
      <div className="form-row" style={{ alignItems: 'flex-start' }}>
        <label>
          {label.outcome}
          <select
            name="outcome"
            defaultValue=""
            className={errors.outcome ? styles.invalid : undefined}
            aria-invalid={!!errors.outcome}
          >
            <option value="">{t('alerts.choose')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`alerts.outcome.${o}`)}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="outcome" label={label.outcome} />
        </label>
        <label style={{ flex: 1 }}>
          {label.note}
          <textarea name="note" maxLength={2000} rows={2} placeholder={t('alerts.notePlaceholder')} />
          <FieldError errors={errors} field="note" label={label.note} />
        </label>
        <button className="btn primary" type="submit" disabled={pending} style={{ marginTop: 22 }}>
          {pending ? t('common.working') : t('alerts.closeAlert')}
        </button>
      </div>
      <FormError errors={errors} />
    </form>
  );
}

export type TaskForm = 'assign' | 'close' | null;

/** The two buttons that open the assign and close forms of an alert; each toggles its form. */
export function TaskButtons({
  item,
  open,
  onOpen,
}: {
  item: AlertItem;
  open: TaskForm;
  onOpen: (form: TaskForm) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <button
        className="btn small"
        type="button"
        aria-expanded={open === 'assign'}
        onClick={() => onOpen(open === 'assign' ? null : 'assign')}
        data-testid="open-assign"
      >
        {item.assignee ? t('alerts.reassign') : t('alerts.assign')}
      </button>
      <button
        className="btn small"
        type="button"
        aria-expanded={open === 'close'}
        onClick={() => onOpen(open === 'close' ? null : 'close')}
        data-testid="open-close"
      >
        {t('alerts.close')}
      </button>
    </>
  );
}
