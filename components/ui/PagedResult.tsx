import type { ReactNode } from 'react';
import { isAppError, type AppError } from '@/lib/errors';

/**
 * One page of a list, or why there is none: a refused filter (an AppError the user can fix) or an empty result.
 * The rows are a render function so that it only runs once the page is known to hold items.
 */
export function PagedResult<P extends { items: unknown[] }>({
  page,
  empty,
  children,
}: {
  page: AppError | P;
  empty: string;
  children: (page: P) => ReactNode;
}) {
  if (isAppError(page)) return <div className="notice error">{page.message}</div>;
  if (page.items.length === 0) return <div className="card empty">{empty}</div>;
  return <div className="card table-wrap">{children(page)}</div>;
}
