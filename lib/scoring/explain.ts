import { compileEnsemble, createScratch, explainRows, type CompiledEnsemble, type TreeEnsembleJson } from './tree-shap';
import type { Reason } from './schemas';

// Per-customer drivers from a model's exported JSON (models/README.md): exact TreeSHAP for tree ensembles (or the
// cheaper path attribution), coefficient × standardised value for the logistic model, the weighted sum of the
// parts for a blend. Contributions are in the model's raw output (log-odds, or probability for a random forest);
// only their order and sign reach the UI.

type LogregJson = {
  algorithm: 'logreg';
  impute: number[];
  mean: number[];
  scale: number[];
  coef: number[];
  intercept: number;
};
type BlendJson = { algorithm: 'blend'; weights: number[]; parts: (TreeEnsembleJson | LogregJson)[] };
export type ModelJson = TreeEnsembleJson | LogregJson | BlendJson;

/**
 * A model ready to explain, in typed arrays and plain numbers only: built once per model, and what worker threads
 * receive (see explain-pool.ts). With `shared`, tree arrays live in SharedArrayBuffers, so threads share one copy.
 */
export type PreparedModel =
  | { kind: 'trees'; ensemble: CompiledEnsemble }
  | { kind: 'logreg'; model: LogregJson }
  | { kind: 'blend'; weights: number[]; parts: PreparedModel[] };

export function prepareModel(model: ModelJson, opts: { shared?: boolean } = {}): PreparedModel {
  if (model.algorithm === 'logreg') return { kind: 'logreg', model };
  if (model.algorithm === 'blend')
    return { kind: 'blend', weights: model.weights, parts: model.parts.map((p) => prepareModel(p, opts)) };
  return { kind: 'trees', ensemble: compileEnsemble(model, opts) };
}

export type Explainer = ((row: Float32Array, exact: boolean) => Float64Array) & {
  /** Number of features (columns of a row). */
  features: number;
  /**
   * Contributions for `n` rows of a row-major matrix, `n × features`: exact TreeSHAP where `exactMask[i]` is non-zero
   * (every row without a mask), path attribution (Saabas) elsewhere. Rows share the walks over the trees, so this is
   * faster than one call per row.
   */
  batch: (x: Float32Array, n: number, exactMask?: ArrayLike<number>) => Float64Array;
};

const slog1p = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

function featureCount(p: PreparedModel): number {
  if (p.kind === 'trees') return p.ensemble.features;
  if (p.kind === 'logreg') return p.model.coef.length;
  return featureCount(p.parts[0]!);
}

function batchFor(p: PreparedModel): Explainer['batch'] {
  const cols = featureCount(p);
  if (p.kind === 'trees') {
    const scratch = createScratch(p.ensemble);
    return (x, n, exactMask) => {
      const out = new Float64Array(n * cols);
      explainRows(p.ensemble, scratch, x, n, out, exactMask);
      return out;
    };
  }
  if (p.kind === 'logreg') {
    const { impute, mean, scale, coef } = p.model;
    return (x, n) => {
      const out = new Float64Array(n * cols);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < cols; j++) {
          const v = x[i * cols + j]!;
          out[i * cols + j] = (coef[j]! * (slog1p(Number.isNaN(v) ? impute[j]! : v) - mean[j]!)) / scale[j]!;
        }
      return out;
    };
  }
  const parts = p.parts.map(batchFor);
  return (x, n, exactMask) => {
    const out = new Float64Array(n * cols);
    parts.forEach((batch, i) => {
      const w = p.weights[i]!;
      const part = batch(x, n, exactMask);
      for (let k = 0; k < out.length; k++) out[k]! += w * part[k]!;
    });
    return out;
  };
}

/** The explainer of a prepared model (each call site gets its own scratch: one explainer per thread). */
export function explainerFor(prepared: PreparedModel): Explainer {
  const batch = batchFor(prepared);
  const exactOne = Uint8Array.of(1);
  const pathOne = Uint8Array.of(0);
  const explain = (row: Float32Array, exact: boolean) => batch(row, 1, exact ? exactOne : pathOne);
  return Object.assign(explain, { features: featureCount(prepared), batch });
}

/** Builds the explainer of a model: `exact` asks for TreeSHAP, otherwise the cheaper path attribution. */
export function createExplainer(model: ModelJson): Explainer {
  return explainerFor(prepareModel(model));
}

/**
 * Indices of the `n` largest contributions, largest first, ties in feature order (as a stable sort would give):
 * by value among those above zero (`towards-churn`), or by absolute value among the non-zero ones (`magnitude`).
 * One pass with a small insertion-sorted list: no arrays of all features, no sort (this runs for every customer).
 */
export function topContributionIndices(
  contributions: Float64Array,
  n: number,
  by: 'towards-churn' | 'magnitude',
): number[] {
  const top: number[] = [];
  const keys: number[] = [];
  for (let j = 0; j < contributions.length; j++) {
    const key = by === 'magnitude' ? Math.abs(contributions[j]!) : contributions[j]!;
    if (!(key > 1e-9)) continue;
    if (top.length === n && key <= keys[n - 1]!) continue;
    let at = top.length;
    while (at > 0 && keys[at - 1]! < key) at--;
    top.splice(at, 0, j);
    keys.splice(at, 0, key);
    if (top.length > n) {
      top.pop();
      keys.pop();
    }
  }
  return top;
}

/** The strongest drivers towards churn (positive contributions), largest first. */
export function topReasons(contributions: Float64Array, row: Float32Array, names: string[], n = 3): Reason[] {
  return topContributionIndices(contributions, n, 'towards-churn').map((j) => ({
    feature: names[j]!,
    value: Number.isNaN(row[j]!) ? null : Number(row[j]!.toPrecision(6)),
    impact: Number(contributions[j]!.toFixed(6)),
  }));
}
