'use client';
import { signOut, useSession } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { Locale } from '@/lib/i18n';
import { setLocaleAction } from '@/lib/workspaces/actions';

type Workspace = { id: string; slug: string; name: string; role: string };

export function TopBar({
  workspaces,
  currentId,
  email,
  role,
}: {
  workspaces: Workspace[];
  currentId: string;
  email: string;
  role: string;
}) {
  const { t, locale } = useI18n();
  const { update } = useSession();
  const router = useRouter();
  const [pending, start] = useTransition();

  const switchWorkspace = (id: string) =>
    start(async () => {
      await update({ workspaceId: id });
      // The role may differ in the other workspace, so '/' picks its first page there.
      router.push('/');
      router.refresh();
    });
  const switchLocale = (next: Locale) =>
    start(async () => {
      await setLocaleAction(next);
      router.refresh();
    });

  return (
    <header className="topbar">
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
        {t('shell.workspace')}
        <select
          aria-label={t('shell.workspace')}
          value={currentId}
          disabled={pending}
          onChange={(e) => switchWorkspace(e.target.value)}
          data-testid="workspace-switcher"
        >
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name} ({w.slug})
            </option>
          ))}
        </select>
      </label>
      <span className="badge brand" data-testid="current-role">
        {t(`role.${role}` as 'role.admin')}
      </span>
      <div className="spacer" />
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
        {t('shell.language')}
        <select
          aria-label={t('shell.language')}
          value={locale}
          disabled={pending}
          onChange={(e) => switchLocale(e.target.value as Locale)}
          data-testid="locale-switcher"
        >
          <option value="en">English</option>
          <option value="zh">简体中文</option>
        </select>
      </label>
      <span className="who">{email}</span>
      <button className="btn small" onClick={() => signOut({ callbackUrl: '/login' })} data-testid="sign-out">
        {t('shell.signOut')}
      </button>
    </header>
  );
}
