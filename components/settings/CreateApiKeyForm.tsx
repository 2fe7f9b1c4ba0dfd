'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { SecretOnce } from '@/components/ui/SecretOnce';
import { createApiKeyAction } from '@/lib/api-keys/actions';

/** Creates a key and shows it once; it cannot be shown again after this form is left. */
export function CreateApiKeyForm({ grantable }: { grantable: string[] }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    start(async () => {
      const res = await createApiKeyAction({ name: f.get('name'), scopes: f.getAll('scopes') });
      if (!res.ok) return setError(res.error.message);
      setError(null);
      setCreated({ name: res.data.name, key: res.data.key });
      form.reset();
    });
  }

  return (
    <form className="card" onSubmit={onSubmit} style={{ marginBottom: 16 }}>
      <h2>{t('apiKeys.create')}</h2>
      <div className="form-row">
        <label>
          {t('apiKeys.name')}
          <input name="name" required maxLength={80} placeholder="crm-sync" />
        </label>
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend className="muted" style={{ fontSize: 13, marginBottom: 4 }}>
            {t('apiKeys.scopes')}
          </legend>
          <div className="checks">
            {grantable.map((s) => (
              <label key={s}>
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === 'customers.read'} />
                <code>{s}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? t('common.working') : t('apiKeys.create')}
        </button>
      </div>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      {created && <SecretOnce testId="new-api-key" message={t('apiKeys.created')} secret={created.key} />}
    </form>
  );
}
