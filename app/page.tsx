import { redirect } from 'next/navigation';
import { homePath } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';

export default async function Home() {
  const session = await getSession();
  if (!session) redirect('/login');
  if (!session.ctx) redirect('/no-workspace');
  redirect(homePath(session.ctx.permissions));
}
