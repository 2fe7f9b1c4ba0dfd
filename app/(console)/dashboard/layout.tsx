import type { ReactNode } from 'react';
import { requirePage } from '@/lib/auth/session';

/**
 * The permission is checked here, above the page's loading boundary: a refusal is then a real redirect (307).
 * Checked only in the page, it would come after the loading state had streamed with a 200.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  await requirePage('dashboard.read');
  return children;
}
