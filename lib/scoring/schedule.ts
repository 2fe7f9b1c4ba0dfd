import { JOBS } from '../jobs/definitions';
import { getQueue } from '../jobs/enqueue';

// The nightly full scoring run: one BullMQ job scheduler per workspace with a champion, upserted (so re-running it
// at every worker start or promotion never duplicates it). 02:00 UTC, when imports are usually quiet.

export const NIGHTLY_PATTERN = '0 2 * * *';

export function nightlySchedulerId(workspaceId: string) {
  return `nightly-score.${workspaceId}`;
}

export async function scheduleNightlyScoring(workspaceId: string) {
  const def = JOBS['nightly-score'];
  await getQueue(def.queue).upsertJobScheduler(
    nightlySchedulerId(workspaceId),
    { pattern: NIGHTLY_PATTERN, tz: 'UTC' },
    { name: 'nightly-score', data: def.payload.parse({ workspaceId }), opts: def.options },
  );
}
