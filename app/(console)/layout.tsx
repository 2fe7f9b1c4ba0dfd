import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/Providers';
import { Sidebar } from '@/components/shell/Sidebar';
import { TopBar } from '@/components/shell/TopBar';
import { countUnread } from '@/lib/alerts/service';
import { can } from '@/lib/auth/context';
import { navigationFor } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';
import { messagesFor } from '@/lib/i18n';
import { getLocale } from '@/lib/i18n/server';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session) redirect('/login');
  if (!session.ctx || !session.current) redirect('/no-workspace');
  const locale = await getLocale();
  // The unread badge is a nicety: if alerts cannot be counted, the console still renders without it.
  const unread = can(session.ctx, 'alerts.read') ? await countUnread(session.ctx).catch(() => 0) : 0;
  return (
    <Providers locale={locale} messages={messagesFor(locale)}>
      <div className="shell">
        <Sidebar items={navigationFor(session.ctx.permissions)} counts={{ '/alerts': unread }} />
        <div className="main">
          <TopBar
            workspaces={session.workspaces}
            currentId={session.current.id}
            email={session.user.email}
            role={session.current.role}
          />
          <main className="content">{children}</main>
        </div>
      </div>
    </Providers>
  );
}
