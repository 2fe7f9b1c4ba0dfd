// Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2, as in the shap library's tree_shap_recursive): the
// contribution of each feature to one prediction of a tree ensemble, in the ensemble's raw output space (the
// margin for XGBoost, the probability for a random forest). Cost O(trees × leaves × depth²) per row, so it runs
// in the score worker for the customers whose reasons are shown, never for a whole base in the web server.

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

type Path = { feature: Int32Array; zero: Float64Array; one: Float64Array; weight: Float64Array };

function newPath(size: number): Path {
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
}

function copyPath(from: Path, to: Path, length: number) {
  to.feature.set(from.feature.subarray(0, length));
  to.zero.set(from.zero.subarray(0, length));
  to.one.set(from.one.subarray(0, length));
  to.weight.set(from.weight.subarray(0, length));
}

function extendPath(p: Path, depth: number, zero: number, one: number, feature: number) {
  p.feature[depth] = feature;
  p.zero[depth] = zero;
  p.one[depth] = one;
  p.weight[depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    p.weight[i + 1]! += (one * p.weight[i]! * (i + 1)) / (depth + 1);
    p.weight[i] = (zero * p.weight[i]! * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: Path, depth: number, index: number) {
  const one = p.one[index]!;
  const zero = p.zero[index]!;
  let next = p.weight[depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = p.weight[i]!;
      p.weight[i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.weight[i]! * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[i] = (p.weight[i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[i] = p.feature[i + 1]!;
    p.zero[i] = p.zero[i + 1]!;
    p.one[i] = p.one[i + 1]!;
  }
}

function unwoundPathSum(p: Path, depth: number, index: number): number {
  const one = p.one[index]!;
  const zero = p.zero[index]!;
  let next = p.weight[depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.weight[i]! - tmp * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += p.weight[i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function treeDepth(tree: TreeJson, node = 0): number {
  if (tree.left[node]! < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]!), treeDepth(tree, tree.right[node]!));
}

/** Which child `x` follows at an internal node, missing values taking the learned default direction. */
function hotChild(tree: TreeJson, node: number, x: Float64Array, lessOrEqual: boolean) {
  const v = x[tree.feature[node]!]!;
  if (Number.isNaN(v)) return tree.default_left[node] ? tree.left[node]! : tree.right[node]!;
  const goesLeft = lessOrEqual ? v <= tree.threshold[node]! : v < tree.threshold[node]!;
  return goesLeft ? tree.left[node]! : tree.right[node]!;
}

/**
 * One node of the recursion. `paths[level]` is this call's own copy of the path of unique features so far (each
 * recursion level has its own, so the cold child sees the path exactly as the hot child found it).
 */
function recurse(
  t: { tree: TreeJson; x: Float64Array; phi: Float64Array; lessOrEqual: boolean; paths: Path[] },
  level: number,
  node: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
) {
  const { tree, paths } = t;
  const path = paths[level]!;
  if (level > 0) copyPath(paths[level - 1]!, path, depth);
  extendPath(path, depth, zero, one, feature);
  if (tree.left[node]! < 0) {
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(path, depth, i);
      t.phi[path.feature[i]!]! += w * (path.one[i]! - path.zero[i]!) * tree.value[node]!;
    }
    return;
  }
  const split = tree.feature[node]!;
  const hot = hotChild(tree, node, t.x, t.lessOrEqual);
  const cold = hot === tree.left[node] ? tree.right[node]! : tree.left[node]!;
  const cover = tree.cover[node]!;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  // A feature split on again higher up: undo that split so this one accounts for both.
  let k = 1;
  while (k <= d && path.feature[k] !== split) k++;
  if (k <= d) {
    inZero = path.zero[k]!;
    inOne = path.one[k]!;
    unwindPath(path, d, k);
    d -= 1;
  }
  recurse(t, level + 1, hot, d + 1, (tree.cover[hot]! / cover) * inZero, inOne, split);
  recurse(t, level + 1, cold, d + 1, (tree.cover[cold]! / cover) * inZero, 0, split);
}

/**
 * Prepares an ensemble for explaining many rows: tree depths and path buffers are sized once. The returned
 * function gives per-feature contributions for one row (NaN = missing) plus the expected value, so that
 * `expected + Σ contributions` equals the ensemble's raw output (margin or probability) for that row.
 */
export function createTreeExplainer(model: TreeEnsembleJson) {
  const n = model.feature_names.length;
  const lessOrEqual = model.comparison === 'le';
  const trees = model.trees.map((tree) => {
    const size = treeDepth(tree) + 2;
    return { tree, paths: Array.from({ length: size + 1 }, () => newPath(size)) };
  });
  const expected = model.trees.reduce((sum, t) => sum + t.value[0]!, model.base_value);
  return (row: ArrayLike<number>): { contributions: Float64Array; expected: number } => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const v = row[j]!;
      x[j] = Number.isNaN(v) && model.impute ? model.impute[j]! : v;
    }
    const phi = new Float64Array(n);
    for (const { tree, paths } of trees) {
      if (tree.left[0]! >= 0) recurse({ tree, x, phi, lessOrEqual, paths }, 0, 0, 0, 1, 1, -1);
    }
    return { contributions: phi, expected };
  };
}
