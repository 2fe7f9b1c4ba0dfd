import { Queue } from 'bullmq';
import { redis } from '../redis';
import { JOBS, type JobName, type JobPayload, type QueueName } from './definitions';

const store = globalThis as unknown as { __hfQueues?: Map<QueueName, Queue> };

export function getQueue(name: QueueName): Queue {
  store.__hfQueues ??= new Map();
  let q = store.__hfQueues.get(name);
  if (!q) {
    q = new Queue(name, { connection: redis() });
    store.__hfQueues.set(name, q);
  }
  return q;
}

/** Validates the payload against the job's schema and enqueues it under its stable jobId. */
export async function enqueueJob<N extends JobName>(name: N, payload: JobPayload<N>) {
  const def = JOBS[name];
  const data = def.payload.parse(payload);
  const job = await getQueue(def.queue).add(name, data, { ...def.options, jobId: def.jobId(data as never) });
  return { id: job.id!, queue: def.queue, name };
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...(store.__hfQueues?.values() ?? [])].map((q) => q.close()));
  store.__hfQueues?.clear();
}
