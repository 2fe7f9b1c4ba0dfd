import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSession, predictProbabilities } from '../../lib/ml/onnx';
import { makeWorkDir, MatrixWriter, runTrainer, type TrainerResult } from '../../lib/ml/trainer';

// The model Node scores (ONNX in onnxruntime-node) must be the model Python trained: every candidate's ONNX
// export is compared with the native XGBoost / scikit-learn probabilities on 12,000 rows, a tenth of the
// values missing.

const ROWS = 12_000;
const COLS = 12;
let dir: string;

function syntheticRows() {
  let s = 12345;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: ROWS }, () => {
    const values = Array.from({ length: COLS }, (_, j) => {
      if (rand() < 0.1) return null;
      // Mixed scales, a binary column and a heavy tail, as real features are.
      if (j === 0) return rand() < 0.5 ? 0 : 1;
      if (j === 1) return Math.exp(rand() * 8);
      return (rand() - 0.5) * 10 * (j + 1);
    });
    const z =
      (values[0] ?? 0.5) * 1.5 - Math.log1p(values[1] ?? 100) * 0.4 + (values[2] ?? 0) * 0.1 + (rand() - 0.5) * 2;
    return { values, label: z > -1 ? 1 : 0 };
  });
}

afterAll(async () => {
  if (dir) await fs.promises.rm(dir, { recursive: true, force: true });
});

describe('ONNX parity', () => {
  it('every exported model agrees with its native model within 1e-5 on 12,000 rows with missing values', async () => {
    dir = await makeWorkDir('parity');
    const rows = syntheticRows();
    const x = new MatrixWriter(path.join(dir, 'x.f32'), path.join(dir, 'y.u8'), COLS);
    await x.write(rows);
    await x.close();
    const names = Array.from({ length: COLS }, (_, j) => `f${j}`);
    const result = await runTrainer<TrainerResult>({
      version: 1,
      mode: 'train',
      feature_names: names,
      train: { x: x.xPath, y: x.yPath, rows: ROWS },
      eval: null,
      parity: { x: x.xPath, rows: ROWS },
      algorithms: ['xgboost', 'rf', 'logreg'],
      thresholds: { high: 0.8, medium: 0.5 },
      baseline_feature: null,
      cv_folds: 2,
      seed: 1,
      min_class_count: 50,
      output_dir: path.join(dir, 'out'),
    });
    const matrix = new Float32Array(fs.readFileSync(x.xPath).buffer.slice(0));
    expect(matrix.filter(Number.isNaN).length).toBeGreaterThan(ROWS);
    // The three algorithms and their blend.
    expect(result.candidates).toHaveLength(4);
    for (const c of result.candidates) {
      const onnx = fs.readFileSync(path.join(dir, 'out', c.artefacts.onnx));
      const native = new Float32Array(fs.readFileSync(path.join(dir, 'out', c.artefacts.parity!)).buffer.slice(0));
      const session = await loadSession(onnx, COLS);
      const scored = await predictProbabilities(session, matrix, ROWS);
      expect(native).toHaveLength(ROWS);
      let max = 0;
      for (let i = 0; i < ROWS; i++) max = Math.max(max, Math.abs(scored[i]! - native[i]!));
      expect(max, c.algorithm).toBeLessThanOrEqual(1e-5);
      // Not a constant model: the probabilities spread.
      expect(Math.max(...native) - Math.min(...native), c.algorithm).toBeGreaterThan(0.3);
    }
  }, 300_000);
});
