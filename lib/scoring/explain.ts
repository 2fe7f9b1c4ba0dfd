import { createTreeExplainer, type TreeEnsembleJson, type TreeJson } from './tree-shap';
import type { Reason } from './schemas';

// Per-customer drivers from a model's exported JSON (models/README.md): exact TreeSHAP for tree ensembles,
// coefficient × standardised value for the logistic model, the mean of the parts for a blend. Contributions are in
// the model's raw output (log-odds, or probability for a random forest); only their order and sign reach the UI.

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

export type Explainer = (row: Float32Array, exact: boolean) => Float64Array;

const slog1p = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));

/** Path attribution (Saabas): along the row's own path, each split's feature gets the change in expected value. */
function pathAttribution(model: TreeEnsembleJson): (row: Float32Array) => Float64Array {
  const le = model.comparison === 'le';
  return (row) => {
    const phi = new Float64Array(model.feature_names.length);
    for (const t of model.trees as TreeJson[]) {
      let node = 0;
      while (t.left[node]! >= 0) {
        const f = t.feature[node]!;
        let v = row[f]!;
        if (Number.isNaN(v) && model.impute) v = model.impute[f]!;
        const left = Number.isNaN(v) ? t.default_left[node] : le ? v <= t.threshold[node]! : v < t.threshold[node]!;
        const next = left ? t.left[node]! : t.right[node]!;
        phi[f]! += t.value[next]! - t.value[node]!;
        node = next;
      }
    }
    return phi;
  };
}

/** Builds the explainer of a model: `exact` asks for TreeSHAP, otherwise the cheaper path attribution. */
export function createExplainer(model: ModelJson): Explainer {
  if (model.algorithm === 'logreg') {
    return (row) =>
      Float64Array.from(model.coef, (c, j) => {
        const v = Number.isNaN(row[j]!) ? model.impute[j]! : row[j]!;
        return (c * (slog1p(v) - model.mean[j]!)) / model.scale[j]!;
      });
  }
  if (model.algorithm === 'blend') {
    const parts = model.parts.map((p) => createExplainer(p));
    return (row, exact) => {
      const out = new Float64Array(row.length);
      parts.forEach((explain, i) => explain(row, exact).forEach((v, j) => (out[j]! += v * model.weights[i]!)));
      return out;
    };
  }
  const shap = createTreeExplainer(model);
  const saabas = pathAttribution(model);
  return (row, exact) => (exact ? shap(row).contributions : saabas(row));
}

/** The strongest drivers towards churn (positive contributions), largest first. */
export function topReasons(contributions: Float64Array, row: Float32Array, names: string[], n = 3): Reason[] {
  const order = Array.from(contributions.keys())
    .filter((j) => contributions[j]! > 1e-9)
    .sort((a, b) => contributions[b]! - contributions[a]!)
    .slice(0, n);
  return order.map((j) => ({
    feature: names[j]!,
    value: Number.isNaN(row[j]!) ? null : Number(row[j]!.toPrecision(6)),
    impact: Number(contributions[j]!.toFixed(6)),
  }));
}
