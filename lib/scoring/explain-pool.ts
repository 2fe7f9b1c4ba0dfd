import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { explainerFor, prepareModel, type ModelJson, type PreparedModel } from './explain';
import type { ExplainJob, ExplainReply } from './explain-worker';

// Exact TreeSHAP on worker threads: a batch is cut into one contiguous slice per thread, balanced by cost (an exact
// row costs hundreds of path-attributed ones), and the slices are explained at once. The trees live in
// SharedArrayBuffers, so every thread reads one copy. For the score worker and the CLI, never the web server.
//
// The workers are TypeScript. Node 20 does not apply `--import tsx` to a worker's entry module, so each worker
// starts from a two-line bootstrap that registers tsx's loader and then imports explain-worker.ts; this works under
// `node --import tsx`, the tsx CLI, plain node and vitest alike. Idle workers are unref'd, so an open pool never
// keeps a process alive.

/** Relative cost of a path-attributed row against an exact one (measured: 1/200 to 1/1000), for balancing only. */
const PATH_COST = 0.005;
/**
 * Work (tree nodes × quadrature points, ~5–10 ns each) below which a batch is explained inline on the calling thread:
 * copying it to a worker would cost more than it saves (a 60-stump model explains ~300k rows/s inline).
 */
const MIN_POOLED_WORK = 20_000_000;

/** TreeSHAP work per exact row: Σ over the trees of nodes × quadrature points (0 for a logistic model). */
function exactWork(p: PreparedModel): number {
  if (p.kind === 'logreg') return 0;
  if (p.kind === 'blend') return p.parts.reduce((sum, part) => sum + exactWork(part), 0);
  const { treeStart, treeQ } = p.ensemble;
  let work = 0;
  for (let t = 0; t < treeQ.length; t++) work += (treeStart[t + 1]! - treeStart[t]!) * treeQ[t]!;
  return work;
}

export type ExplainerPool = {
  threads: number;
  /** Like `Explainer.batch`, spread over the threads. `x` is not modified. */
  explainBatch: (x: Float32Array, n: number, exactMask?: Uint8Array) => Promise<Float64Array>;
  close: () => Promise<void>;
};

type Slot = {
  worker: Worker;
  pending: Map<number, { resolve: (v: Float64Array) => void; reject: (e: Error) => void }>;
};

function bootstrap(): string {
  const tsx = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsx, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./explain-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })
    .catch((err) => { console.error(err); process.exit(1); });`;
}

/**
 * A pool of `threads` explainer threads (default: the cores, at most 2). With one thread, or for a batch of less
 * than `minWork` (see MIN_POOLED_WORK), it explains inline on the calling thread: same answers, no copies.
 */
export function createExplainerPool(
  model: ModelJson | PreparedModel,
  opts: { threads?: number; minWork?: number } = {},
): ExplainerPool {
  const prepared = 'kind' in model ? model : prepareModel(model, { shared: true });
  const threads = Math.max(1, opts.threads ?? Math.min(2, os.availableParallelism()));
  const inline = explainerFor(prepared);
  if (threads === 1) {
    return { threads, explainBatch: async (x, n, exactMask) => inline.batch(x, n, exactMask), close: async () => {} };
  }
  const cols = inline.features;
  const workPerRow = exactWork(prepared);
  const minWork = opts.minWork ?? MIN_POOLED_WORK;
  let nextId = 0;
  let failure: Error | null = null;
  // Started on the first batch worth them: a cheap model never pays for threads.
  let slots: Slot[] | null = null;
  const start = (): Slot[] => {
    const code = bootstrap();
    return Array.from({ length: threads }, () => {
      const worker = new Worker(code, { eval: true, workerData: prepared, execArgv: [] });
      const slot: Slot = { worker, pending: new Map() };
      const fail = (err: Error) => {
        failure ??= err;
        for (const p of slot.pending.values()) p.reject(err);
        slot.pending.clear();
      };
      worker.on('message', (reply: ExplainReply) => {
        const p = slot.pending.get(reply.id);
        if (!p) return;
        slot.pending.delete(reply.id);
        if (slot.pending.size === 0) worker.unref();
        if ('error' in reply) p.reject(new Error(`explainer thread failed: ${reply.error}`));
        else p.resolve(reply.out);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`explainer thread exited with code ${code}`)));
      worker.unref();
      return slot;
    });
  };

  const run = (slot: Slot, x: Float32Array, n: number, mask: Uint8Array | null) =>
    new Promise<Float64Array>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      const transfer = [x.buffer as ArrayBuffer, ...(mask ? [mask.buffer as ArrayBuffer] : [])];
      slot.worker.postMessage({ id, x, n, mask } satisfies ExplainJob, transfer);
    });

  return {
    threads,
    async explainBatch(x, n, exactMask) {
      if (failure) throw failure;
      if (x.length < n * cols) throw new Error(`matrix has ${x.length} values, expected ${n}×${cols}`);
      const out = new Float64Array(n * cols);
      if (n === 0) return out;
      // Cut at equal cost: cumulative cost of rows [0, i).
      const cost = (i: number) => (!exactMask || exactMask[i] ? 1 : PATH_COST);
      let total = 0;
      for (let i = 0; i < n; i++) total += cost(i);
      if (total * workPerRow < minWork) return inline.batch(x, n, exactMask);
      const parts = Math.min(threads, Math.ceil((total * workPerRow) / minWork));
      const bounds = [0];
      let acc = 0;
      for (let i = 0; i < n && bounds.length < parts; i++) {
        acc += cost(i);
        if (acc >= (total * bounds.length) / parts) bounds.push(i + 1);
      }
      bounds.push(n);
      const pool = (slots ??= start());
      await Promise.all(
        bounds.slice(1).map(async (end, k) => {
          const start = bounds[k]!;
          if (end <= start) return;
          const part = await run(
            pool[k]!,
            x.slice(start * cols, end * cols),
            end - start,
            exactMask ? exactMask.slice(start, end) : null,
          );
          out.set(part, start * cols);
        }),
      );
      return out;
    },
    async close() {
      const closed = new Error('the explainer pool is closed');
      failure ??= closed;
      await Promise.all(
        (slots ?? []).map(async (s) => {
          s.worker.removeAllListeners('exit');
          for (const p of s.pending.values()) p.reject(closed);
          s.pending.clear();
          await s.worker.terminate();
        }),
      );
    },
  };
}
