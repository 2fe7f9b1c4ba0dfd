// Exact TreeSHAP over the exported trees: the contribution of each feature to one prediction of a tree ensemble, in
// the ensemble's raw output space (the margin for XGBoost, the probability for a random forest).
//
// The classic algorithm (Lundberg, Erion & Lee 2018, Algorithm 2) costs O(leaves × depth²) per row, ~0.8 s a row
// on a 250-tree forest 30–45 levels deep. This one is the same quantity computed in O(nodes × depth / 2), after
// Linear TreeSHAP (Yu et al. 2022): with d the number of distinct features on the path to a leaf of value v, z_j
// the product of cover fractions of feature j's splits on that path and o_j ∈ {0, 1} whether the row passes all of
// them, the leaf gives feature i
//
//   v · (o_i − z_i) · ∫₀¹ Π_{j≠i} (z_j (1 − t) + o_j t) dt,
//
// whose integrand is a polynomial of degree d − 1, so Gauss–Legendre quadrature with ⌈d / 2⌉ points is exact. One
// pass down a tree carries the product at those points (merging a feature split on again: its old factor divided
// out, the merged one multiplied in); one pass up sums leaf values × products, and each edge turns the sum below it
// into its feature's contribution. Sums under a deeper split on the same feature belong to that split, so that
// split subtracts them from its ancestor's term again. The trees are flattened once into typed arrays in preorder
// (left subtree first), so both passes are one loop over an array with fixed scratch and no allocation per row;
// rows go through in blocks that share the walk and every division. Against Algorithm 2 on this machine (one
// thread, CPU time, batches): ~13× on a 300-tree depth-6 XGBoost, ~13× on a 250-tree forest with 300-row leaves,
// ~10× on forests 30–45 levels deep (one row per call: about half that); explain-pool.ts adds the second core.

export type TreeJson = {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  default_left: boolean[];
  value: number[];
  cover: number[];
};

export type TreeEnsembleJson = {
  algorithm: 'xgboost' | 'rf';
  comparison: 'lt' | 'le';
  output: 'logistic' | 'sum';
  base_value: number;
  feature_names: string[];
  impute: number[] | null;
  trees: TreeJson[];
};

/**
 * An ensemble flattened for explaining: every tree's nodes in preorder (a left child right after its parent) in
 * typed arrays, which also travel to worker threads as they are.
 */
export type CompiledEnsemble = {
  features: number;
  lessOrEqual: boolean;
  /** Σ root values + base value: the mean output that contributions are measured from. */
  expected: number;
  impute: Float64Array | null;
  /** Tree t's nodes are [treeStart[t], treeStart[t + 1]). */
  treeStart: Int32Array;
  /** Quadrature points tree t needs: ⌈most distinct features on one of its paths / 2⌉. */
  treeQ: Int32Array;
  /** Split feature, -1 at a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  /** Index of the right child (the left one is the next node), -1 at a leaf. */
  right: Int32Array;
  depth: Uint16Array;
  /** cover / parent's cover (1 at a root). */
  ratio: Float64Array;
  /** Leaf output, or the node's expected output at an internal node (for path attribution). */
  value: Float64Array;
  maxDepth: number;
  maxQ: number;
};

/** Gauss–Legendre points and weights on [0, 1]: exact for polynomials of degree < 2n. */
export function gaussLegendre(n: number): { t: Float64Array; w: Float64Array } {
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    const weight = 1 / ((1 - z * z) * dp * dp);
    t[i] = (1 - z) / 2;
    t[n - 1 - i] = (1 + z) / 2;
    w[i] = weight;
    w[n - 1 - i] = weight;
  }
  return { t, w };
}

type TypedArrayOf<T> = { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/**
 * Flattens an exported ensemble (models/README.md) for explaining many rows. With `shared`, the arrays live in
 * SharedArrayBuffers, so worker threads read the one copy instead of cloning it.
 */
export function compileEnsemble(model: TreeEnsembleJson, opts: { shared?: boolean } = {}): CompiledEnsemble {
  const total = model.trees.reduce((sum, tree) => sum + tree.left.length, 0);
  const alloc = <T>(Type: TypedArrayOf<T>, length: number): T =>
    opts.shared ? new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT)) : new Type(length);
  const c: CompiledEnsemble = {
    features: model.feature_names.length,
    lessOrEqual: model.comparison === 'le',
    expected: model.trees.reduce((sum, tree) => sum + tree.value[0]!, model.base_value),
    impute: model.impute ? Float64Array.from(model.impute) : null,
    treeStart: alloc(Int32Array, model.trees.length + 1),
    treeQ: alloc(Int32Array, model.trees.length),
    feature: alloc(Int32Array, total),
    threshold: alloc(Float64Array, total),
    defaultLeft: alloc(Uint8Array, total),
    right: alloc(Int32Array, total),
    depth: alloc(Uint16Array, total),
    ratio: alloc(Float64Array, total),
    value: alloc(Float64Array, total),
    maxDepth: 0,
    maxQ: 1,
  };
  const seen = new Int32Array(c.features);
  let p = 0;
  // Iterative preorder walk; `distinct` counts the features split on between the root and the current node.
  const stack: { node: number; parent: number; depth: number; pos: number; distinct: number }[] = [];
  model.trees.forEach((tree, t) => {
    c.treeStart[t] = p;
    let maxDistinct = 0;
    const path: number[] = [];
    stack.push({ node: 0, parent: -1, depth: 0, pos: -1, distinct: 0 });
    while (stack.length) {
      const { node, parent, depth, pos, distinct } = stack.pop()!;
      // Leave the path of features back to this node's parent.
      while (path.length > depth) seen[path.pop()!]! -= 1;
      if (pos >= 0) c.right[pos] = p;
      const isLeaf = tree.left[node]! < 0;
      c.feature[p] = isLeaf ? -1 : tree.feature[node]!;
      c.threshold[p] = isLeaf ? 0 : tree.threshold[node]!;
      c.defaultLeft[p] = tree.default_left[node] ? 1 : 0;
      c.right[p] = -1;
      c.depth[p] = depth;
      c.ratio[p] = parent < 0 ? 1 : tree.cover[node]! / tree.cover[parent]!;
      c.value[p] = tree.value[node]!;
      c.maxDepth = Math.max(c.maxDepth, depth);
      maxDistinct = Math.max(maxDistinct, distinct);
      if (!isLeaf) {
        const f = tree.feature[node]!;
        const next = distinct + (seen[f] === 0 ? 1 : 0);
        seen[f]! += 1;
        path.push(f);
        // Right pushed first so the left subtree comes out first; it records its index in this node's `right`.
        stack.push({ node: tree.right[node]!, parent: node, depth: depth + 1, pos: p, distinct: next });
        stack.push({ node: tree.left[node]!, parent: node, depth: depth + 1, pos: -1, distinct: next });
      }
      p++;
    }
    while (path.length) seen[path.pop()!]! -= 1;
    c.treeQ[t] = Math.max(1, Math.ceil(maxDistinct / 2));
    c.maxQ = Math.max(c.maxQ, c.treeQ[t]!);
  });
  c.treeStart[model.trees.length] = p;
  return c;
}

/** Rows explained together: they share every walk over the trees and every division (the fractions z belong to
 * the trees, only the pass/fail bits o to a row). */
export const BLOCK_ROWS = 16;

/**
 * Scratch for one explaining thread, sized once per ensemble. Per level: the merged fraction z of the feature split
 * on there, its factors z (1 − t) and z + (1 − z) t at the quadrature points and their inverses (cold | hot, chosen
 * per row by o); per level and row: o, the direction taken, and the product and sum at the quadrature points.
 * Level `maxDepth + 1` is a neutral sentinel (z = o = 1, inverse factors 1) standing for "no earlier split on this
 * feature", so the inner loops need no branch for it.
 */
export type ShapScratch = ReturnType<typeof createScratch>;

export function createScratch(c: CompiledEnsemble) {
  const levels = c.maxDepth + 2;
  const sentinel = c.maxDepth + 1;
  const M = c.maxQ;
  const R = BLOCK_ROWS;
  const qt = new Float64Array((M * (M + 1)) / 2);
  const qw = new Float64Array(qt.length);
  const qInvOneMinusT = new Float64Array(qt.length);
  for (let q = 1; q <= M; q++) {
    const { t, w } = gaussLegendre(q);
    const off = (q * (q - 1)) / 2;
    qt.set(t, off);
    qw.set(w, off);
    for (let i = 0; i < q; i++) qInvOneMinusT[off + i] = 1 / (1 - t[i]!);
  }
  const s = {
    // One slot more than a block: the row being path-attributed while a block fills.
    x: new Float64Array((R + 1) * c.features),
    target: new Int32Array(R),
    qt,
    qw,
    qInvOneMinusT,
    factor: new Float64Array(levels * 2 * M),
    inverse: new Float64Array(levels * 2 * M),
    zero: new Float64Array(levels),
    one: new Uint8Array(levels * R),
    dir: new Uint8Array(levels * R),
    product: new Float64Array(levels * R * M),
    sum: new Float64Array(levels * R * M),
    prev: new Int32Array(levels),
    edgeFeature: new Int32Array(levels),
    node: new Int32Array(levels),
    lastLevel: new Int32Array(c.features).fill(sentinel),
  };
  s.inverse.fill(1, sentinel * 2 * M);
  s.zero[sentinel] = 1;
  s.one.fill(1, sentinel * R);
  return s;
}

/** Copies a row into block slot `r`, missing values replaced by the model's imputation when it has one. */
function loadRow(c: CompiledEnsemble, s: ShapScratch, r: number, row: ArrayLike<number>, offset: number) {
  const x = s.x;
  const impute = c.impute;
  const n = c.features;
  for (let j = 0; j < n; j++) {
    const v = row[offset + j]!;
    x[r * n + j] = v !== v && impute ? impute[j]! : v;
  }
}

/** 1 if the row at `xo` in `x` goes left at node `p` (NaN: the learned default direction). */
function goesLeft(c: CompiledEnsemble, x: Float64Array, xo: number, p: number): number {
  const v = x[xo + c.feature[p]!]!;
  if (v !== v) return c.defaultLeft[p]!;
  return (c.lessOrEqual ? v <= c.threshold[p]! : v < c.threshold[p]!) ? 1 : 0;
}

/**
 * Adds the TreeSHAP contributions of the first `R` rows loaded in `s.x` to `phi` (row r at `s.target[r]`).
 * Products are kept pre-multiplied by the quadrature weights (every point is an independent channel), so an
 * integral is a plain sum. A leaf is settled where it is met: its own factor cancels in its own term.
 */
function shapBlock(c: CompiledEnsemble, s: ShapScratch, phi: Float64Array, R: number) {
  const { treeStart, treeQ, feature, depth, ratio, value } = c;
  const { x, target, qt, qw, qInvOneMinusT, factor, inverse, zero, one, dir, product, sum } = s;
  const { prev, edgeFeature, node, lastLevel } = s;
  const M = c.maxQ;
  const RB = BLOCK_ROWS;
  const n = c.features;
  const sentinel = c.maxDepth + 1;
  for (let tree = 0; tree < treeQ.length; tree++) {
    const start = treeStart[tree]!;
    const end = treeStart[tree + 1]!;
    if (feature[start]! < 0) continue;
    const Q = treeQ[tree]!;
    const qo = (Q * (Q - 1)) / 2;
    for (let r = 0; r < R; r++) {
      for (let q = 0; q < Q; q++) {
        product[r * M + q] = qw[qo + q]!;
        sum[r * M + q] = 0;
      }
      dir[r] = goesLeft(c, x, r * n, start);
    }
    node[0] = start;
    let top = 0;
    for (let p = start + 1; p <= end; p++) {
      const k = p < end ? depth[p]! : 1;
      // Every level from the last internal node's up to this one is complete: its edge turns its sum into
      // contributions (minus what an earlier split on the same feature counted for the same leaves).
      while (top >= k) {
        const f = edgeFeature[top]!;
        const pl = prev[top]!;
        const z = zero[top]!;
        const zp = zero[pl]!;
        for (let r = 0; r < R; r++) {
          const o = one[top * RB + r]!;
          const op = one[pl * RB + r]!;
          const inv = (top * 2 + o) * M;
          const invp = (pl * 2 + op) * M;
          const base = (top * RB + r) * M;
          const up = base - RB * M;
          let a = 0;
          let b = 0;
          for (let q = 0; q < Q; q++) {
            const v = sum[base + q]!;
            a += v * inverse[inv + q]!;
            b += v * inverse[invp + q]!;
            sum[up + q]! += v;
          }
          phi[target[r]! + f]! += (o - z) * a - (op - zp) * b;
        }
        lastLevel[f] = pl;
        top--;
      }
      if (p === end) break;
      const parent = node[k - 1]!;
      const f = feature[parent]!;
      const pl = lastLevel[f]!;
      const z = ratio[p]! * zero[pl]!;
      const zp = zero[pl]!;
      const left = p === parent + 1 ? 1 : 0;
      // This edge's factors, cold then hot: z (1 − t) and z + (1 − z) t.
      const fb = k * 2 * M;
      for (let q = 0; q < Q; q++) {
        const t = qt[qo + q]!;
        factor[fb + q] = z * (1 - t);
        factor[fb + M + q] = z + (1 - z) * t;
      }
      if (feature[p]! < 0) {
        // Leaf: Σ (product without the feature's factor) for this edge's term, the full product for the earlier
        // split's correction and for the sums above.
        const v = value[p]!;
        if (pl === sentinel) {
          // The common case: no earlier split on this feature, nothing to divide out or correct.
          for (let r = 0; r < R; r++) {
            const o = left === dir[(k - 1) * RB + r] ? 1 : 0;
            const fo = fb + o * M;
            const up = ((k - 1) * RB + r) * M;
            let a = 0;
            for (let q = 0; q < Q; q++) {
              const without = product[up + q]!;
              a += without;
              sum[up + q]! += v * without * factor[fo + q]!;
            }
            phi[target[r]! + f]! += v * (o - z) * a;
          }
          continue;
        }
        for (let r = 0; r < R; r++) {
          const op = one[pl * RB + r]!;
          const o = (left === dir[(k - 1) * RB + r] ? 1 : 0) & op;
          const invp = (pl * 2 + op) * M;
          const fo = fb + o * M;
          const up = ((k - 1) * RB + r) * M;
          let a = 0;
          let b = 0;
          for (let q = 0; q < Q; q++) {
            const without = product[up + q]! * inverse[invp + q]!;
            const full = without * factor[fo + q]!;
            a += without;
            b += full * inverse[invp + q]!;
            sum[up + q]! += v * full;
          }
          phi[target[r]! + f]! += v * ((o - z) * a - (op - zp) * b);
        }
        continue;
      }
      // Internal node: the inverses are shared by every row of the block. A zero cover leaves nothing below.
      const iz = z > 0 ? 1 / z : 0;
      for (let q = 0; q < Q; q++) {
        inverse[fb + q] = iz * qInvOneMinusT[qo + q]!;
        inverse[fb + M + q] = 1 / factor[fb + M + q]!;
      }
      zero[k] = z;
      prev[k] = pl;
      edgeFeature[k] = f;
      node[k] = p;
      lastLevel[f] = k;
      for (let r = 0; r < R; r++) {
        const op = one[pl * RB + r]!;
        const o = (left === dir[(k - 1) * RB + r] ? 1 : 0) & op;
        one[k * RB + r] = o;
        const invp = (pl * 2 + op) * M;
        const fo = fb + o * M;
        const base = (k * RB + r) * M;
        const up = base - RB * M;
        for (let q = 0; q < Q; q++) {
          product[base + q] = product[up + q]! * inverse[invp + q]! * factor[fo + q]!;
          sum[base + q] = 0;
        }
        dir[k * RB + r] = goesLeft(c, x, r * n, p);
      }
      top = k;
    }
  }
}

/** Adds the path attribution (Saabas) of block row `r` to `phi` at `at`: each split's feature gets the change in value. */
function pathRow(c: CompiledEnsemble, s: ShapScratch, r: number, phi: Float64Array, at: number) {
  const { treeStart, feature, right, value } = c;
  const x = s.x;
  const xo = r * c.features;
  for (let tree = 0; tree + 1 < treeStart.length; tree++) {
    let p = treeStart[tree]!;
    while (feature[p]! >= 0) {
      const next = goesLeft(c, x, xo, p) ? p + 1 : right[p]!;
      phi[at + feature[p]!]! += value[next]! - value[p]!;
      p = next;
    }
  }
}

/**
 * Contributions for `n` rows of a row-major matrix into `out` (n × features, zeroed here): exact TreeSHAP where
 * `exactMask[i]` is non-zero (every row without a mask), path attribution elsewhere.
 */
export function explainRows(
  c: CompiledEnsemble,
  s: ShapScratch,
  x: ArrayLike<number>,
  n: number,
  out: Float64Array,
  exactMask?: ArrayLike<number>,
) {
  const cols = c.features;
  out.fill(0, 0, n * cols);
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (exactMask && !exactMask[i]) {
      loadRow(c, s, BLOCK_ROWS, x, i * cols);
      pathRow(c, s, BLOCK_ROWS, out, i * cols);
      continue;
    }
    loadRow(c, s, r, x, i * cols);
    s.target[r++] = i * cols;
    if (r === BLOCK_ROWS) {
      shapBlock(c, s, out, r);
      r = 0;
    }
  }
  if (r > 0) shapBlock(c, s, out, r);
}

/**
 * Prepares an ensemble for explaining many rows. The returned function gives per-feature contributions for one
 * row (NaN = missing) plus the expected value, so that `expected + Σ contributions` equals the ensemble's raw
 * output (margin or probability) for that row.
 */
export function createTreeExplainer(model: TreeEnsembleJson) {
  const c = compileEnsemble(model);
  const s = createScratch(c);
  return (row: ArrayLike<number>): { contributions: Float64Array; expected: number } => {
    const phi = new Float64Array(c.features);
    explainRows(c, s, row, 1, phi);
    return { contributions: phi, expected: c.expected };
  };
}
