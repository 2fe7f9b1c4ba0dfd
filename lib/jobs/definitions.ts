import { z } from 'zod';

/** Queue names; one BullMQ Worker per queue runs in workers/index.ts. */
export const QUEUES = { maintenance: 'maintenance' } as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const retry = { attempts: 5, backoff: { type: 'exponential', delay: 2000 } } as const;

/**
 * Every job: its queue, payload schema (ids only; processors reload state) and options. The jobId is derived
 * from the payload so enqueueing the same work twice runs it once.
 */
export const JOBS = {
  'rotate-pii-keys': {
    queue: QUEUES.maintenance,
    payload: z.object({ workspaceId: z.string().min(1), keyId: z.string().min(1) }),
    jobId: (p: { workspaceId: string; keyId: string }) => `rotate-pii-keys:${p.workspaceId}:${p.keyId}`,
    options: { ...retry, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } },
  },
} as const;
export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;
