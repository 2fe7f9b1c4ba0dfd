import { closeAlertsOfChurned } from '../alerts/service';
import * as repo from './repo';

/**
 * A customer who has churned is lost, not at risk: their current score goes (the history keeps the earlier ones)
 * and their open alerts close as churned, so risk lists, counts and alerts show only customers still to keep.
 * All of the workspace's churned customers after a full pass, or only these after real-time records.
 */
export async function retireChurnedCustomers(workspaceId: string, asOf: Date, customerIds?: string[]) {
  const dropped = await repo.deleteChurnedScores(workspaceId, asOf, customerIds);
  await closeAlertsOfChurned(workspaceId, dropped);
  return dropped;
}
