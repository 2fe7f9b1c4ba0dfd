import { afterAll, describe, expect, it } from 'vitest';
import { createExplainer, topContributionIndices } from '../../lib/scoring/explain';
import { createExplainerPool, type ExplainerPool } from '../../lib/scoring/explain-pool';
import {
  compileEnsemble,
  createScratch,
  createTreeExplainer,
  explainRows,
  gaussLegendre,
  type TreeEnsembleJson,
  type TreeJson,
} from '../../lib/scoring/tree-shap';

// TreeSHAP against the definition: Shapley values of the path-dependent value function v(S) (follow the row at
// splits on features in S, cover-weighted average at the others), enumerated over every subset. Random trees split
// on the same feature several times along a path, on ties (x equal to the threshold) and on missing values.

const COLS = 6;

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * A random tree of the exported shape, at most `budget` nodes: few features so paths repeat them; covers add up,
 * internal values are cover-weighted means.
 */
function randomTree(rand: () => number, maxDepth: number, cols: number, budget = 400): TreeJson {
  const t: TreeJson = { feature: [], threshold: [], left: [], right: [], default_left: [], value: [], cover: [] };
  const grow = (depth: number): number => {
    const id = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.default_left.push(false);
    t.value.push(0);
    t.cover.push(0);
    if (depth < maxDepth && t.feature.length < budget && (depth < 2 || rand() < 0.8)) {
      t.feature[id] = Math.floor(rand() * cols);
      t.threshold[id] = Math.round((rand() - 0.5) * 8) / 2;
      t.default_left[id] = rand() < 0.5;
      const l = grow(depth + 1);
      const r = grow(depth + 1);
      t.left[id] = l;
      t.right[id] = r;
      t.cover[id] = t.cover[l]! + t.cover[r]!;
      t.value[id] = (t.cover[l]! * t.value[l]! + t.cover[r]! * t.value[r]!) / t.cover[id]!;
    } else {
      t.cover[id] = 1 + Math.floor(rand() * 50);
      t.value[id] = rand() * 2 - 1;
    }
    return id;
  };
  grow(0);
  return t;
}

function randomModel(seed: number, comparison: 'lt' | 'le', impute: boolean, depth = 7, cols = COLS): TreeEnsembleJson {
  const rand = seeded(seed);
  return {
    algorithm: comparison === 'lt' ? 'xgboost' : 'rf',
    comparison,
    output: 'sum',
    base_value: 0.25,
    feature_names: Array.from({ length: cols }, (_, j) => `f${j}`),
    impute: impute ? Array.from({ length: cols }, () => Math.round((rand() - 0.5) * 6) / 2) : null,
    trees: Array.from({ length: 12 }, () => randomTree(rand, depth, cols)),
  };
}

function randomRows(seed: number, n: number, cols = COLS) {
  const rand = seeded(seed);
  // Half-steps so that many values sit exactly on a threshold.
  return Float32Array.from({ length: n * cols }, () => (rand() < 0.15 ? NaN : Math.round((rand() - 0.5) * 10) / 2));
}

function left(m: TreeEnsembleJson, t: TreeJson, node: number, v: number) {
  if (Number.isNaN(v)) return t.default_left[node]!;
  return m.comparison === 'le' ? v <= t.threshold[node]! : v < t.threshold[node]!;
}

/** v(S) for one tree: the row decides at splits on features in S, covers weigh both sides elsewhere. */
function conditional(m: TreeEnsembleJson, t: TreeJson, x: number[], known: number, node = 0): number {
  if (t.left[node]! < 0) return t.value[node]!;
  const f = t.feature[node]!;
  const l = t.left[node]!;
  const r = t.right[node]!;
  if (known & (1 << f)) return conditional(m, t, x, known, left(m, t, node, x[f]!) ? l : r);
  const c = t.cover[node]!;
  return (t.cover[l]! / c) * conditional(m, t, x, known, l) + (t.cover[r]! / c) * conditional(m, t, x, known, r);
}

function bruteForceShap(m: TreeEnsembleJson, row: Float32Array): number[] {
  const n = m.feature_names.length;
  const x = Array.from(row, (v, j) => (Number.isNaN(v) && m.impute ? m.impute[j]! : v));
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const v = (S: number) => m.trees.reduce((sum, t) => sum + conditional(m, t, x, S), 0);
  const values = Array.from({ length: 1 << n }, (_, S) => v(S));
  const phi = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let S = 0; S < 1 << n; S++) {
      if (S & (1 << i)) continue;
      const size = S.toString(2).split('1').length - 1;
      phi[i]! += ((fact(size) * fact(n - size - 1)) / fact(n)) * (values[S | (1 << i)]! - values[S]!);
    }
  return phi;
}

function predict(m: TreeEnsembleJson, row: Float32Array): number {
  return m.trees.reduce((sum, t) => {
    let node = 0;
    while (t.left[node]! >= 0) {
      let v = row[t.feature[node]!]!;
      if (Number.isNaN(v) && m.impute) v = m.impute[t.feature[node]!]!;
      node = left(m, t, node, v) ? t.left[node]! : t.right[node]!;
    }
    return sum + t.value[node]!;
  }, m.base_value);
}

describe('exact TreeSHAP', () => {
  it('integrates polynomials of degree below 2n exactly with n Gauss–Legendre points', () => {
    for (let n = 1; n <= 30; n++) {
      const { t, w } = gaussLegendre(n);
      for (let k = 0; k < 2 * n; k++) {
        const integral = t.reduce((sum, tq, q) => sum + w[q]! * tq ** k, 0);
        expect(Math.abs(integral - 1 / (k + 1))).toBeLessThan(1e-13);
      }
    }
  });

  it('equals the Shapley values of the path-dependent value function, repeated features, ties and missing values included', () => {
    const cases = [
      { comparison: 'lt' as const, impute: false, seed: 3 },
      { comparison: 'le' as const, impute: true, seed: 5 },
      { comparison: 'le' as const, impute: false, seed: 11 },
    ];
    for (const { comparison, impute, seed } of cases) {
      const model = randomModel(seed, comparison, impute);
      const explain = createTreeExplainer(model);
      const rows = randomRows(seed + 1, 60);
      let worst = 0;
      for (let i = 0; i < 60; i++) {
        const row = rows.subarray(i * COLS, (i + 1) * COLS);
        const { contributions, expected } = explain(row);
        const reference = bruteForceShap(model, row);
        for (let j = 0; j < COLS; j++) worst = Math.max(worst, Math.abs(contributions[j]! - reference[j]!));
        const total = contributions.reduce((a, b) => a + b, expected);
        expect(Math.abs(total - predict(model, row))).toBeLessThan(1e-12);
      }
      expect(worst).toBeLessThan(1e-12);
    }
  });

  it('stays exact on trees 40 levels deep with 12 distinct features on a path (6 quadrature points)', () => {
    const cols = 12;
    const model = randomModel(17, 'le', true, 40, cols);
    model.trees = model.trees.slice(0, 3);
    const compiled = compileEnsemble(model);
    expect(compiled.maxDepth).toBeGreaterThan(20);
    expect(compiled.maxQ).toBe(6);
    const explain = createTreeExplainer(model);
    const rows = randomRows(18, 10, cols);
    for (let i = 0; i < 10; i++) {
      const row = rows.subarray(i * cols, (i + 1) * cols);
      const { contributions, expected } = explain(row);
      expect(Math.abs(contributions.reduce((a, b) => a + b, expected) - predict(model, row))).toBeLessThan(1e-12);
      const reference = bruteForceShap(model, row);
      for (let j = 0; j < cols; j++) expect(Math.abs(contributions[j]! - reference[j]!)).toBeLessThan(1e-12);
    }
  });

  it('gives the same numbers for a batch, with an exact/path mask, as row by row', () => {
    const model = randomModel(23, 'lt', false);
    const n = 53; // not a multiple of the block size
    const rows = randomRows(24, n);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 0 : 1));
    const explain = createExplainer(model);
    const batch = explain.batch(rows, n, mask);
    for (let i = 0; i < n; i++) {
      const row = rows.subarray(i * COLS, (i + 1) * COLS);
      expect(Array.from(batch.subarray(i * COLS, (i + 1) * COLS))).toEqual(Array.from(explain(row, mask[i] === 1)));
    }
    const compiled = compileEnsemble(model);
    const out = new Float64Array(n * COLS).fill(7);
    explainRows(compiled, createScratch(compiled), rows, n, out);
    for (let i = 0; i < n; i++) {
      const row = rows.subarray(i * COLS, (i + 1) * COLS);
      expect(Array.from(out.subarray(i * COLS, (i + 1) * COLS))).toEqual(Array.from(explain(row, true)));
    }
  });

  it('path attribution adds up to the prediction too', () => {
    const model = randomModel(29, 'le', true);
    const explain = createExplainer(model);
    const rows = randomRows(30, 40);
    for (let i = 0; i < 40; i++) {
      const row = rows.subarray(i * COLS, (i + 1) * COLS);
      const phi = explain(row, false);
      const expected = model.trees.reduce((s, t) => s + t.value[0]!, model.base_value);
      expect(Math.abs(phi.reduce((a, b) => a + b, expected) - predict(model, row))).toBeLessThan(1e-12);
    }
  });

  it('explains a blend as the weighted sum of its parts', () => {
    const xgb = randomModel(31, 'lt', false);
    const logreg = {
      algorithm: 'logreg' as const,
      impute: [0, 1, 0, 0, 2, 0],
      mean: [0.1, 0, 0.2, 0, 0, 0.3],
      scale: [1, 2, 1, 0.5, 1, 1],
      coef: [0.5, -1, 0.25, 2, 0, 1],
      intercept: 0.1,
    };
    const blend = createExplainer({ algorithm: 'blend', weights: [0.5, 0.5], parts: [xgb, logreg] });
    const a = createExplainer(xgb);
    const b = createExplainer(logreg);
    const rows = randomRows(32, 10);
    for (let i = 0; i < 10; i++) {
      const row = rows.subarray(i * COLS, (i + 1) * COLS);
      const got = blend(row, true);
      const pa = a(row, true);
      const pb = b(row, true);
      for (let j = 0; j < COLS; j++) expect(got[j]).toBeCloseTo(0.5 * pa[j]! + 0.5 * pb[j]!, 12);
    }
  });
});

describe('explainer pool', () => {
  let pool: ExplainerPool | undefined;
  afterAll(async () => pool?.close());

  it('answers exactly like the in-process explainer on two worker threads (started through tsx), then refuses once closed', async () => {
    const model = randomModel(37, 'lt', false);
    const n = 301;
    const x = randomRows(38, n);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i < 40 || i % 4 === 0 ? 1 : 0));
    const copy = x.slice();
    // minWork 1: even this small model goes to the threads.
    pool = createExplainerPool(model, { threads: 2, minWork: 1 });
    expect(pool.threads).toBe(2);
    const explainer = createExplainer(model);
    const inline = explainer.batch(x, n, mask);
    const [a, b, c] = await Promise.all([
      pool.explainBatch(x, n, mask),
      pool.explainBatch(x, n),
      pool.explainBatch(x.subarray(0, 7 * COLS), 7, mask.subarray(0, 7)),
    ]);
    expect(Array.from(a)).toEqual(Array.from(inline));
    expect(Array.from(b)).toEqual(Array.from(explainer.batch(x, n)));
    expect(Array.from(c)).toEqual(Array.from(inline.subarray(0, 7 * COLS)));
    expect(Array.from(x)).toEqual(Array.from(copy));
    await pool.close();
    await expect(pool.explainBatch(x, n, mask)).rejects.toThrow(/closed/);
  });
});

describe('top contributions', () => {
  it('picks what a stable sort would, by value above zero or by magnitude, in one pass', () => {
    const rand = seeded(41);
    for (let trial = 0; trial < 500; trial++) {
      // Few distinct values, so ties are common; zeros and values under 1e-9 never count.
      const c = Float64Array.from({ length: 1 + Math.floor(rand() * 20) }, () =>
        rand() < 0.2 ? 0 : rand() < 0.1 ? 1e-10 : Math.round((rand() - 0.5) * 8) / 4,
      );
      const n = 1 + Math.floor(rand() * 9);
      const sorted = (key: (v: number) => number) =>
        Array.from(c.keys())
          .filter((j) => key(c[j]!) > 1e-9)
          .sort((a, b) => key(c[b]!) - key(c[a]!))
          .slice(0, n);
      expect(topContributionIndices(c, n, 'towards-churn')).toEqual(sorted((v) => v));
      expect(topContributionIndices(c, n, 'magnitude')).toEqual(sorted(Math.abs));
    }
  });
});
