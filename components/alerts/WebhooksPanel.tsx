'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { SecretOnce } from '@/components/ui/SecretOnce';
import {
  createWebhookAction,
  deleteWebhookAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from '@/lib/alerts/actions';
import type { WebhookView } from '@/lib/alerts/schemas';
import { formatDate } from '@/lib/i18n';
import { actionErrors, FieldError, FormError } from './AlertTaskForms';
import { DELIVERY_BADGE } from './DeliveryLog';
import styles from './alerts.module.css';

/** The URL without its query string, which may carry a token: the list shows it the way the log does. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return url;
  }
}

/** Adds an endpoint and shows its signing secret this once, with a copy button. */
function AddWebhookForm() {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const label = { name: t('alertSettings.webhook.name'), url: t('alertSettings.webhook.url') };

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const name = String(f.get('name') ?? '').trim();
    const url = String(f.get('url') ?? '').trim();
    const local: Record<string, string> = {};
    if (!name) local.name = t('alertSettings.error.name');
    if (!/^https?:\/\/\S+$/i.test(url)) local.url = t('alertSettings.error.url');
    if (Object.keys(local).length) return setErrors(local);
    start(async () => {
      const res = await createWebhookAction({ name, url });
      if (!res.ok) return setErrors(actionErrors(res.error, ['name', 'url']));
      setErrors({});
      setCreated({ name, secret: res.data.secret });
      form.reset();
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate data-testid="add-webhook" style={{ marginBottom: 12 }}>
      <div className="form-row" style={{ alignItems: 'flex-start' }}>
        <label>
          {label.name}
          <input
            name="name"
            maxLength={100}
            placeholder="CRM"
            className={errors.name ? styles.invalid : undefined}
            aria-invalid={!!errors.name}
          />
          <FieldError errors={errors} field="name" label={label.name} />
        </label>
        <label style={{ flex: '1 1 320px' }}>
          {label.url}
          <input
            name="url"
            type="url"
            maxLength={2000}
            placeholder="https://example.com/hooks/holdfast"
            className={errors.url ? styles.invalid : undefined}
            aria-invalid={!!errors.url}
          />
          <FieldError errors={errors} field="url" label={label.url} />
        </label>
        <button className="btn primary" type="submit" disabled={pending} style={{ marginTop: 22 }}>
          {pending ? t('common.working') : t('alertSettings.webhook.add')}
        </button>
      </div>
      <FormError errors={errors} />
      {created && (
        <SecretOnce
          testId="webhook-secret"
          message={t('alertSettings.webhook.secretOnce', { name: created.name })}
          secret={created.secret}
          style={{ marginTop: 6 }}
          codeStyle={{ overflowWrap: 'anywhere' }}
        />
      )}
    </form>
  );
}

function WebhookRow({ hook }: { hook: WebhookView }) {
  const { locale, t } = useI18n();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (action: () => Promise<{ ok: boolean; error?: { message: string } }>, done?: string) =>
    start(async () => {
      const res = await action();
      setMessage(res.ok ? (done ? { ok: true, text: done } : null) : { ok: false, text: res.error!.message });
    });
  const last = hook.lastDelivery;
  return (
    <tr data-testid="webhook" data-webhook={hook.id}>
      <td>{hook.name}</td>
      <td className={`mono ${styles.wrapCell}`} title={t('alertSettings.webhook.queryHidden')}>
        {shownUrl(hook.url)}
      </td>
      <td>
        <span className={`badge ${hook.enabled ? 'ok' : ''}`}>
          {hook.enabled ? t('alertSettings.enabled') : t('alertSettings.disabled')}
        </span>
      </td>
      <td>
        {last ? (
          <>
            <span className={`badge ${DELIVERY_BADGE[last.status]}`}>{t(`alertSettings.delivery.${last.status}`)}</span>
            {last.responseStatus !== null && <span className="mono"> HTTP {last.responseStatus}</span>}
            <div className="muted" style={{ fontSize: 12 }}>
              {formatDate(locale, last.at, true)}
            </div>
          </>
        ) : (
          <span className="muted">{t('alertSettings.webhook.never')}</span>
        )}
      </td>
      <td className={styles.wrapCell}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
          <button
            className="btn small"
            type="button"
            disabled={pending}
            data-testid="toggle-webhook"
            onClick={() => run(() => setWebhookEnabledAction({ id: hook.id, enabled: !hook.enabled }))}
          >
            {hook.enabled ? t('alertSettings.disable') : t('alertSettings.enable')}
          </button>
          <button
            className="btn small"
            type="button"
            disabled={pending}
            data-testid="test-webhook"
            onClick={() => run(() => sendTestWebhookAction({ id: hook.id }), t('alertSettings.webhook.testSent'))}
          >
            {t('alertSettings.webhook.test')}
          </button>
          <button
            className="btn small danger"
            type="button"
            disabled={pending}
            data-testid="delete-webhook"
            onClick={() => {
              if (confirm(t('alertSettings.webhook.confirmDelete', { name: hook.name })))
                run(() => deleteWebhookAction({ id: hook.id }));
            }}
          >
            {t('common.remove')}
          </button>
        </div>
        {message && (
          <div className={`notice ${message.ok ? 'success' : 'error'}`} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </div>
        )}
      </td>
    </tr>
  );
}

/** Webhook endpoints: add (secret shown once), enable or disable, send a signed test, delete after a confirmation. */
export function WebhooksPanel({ webhooks }: { webhooks: WebhookView[] }) {
  const { t } = useI18n();
  return (
    <section className={`card ${styles.section}`} data-testid="webhooks-panel">
      <h2>{t('alertSettings.webhooks.title')}</h2>
      <p className={styles.help}>{t('alertSettings.webhooks.help')}</p>
      <AddWebhookForm />
      {webhooks.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          {t('alertSettings.webhooks.none')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="nowrap">
            <thead>
              <tr>
                <th>{t('alertSettings.webhook.name')}</th>
                <th>{t('alertSettings.webhook.url')}</th>
                <th>{t('alertSettings.col.status')}</th>
                <th>{t('alertSettings.webhook.last')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {webhooks.map((h) => (
                <WebhookRow key={h.id} hook={h} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
