import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getEnv } from '../../lib/env';
import { makeWorkDir, MatrixWriter, runTrainer } from '../../lib/ml/trainer';
import { createExplainer } from '../../lib/scoring/explain';
import {
  compileEnsemble,
  createTreeExplainer,
  type TreeEnsembleJson,
  type TreeJson,
} from '../../lib/scoring/tree-shap';

// The TypeScript TreeSHAP must give XGBoost's own exact contributions (`pred_contribs`), missing values included,
// and be exact on the trainer's deep random forests too: there no library reference is at hand, so contributions
// must add up to the native forest's probabilities and equal the classic algorithm (kept below as the reference).

const ROWS = 2000;
const COLS = 8;
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await fs.promises.rm(dir, { recursive: true, force: true });
});

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * Lundberg, Erion & Lee (2018), Algorithm 2, as in the shap library's tree_shap_recursive and as this project
 * shipped it first: O(leaves × depth²) per row, one path copy per recursion level. The reference for the fast code.
 */
function classicTreeShap(
  model: TreeEnsembleJson,
  row: Float32Array,
): { contributions: Float64Array; expected: number } {
  type Path = { feature: number[]; zero: number[]; one: number[]; weight: number[] };
  const extend = (p: Path, depth: number, zero: number, one: number, feature: number) => {
    p.feature[depth] = feature;
    p.zero[depth] = zero;
    p.one[depth] = one;
    p.weight[depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      p.weight[i + 1]! += (one * p.weight[i]! * (i + 1)) / (depth + 1);
      p.weight[i] = (zero * p.weight[i]! * (depth - i)) / (depth + 1);
    }
  };
  const unwind = (p: Path, depth: number, index: number) => {
    const one = p.one[index]!;
    const zero = p.zero[index]!;
    let next = p.weight[depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = p.weight[i]!;
        p.weight[i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (p.weight[i]! * zero * (depth - i)) / (depth + 1);
      } else p.weight[i] = (p.weight[i]! * (depth + 1)) / (zero * (depth - i));
    }
    for (let i = index; i < depth; i++) {
      p.feature[i] = p.feature[i + 1]!;
      p.zero[i] = p.zero[i + 1]!;
      p.one[i] = p.one[i + 1]!;
    }
  };
  const unwoundSum = (p: Path, depth: number, index: number) => {
    const one = p.one[index]!;
    const zero = p.zero[index]!;
    let next = p.weight[depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        next = p.weight[i]! - tmp * zero * ((depth - i) / (depth + 1));
      } else if (zero !== 0) total += p.weight[i]! / zero / ((depth - i) / (depth + 1));
    }
    return total;
  };
  const x = Array.from(row, (v, j) => (Number.isNaN(v) && model.impute ? model.impute[j]! : v));
  const phi = new Float64Array(x.length);
  const recurse = (t: TreeJson, parent: Path, node: number, depth: number, zero: number, one: number, f: number) => {
    const p: Path = {
      feature: parent.feature.slice(0, depth),
      zero: parent.zero.slice(0, depth),
      one: parent.one.slice(0, depth),
      weight: parent.weight.slice(0, depth),
    };
    extend(p, depth, zero, one, f);
    if (t.left[node]! < 0) {
      for (let i = 1; i <= depth; i++)
        phi[p.feature[i]!]! += unwoundSum(p, depth, i) * (p.one[i]! - p.zero[i]!) * t.value[node]!;
      return;
    }
    const split = t.feature[node]!;
    const v = x[split]!;
    const goLeft = Number.isNaN(v)
      ? t.default_left[node]
      : model.comparison === 'le'
        ? v <= t.threshold[node]!
        : v < t.threshold[node]!;
    const hot = goLeft ? t.left[node]! : t.right[node]!;
    const cold = goLeft ? t.right[node]! : t.left[node]!;
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    let k = 1;
    while (k <= d && p.feature[k] !== split) k++;
    if (k <= d) {
      inZero = p.zero[k]!;
      inOne = p.one[k]!;
      unwind(p, d, k);
      d -= 1;
    }
    const cover = t.cover[node]!;
    recurse(t, p, hot, d + 1, (t.cover[hot]! / cover) * inZero, inOne, split);
    recurse(t, p, cold, d + 1, (t.cover[cold]! / cover) * inZero, 0, split);
  };
  for (const t of model.trees)
    if (t.left[0]! >= 0) recurse(t, { feature: [], zero: [], one: [], weight: [] }, 0, 0, 1, 1, -1);
  return { contributions: phi, expected: model.trees.reduce((s, t) => s + t.value[0]!, model.base_value) };
}

describe('TreeSHAP', () => {
  it('matches XGBoost pred_contribs within 1e-4 on 2,000 rows with missing values, and adds up to the margin', async () => {
    const dir = await makeWorkDir('shap');
    dirs.push(dir);
    const rand = seeded(99);
    const rows = Array.from({ length: ROWS }, () => {
      const values = Array.from({ length: COLS }, (_, j) => (rand() < 0.15 ? null : (rand() - 0.5) * (j + 1) * 3));
      // Interactions and a feature used twice on a path, the cases where approximate attributions go wrong.
      const z = (values[0] ?? 1) * (values[1] ?? -1) + Math.abs(values[2] ?? 0) - (values[3] ?? 0) + rand();
      return { values, label: z > 0.5 ? 1 : 0 };
    });
    const m = new MatrixWriter(path.join(dir, 'x.f32'), path.join(dir, 'y.u8'), COLS);
    await m.write(rows);
    await m.close();
    const ref = spawnSync(
      getEnv().TRAINER_PYTHON,
      ['models/scripts/shap_reference.py', m.xPath, m.yPath!, String(COLS), path.join(dir, 'out')],
      { encoding: 'utf8' },
    );
    expect(ref.status, ref.stderr).toBe(0);
    const model = JSON.parse(fs.readFileSync(path.join(dir, 'out/trees.json'), 'utf8')) as TreeEnsembleJson;
    const contribs = new Float32Array(fs.readFileSync(path.join(dir, 'out/contribs.f32')).buffer.slice(0));
    const x = new Float32Array(fs.readFileSync(m.xPath).buffer.slice(0));
    const explain = createTreeExplainer(model);
    let worst = 0;
    let missingRows = 0;
    for (let i = 0; i < ROWS; i++) {
      const row = x.subarray(i * COLS, (i + 1) * COLS);
      if (row.some(Number.isNaN)) missingRows++;
      const { contributions, expected } = explain(row);
      const theirs = contribs.subarray(i * (COLS + 1), (i + 1) * (COLS + 1));
      for (let j = 0; j < COLS; j++) worst = Math.max(worst, Math.abs(contributions[j]! - theirs[j]!));
      worst = Math.max(worst, Math.abs(expected - theirs[COLS]!));
    }
    expect(missingRows).toBeGreaterThan(500);
    expect(worst).toBeLessThanOrEqual(1e-4);
    // Not a degenerate model: contributions are far from zero.
    expect(Math.max(...Array.from(contribs).map(Math.abs))).toBeGreaterThan(0.5);
    // The batch form (exact rows) gives the same numbers as one call per row.
    const batch = createExplainer(model).batch(x, ROWS);
    for (const i of [0, 1, 17, 1999])
      expect(Array.from(batch.subarray(i * COLS, (i + 1) * COLS))).toEqual(
        Array.from(explain(x.subarray(i * COLS, (i + 1) * COLS)).contributions),
      );
  }, 120_000);

  it('is exact on the trainer’s deep random forest: adds up to the native probabilities within 1e-6 and equals the classic algorithm within 1e-12', async () => {
    const dir = await makeWorkDir('shap-rf');
    dirs.push(dir);
    const cols = 12;
    const n = 3000;
    const rand = seeded(7);
    // A clean, interacting signal: the forest's leaf-size search picks small leaves, so trees grow deep and split
    // on the same features again and again along a path.
    const rows = Array.from({ length: n }, () => {
      const values = Array.from({ length: cols }, () => (rand() < 0.1 ? null : Math.round((rand() - 0.5) * 200) / 10));
      const v = (j: number) => values[j] ?? 0;
      const z = Math.sin(v(0) / 3) * v(1) + (v(2) > 2 ? v(3) : -v(4)) + 0.3 * v(5) * Math.sign(v(6)) + 0.1 * v(7);
      return { values, label: z > 0 ? 1 : 0 };
    });
    const train = new MatrixWriter(path.join(dir, 'x.f32'), path.join(dir, 'y.u8'), cols);
    await train.write(rows);
    await train.close();
    const result = await runTrainer({
      version: 1,
      mode: 'train',
      feature_names: Array.from({ length: cols }, (_, j) => `f${j}`),
      train: { x: train.xPath, y: train.yPath, rows: n },
      eval: null,
      parity: { x: train.xPath, rows: n },
      algorithms: ['rf'],
      cv_folds: 2,
      seed: 42,
      min_class_count: 50,
      output_dir: path.join(dir, 'out'),
    });
    const rf = result.candidates[0]!;
    const model = JSON.parse(fs.readFileSync(path.join(dir, 'out', rf.artefacts.trees), 'utf8')) as TreeEnsembleJson;
    expect(model.algorithm).toBe('rf');
    const compiled = compileEnsemble(model);
    expect(compiled.maxDepth).toBeGreaterThanOrEqual(15);
    const native = new Float32Array(fs.readFileSync(path.join(dir, 'out', rf.artefacts.parity!)).buffer.slice(0));
    const x = new Float32Array(fs.readFileSync(train.xPath).buffer.slice(0));
    const explainer = createExplainer(model);
    const explained = 1000;
    const all = explainer.batch(x, explained);
    let worstSum = 0;
    let largest = 0;
    for (let i = 0; i < explained; i++) {
      const phi = all.subarray(i * cols, (i + 1) * cols);
      const total = phi.reduce((a, b) => a + b, compiled.expected);
      worstSum = Math.max(worstSum, Math.abs(total - native[i]!));
      for (const v of phi) largest = Math.max(largest, Math.abs(v));
    }
    expect(worstSum).toBeLessThanOrEqual(1e-6);
    expect(largest).toBeGreaterThan(0.1);
    // The classic algorithm costs ~10× more on these trees: a sample of rows, missing values among them.
    let worst = 0;
    let missing = 0;
    for (let i = 0; i < explained; i += 25) {
      const row = x.subarray(i * cols, (i + 1) * cols);
      if (row.some(Number.isNaN)) missing++;
      const reference = classicTreeShap(model, row);
      expect(reference.expected).toBeCloseTo(compiled.expected, 12);
      for (let j = 0; j < cols; j++)
        worst = Math.max(worst, Math.abs(reference.contributions[j]! - all[i * cols + j]!));
    }
    expect(missing).toBeGreaterThan(5);
    expect(worst).toBeLessThanOrEqual(1e-12);
  }, 300_000);
});
