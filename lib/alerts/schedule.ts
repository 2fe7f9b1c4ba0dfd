import { JOBS } from '../jobs/definitions';
import { getQueue } from '../jobs/enqueue';
import { findWorkspacesWithRules } from './channels/repo';

// The daily alert digest: one BullMQ job scheduler per workspace with alert rules, upserted (at worker start and
// when a workspace's rules are first created), so re-running it never duplicates it. 07:00 UTC, before the day starts.

export const DIGEST_PATTERN = '0 7 * * *';

export function digestSchedulerId(workspaceId: string) {
  return `alert-digest.${workspaceId}`;
}

export async function scheduleAlertDigest(workspaceId: string) {
  const def = JOBS['alert-digest'];
  await getQueue(def.queue).upsertJobScheduler(
    digestSchedulerId(workspaceId),
    { pattern: DIGEST_PATTERN, tz: 'UTC' },
    { name: 'alert-digest', data: def.payload.parse({ workspaceId }), opts: def.options },
  );
}

/** Re-asserts the digest scheduler of every workspace with alert rules (at worker start: Redis may have lost them). */
export async function scheduleAllAlertDigests() {
  await Promise.all((await findWorkspacesWithRules()).map(scheduleAlertDigest));
}

export const DELIVERY_SWEEP_MS = 5 * 60_000;

/** The sweep that queues again alert messages whose jobs were lost (one scheduler for all workspaces). */
export async function scheduleDeliverySweep() {
  const def = JOBS['requeue-deliveries'];
  await getQueue(def.queue).upsertJobScheduler(
    'requeue-deliveries',
    { every: DELIVERY_SWEEP_MS },
    { name: 'requeue-deliveries', data: {}, opts: def.options },
  );
}
