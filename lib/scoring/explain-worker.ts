import { parentPort, workerData } from 'node:worker_threads';
import { explainerFor, type PreparedModel } from './explain';

// One thread of the explainer pool (explain-pool.ts): builds its own explainer (own scratch) over the shared tree
// arrays, then answers batches: { id, x, n, mask } → { id, out } (out's buffer transferred, not copied).

export type ExplainJob = { id: number; x: Float32Array; n: number; mask: Uint8Array | null };
export type ExplainReply = { id: number; out: Float64Array } | { id: number; error: string };

const explainer = explainerFor(workerData as PreparedModel);
parentPort!.on('message', (job: ExplainJob) => {
  try {
    const out = explainer.batch(job.x, job.n, job.mask ?? undefined);
    parentPort!.postMessage({ id: job.id, out } satisfies ExplainReply, [out.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) } satisfies ExplainReply);
  }
});
