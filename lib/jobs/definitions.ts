import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { getEnv } from '../env';

/** Queue names; one BullMQ Worker per queue runs in workers/index.ts. */
export const QUEUES = {
  maintenance: 'maintenance',
  ingest: 'ingest',
  realtime: 'realtime',
  ml: 'ml',
  notify: 'notify',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const retry = { attempts: 5, backoff: { type: 'exponential', delay: 2000 } } as const;

// Outbound alert messages retry for a while (8 tries: with the default 10 s base the last waits ~21 min), since a
// receiver that is down for a deploy should still get its alerts. Read at enqueue time: the base is configurable.
const notifyOptions = () => ({
  attempts: 8,
  backoff: { type: 'exponential', delay: getEnv().ALERT_RETRY_BASE_MS },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
});

/**
 * Every job: its queue, payload schema (ids only; processors reload state) and options. The jobId is derived
 * from the payload so enqueueing the same work twice runs it once.
 */
export const JOBS = {
  'rotate-pii-keys': {
    queue: QUEUES.maintenance,
    payload: z.object({ workspaceId: z.string().min(1), keyId: z.string().min(1) }),
    jobId: (p: { workspaceId: string; keyId: string }) => `rotate-pii-keys.${p.workspaceId}.${p.keyId}`,
    options: { ...retry, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  },
  /** Runs one file import; resumes from its checkpoint when retried after a crash. */
  'import-file': {
    queue: QUEUES.ingest,
    payload: z.object({ importId: z.string().min(1) }),
    jobId: (p: { importId: string }) => `import-file.${p.importId}`,
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  },
  /** The real-time hook: customers whose records just arrived, to be re-scored. */
  'customers-changed': {
    queue: QUEUES.realtime,
    payload: z.object({
      workspaceId: z.string().min(1),
      customerIds: z.array(z.string().regex(/^\d+$/)).min(1).max(10_000),
    }),
    // Every arrival is news, so each gets its own job; the processor itself is idempotent.
    jobId: (p: { workspaceId: string; customerIds: string[] }) => `customers-changed.${p.workspaceId}.${randomUUID()}`,
    options: { ...retry, removeOnComplete: { count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
  },
  /** Computes one feature snapshot for every customer of its workspace. */
  'compute-snapshot': {
    queue: QUEUES.ml,
    payload: z.object({ snapshotId: z.string().min(1) }),
    jobId: (p: { snapshotId: string }) => `compute-snapshot.${p.snapshotId}`,
    options: { ...retry, attempts: 3, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  },
  /** Runs one training run: snapshots, labels, the Python trainer, registration. */
  'train-model': {
    queue: QUEUES.ml,
    payload: z.object({ runId: z.string().min(1) }),
    jobId: (p: { runId: string }) => `train-model.${p.runId}`,
    options: { ...retry, attempts: 2, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  },
  /** Scores every customer of a workspace with its champion model. */
  'score-workspace': {
    queue: QUEUES.ml,
    payload: z.object({ runId: z.string().min(1) }),
    jobId: (p: { runId: string }) => `score-workspace.${p.runId}`,
    options: { ...retry, attempts: 2, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  },
  /**
   * Recomputes a workspace's dashboard aggregates after real-time re-scores. The fixed jobId and the delay make it
   * a throttle: while one waits, more changes add nothing, so a busy stream refreshes at most once a minute.
   */
  'refresh-dashboard': {
    queue: QUEUES.maintenance,
    payload: z.object({ workspaceId: z.string().min(1) }),
    jobId: (p: { workspaceId: string }) => `refresh-dashboard.${p.workspaceId}`,
    options: { delay: 60_000, attempts: 2, removeOnComplete: true, removeOnFail: { count: 10 } },
  },
  /** Produced every night by a per-workspace job scheduler (see lib/scoring/schedule.ts). */
  'nightly-score': {
    queue: QUEUES.ml,
    payload: z.object({ workspaceId: z.string().min(1) }),
    jobId: (p: { workspaceId: string }) => `nightly-score.${p.workspaceId}`,
    options: {
      attempts: 2,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { count: 30 },
      removeOnFail: { count: 30 },
    },
  },
  /** One signed webhook POST (an alert batch of at most 100, or a test); the delivery row logs each attempt. */
  'deliver-webhook': {
    queue: QUEUES.notify,
    payload: z.object({ deliveryId: z.string().min(1), alertIds: z.array(z.string().min(1)).max(100) }),
    jobId: (p: { deliveryId: string }) => `deliver-webhook.${p.deliveryId}`,
    get options() {
      return notifyOptions();
    },
  },
  /** One alert email to one user: the instant alerts of one evaluation, or the daily digest. */
  'deliver-email': {
    queue: QUEUES.notify,
    payload: z.object({ deliveryId: z.string().min(1) }),
    jobId: (p: { deliveryId: string }) => `deliver-email.${p.deliveryId}`,
    get options() {
      return notifyOptions();
    },
  },
  /** Produced every few minutes by one job scheduler (see lib/alerts/schedule.ts): queues lost alert messages again. */
  'requeue-deliveries': {
    queue: QUEUES.maintenance,
    payload: z.object({}),
    jobId: () => 'requeue-deliveries',
    options: { attempts: 1, removeOnComplete: { count: 10 }, removeOnFail: { count: 10 } },
  },
  /** Produced every morning by a per-workspace job scheduler (see lib/alerts/schedule.ts). */
  'alert-digest': {
    queue: QUEUES.notify,
    payload: z.object({ workspaceId: z.string().min(1) }),
    jobId: (p: { workspaceId: string }) => `alert-digest.${p.workspaceId}`,
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 60_000 },
      removeOnComplete: { count: 30 },
      removeOnFail: { count: 30 },
    },
  },
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
