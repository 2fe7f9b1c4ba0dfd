// Parity check between each exported <algo>.onnx (scored by onnxruntime-node, as the score worker
// will) and the native model's probabilities <algo>.parity.f32 written by the trainer.
//
//   node models/tests/onnx_parity.mjs <output_dir> <parity.x.f32> [--tolerance 1e-5]
//
// Prints one JSON line per algorithm found ({algorithm, rows, rows_with_missing, max_abs_diff}) and
// exits 1 when any difference exceeds the tolerance, so it can gate a test.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// Resolve onnxruntime-node from the repository root, wherever this script is run from.
const require = createRequire(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../package.json'));
const ort = require('onnxruntime-node');

const ALGORITHMS = ['xgboost', 'rf', 'logreg', 'blend'];
const BATCH_ROWS = 10000;

function readFloat32(file) {
  const buf = fs.readFileSync(file);
  return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
}

async function checkAlgorithm(dir, algorithm, matrix) {
  const expected = readFloat32(path.join(dir, `${algorithm}.parity.f32`));
  const rows = expected.length;
  if (rows === 0 || matrix.length % rows !== 0) {
    throw new Error(`${algorithm}: parity matrix size ${matrix.length} is not a multiple of ${rows} rows`);
  }
  const nFeatures = matrix.length / rows;
  const session = await ort.InferenceSession.create(path.join(dir, `${algorithm}.onnx`), {
    intraOpNumThreads: 1,
  });
  let maxDiff = 0;
  let worstRow = -1;
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const n = Math.min(BATCH_ROWS, rows - start);
    const data = matrix.subarray(start * nFeatures, (start + n) * nFeatures);
    const out = await session.run({ features: new ort.Tensor('float32', data, [n, nFeatures]) });
    const probability = out.probability;
    if (probability.dims.length !== 2 || probability.dims[0] !== n || probability.dims[1] !== 1) {
      throw new Error(`${algorithm}: output shape [${probability.dims}] is not [${n}, 1]`);
    }
    for (let i = 0; i < n; i += 1) {
      const diff = Math.abs(probability.data[i] - expected[start + i]);
      if (!(diff <= maxDiff)) {
        maxDiff = Number.isNaN(diff) ? Infinity : diff;
        worstRow = start + i;
      }
    }
  }
  let rowsWithMissing = 0;
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < nFeatures; c += 1) {
      if (Number.isNaN(matrix[r * nFeatures + c])) {
        rowsWithMissing += 1;
        break;
      }
    }
  }
  await session.release();
  return {
    algorithm,
    rows,
    features: nFeatures,
    rows_with_missing: rowsWithMissing,
    max_abs_diff: maxDiff,
    worst_row: worstRow,
  };
}

async function main() {
  const args = process.argv.slice(2);
  const tolIndex = args.indexOf('--tolerance');
  const tolerance = tolIndex >= 0 ? Number(args.splice(tolIndex, 2)[1]) : 1e-5;
  const [dir, matrixPath] = args;
  if (!dir || !matrixPath) {
    console.error('usage: node models/tests/onnx_parity.mjs <output_dir> <parity.x.f32> [--tolerance 1e-5]');
    process.exit(2);
  }
  const matrix = readFloat32(matrixPath);
  let failed = false;
  let checked = 0;
  for (const algorithm of ALGORITHMS) {
    if (!fs.existsSync(path.join(dir, `${algorithm}.onnx`))) continue;
    const result = await checkAlgorithm(dir, algorithm, matrix);
    result.ok = result.max_abs_diff <= tolerance;
    failed ||= !result.ok;
    checked += 1;
    console.log(JSON.stringify(result));
  }
  if (checked === 0) {
    console.error(`no <algorithm>.onnx files in ${dir}`);
    process.exit(1);
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
