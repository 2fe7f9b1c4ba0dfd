import type { ReactNode } from 'react';
import { SubmitAndLink } from './SubmitAndLink';

/**
 * A list page's filters as a GET form, so a filtered view is a URL that can be shared and paged. Reset is a link
 * to the bare list rather than a reset button, which would only restore the values the URL brought in.
 */
export function FilterForm({
  children,
  resetHref,
  filterLabel,
  resetLabel,
}: {
  children: ReactNode;
  resetHref: string;
  filterLabel: string;
  resetLabel: string;
}) {
  return (
    <form className="card form-row" method="get" style={{ marginBottom: 16 }}>
      {children}
      <SubmitAndLink submit={filterLabel} href={resetHref} link={resetLabel} />
    </form>
  );
}
