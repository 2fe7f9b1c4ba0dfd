'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ROLES } from '@/lib/auth/permissions';
import { addMemberAction } from '@/lib/workspaces/actions';

export function AddMemberForm() {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const input = {
      email: f.get('email'),
      name: f.get('name') || undefined,
      role: f.get('role'),
      password: f.get('password') || undefined,
    };
    start(async () => {
      const res = await addMemberAction(input);
      if (!res.ok) return setMsg({ kind: 'error', text: res.error.message });
      form.reset();
      const added = t('members.added', { email: res.data.email, role: t(`role.${res.data.role}` as 'role.admin') });
      setMsg({
        kind: 'success',
        text: res.data.generatedPassword
          ? `${added} ${t('members.generated', { password: res.data.generatedPassword })}`
          : added,
      });
    });
  }

  return (
    <form className="card" onSubmit={onSubmit} style={{ marginBottom: 16 }} data-testid="add-member-form">
      <h2>{t('members.add')}</h2>
      <div className="form-row">
        <label>
          {t('members.email')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('members.name')}
          <input name="name" />
        </label>
        <label>
          {t('members.role')}
          <select name="role" defaultValue="ops">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('members.password')}
          <input name="password" type="password" minLength={8} autoComplete="new-password" />
        </label>
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? t('common.working') : t('members.add')}
        </button>
      </div>
      <p className="muted" style={{ marginBottom: 0 }}>
        {t('members.roleHelp')}
      </p>
      {msg && (
        <div className={`notice ${msg.kind}`} role="status">
          {msg.text}
        </div>
      )}
    </form>
  );
}
