'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import { parseInput } from '../validation';
import { ZRescoreCustomer } from './schemas';
import { rescoreCustomerNow, setTierThresholds } from './service';
import { requestScoreRun } from './views';

// The scoring panel's server actions (models page; progress of a started run is polled from /api/scoring/runs),
// and the customer 360's "Re-score now".

/** Queues a manual scoring pass of every customer with the champion (or answers the one already under way). */
export async function scoreNowAction() {
  return runAction('models.write', (ctx) => requestScoreRun(ctx));
}

/** Saves the workspace's tier thresholds (ZTierThresholds: fractions); they apply from the next scoring run. */
export async function saveTierThresholdsAction(input: unknown) {
  const res = await runAction('models.write', (ctx) => setTierThresholds(ctx, input));
  if (res.ok) refreshPage('/models');
  return res;
}

/**
 * `{ customerId, locale }`: re-scores one customer now through the worker (exact reasons) and answers the new
 * score; the customer 360 then shows it with its history.
 */
export async function rescoreCustomerAction(input: unknown) {
  const res = await runAction('customers.write', (ctx) => {
    const { customerId, locale } = parseInput(ZRescoreCustomer, input);
    return rescoreCustomerNow(ctx, customerId, locale);
  });
  if (res.ok) refreshPage('/customers/[id]', 'page');
  return res;
}
