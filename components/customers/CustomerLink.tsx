'use client';
import Link, { useLinkStatus } from 'next/link';
import { customerHref } from './format';
import styles from './customer360.module.css';

function PendingHint() {
  const { pending } = useLinkStatus();
  return <span aria-hidden className={`${styles.linkHint} ${pending ? styles.linkPending : ''}`} />;
}

/**
 * A link to a customer's 360 that shows it is opening: the page answers only once the profile is read (so an
 * unknown id can be a real 404), and this hint covers that wait.
 */
export function CustomerLink({ customerId }: { customerId: string }) {
  return (
    <Link href={customerHref(customerId)} data-testid="customer-link">
      {customerId}
      <PendingHint />
    </Link>
  );
}
