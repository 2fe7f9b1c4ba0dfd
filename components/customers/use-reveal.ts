'use client';
import { useState, useTransition } from 'react';
import { revealCustomerAction } from '@/lib/customers/actions';

export type Pii = { name: string | null; email: string | null; phone: string | null };

/**
 * One customer's personal fields, masked until revealed. Each reveal is a server action that writes an audit
 * entry; hiding again forgets the clear values in the browser.
 */
export function useReveal(customerId: string, masked: Pii) {
  const [clear, setClear] = useState<Pii | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toggle = () =>
    start(async () => {
      if (clear) return setClear(null);
      const res = await revealCustomerAction({ customerId });
      if (res.ok) {
        setClear({ name: res.data.name, email: res.data.email, phone: res.data.phone });
        setError(null);
      } else setError(res.error.message);
    });
  return { shown: clear ?? masked, revealed: clear !== null, error, pending, toggle };
}
