'use server';
import { runAction } from '../auth/action';
import { revealCustomerPii } from './service';

export async function revealCustomerAction(input: unknown) {
  return runAction('customers.reveal_pii', (ctx) => revealCustomerPii(ctx, input));
}
