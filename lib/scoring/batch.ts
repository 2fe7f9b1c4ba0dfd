import { AppError } from '../errors';
import { predictProbabilities } from '../ml/onnx';
import type { LoadedModel } from './champion';
import type { ExplainerPool } from './explain-pool';
import { topContributionIndices, topReasons } from './explain';
import type { ScoreRow } from './repo';
import type { Reason, Tier, TTierThresholds } from './schemas';

// Rows explained per call: they share the walks over the trees, and between slices the worker's other jobs
// (real-time re-scoring) get the event loop.
const SLICE = 256;

export type FeatureRow = { customer_id: string; values: (number | null)[] };
/** Customers and their features as the model's input matrix (row-major, NaN = missing). */
export type FeatureMatrix = { ids: string[]; x: Float32Array };
export type StageTimings = { read: number; infer: number; explain: number; write: number };

export function tierOf(probability: number, t: TTierThresholds): Tier {
  return probability >= t.high ? 'high' : probability >= t.medium ? 'medium' : 'low';
}

export function emptyTimings(): StageTimings {
  return { read: 0, infer: 0, explain: 0, write: 0 };
}

/** The strongest drivers either way (largest |contribution|), kept with a score so a later one can say what moved. */
export function topDrivers(contributions: Float64Array, row: Float32Array, names: string[], n = 8): Reason[] {
  return topContributionIndices(contributions, n, 'magnitude').map((j) => ({
    feature: names[j]!,
    value: Number.isNaN(row[j]!) ? null : Number(row[j]!.toPrecision(6)),
    impact: Number(contributions[j]!.toFixed(6)),
  }));
}

/** Lays feature rows out as the model's input matrix; a missing value is NaN, which the model treats as missing. */
export function toMatrix(rows: FeatureRow[], cols: number): FeatureMatrix {
  const x = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.values.length !== cols)
      throw new AppError(
        'conflict',
        `Customer ${r.customer_id} has ${r.values.length} features, the model expects ${cols}: retrain the model.`,
      );
    for (let j = 0; j < cols; j++) x[i * cols + j] = r.values[j] ?? NaN;
  });
  return { ids: rows.map((r) => r.customer_id), x };
}

/**
 * Scores a batch: probabilities from onnxruntime, tiers by the thresholds and, with `reasons`, the drivers —
 * exact TreeSHAP for high and medium customers, the cheaper path attribution for the low tier; on the explainer
 * threads of `pool` when given. Adds the time of each stage to `timings` (seconds).
 */
export async function scoreBatch(
  model: LoadedModel,
  { ids, x }: FeatureMatrix,
  thresholds: TTierThresholds,
  opts: { reasons: boolean; exactAll?: boolean; timings: StageTimings; pool?: ExplainerPool },
): Promise<ScoreRow[]> {
  const cols = model.featureNames.length;
  let t = performance.now();
  const probs = await predictProbabilities(model.session, x, ids.length);
  opts.timings.infer += (performance.now() - t) / 1000;
  t = performance.now();
  const out: ScoreRow[] = ids.map((customerId, i) => {
    const p = probs[i]!;
    // A model that answers NaN must not become a silent "low risk".
    if (!Number.isFinite(p)) throw new Error(`the model returned ${p} for customer ${customerId}`);
    return { customerId, probability: p, tier: tierOf(p, thresholds), reasons: [], drivers: [] };
  });
  if (opts.reasons) {
    // With a pool, the whole page goes to the explainer threads and this thread is free meanwhile; inline, slices
    // give the worker's other jobs (real-time re-scoring) the event loop in between.
    const slice = opts.pool ? ids.length : SLICE;
    for (let lo = 0; lo < ids.length; lo += slice) {
      if (lo > 0) await new Promise((r) => setImmediate(r));
      const n = Math.min(slice, ids.length - lo);
      const mask = Uint8Array.from({ length: n }, (_, i) => (opts.exactAll || out[lo + i]!.tier !== 'low' ? 1 : 0));
      const part = x.subarray(lo * cols, (lo + n) * cols);
      const phi = opts.pool ? await opts.pool.explainBatch(part, n, mask) : model.explain.batch(part, n, mask);
      for (let i = 0; i < n; i++) {
        const row = x.subarray((lo + i) * cols, (lo + i + 1) * cols);
        const contributions = phi.subarray(i * cols, (i + 1) * cols);
        out[lo + i]!.reasons = topReasons(contributions, row, model.featureNames);
        out[lo + i]!.drivers = topDrivers(contributions, row, model.featureNames);
      }
    }
  }
  opts.timings.explain += (performance.now() - t) / 1000;
  return out;
}
