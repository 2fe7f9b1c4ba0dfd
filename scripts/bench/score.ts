// Scoring benchmark: N customers scored end to end by the product (read the feature snapshot → onnxruntime →
// tiers → write latest scores + history) beside bare onnxruntime inference of the same matrix with the same session
// in the same run; then the reasons stage on its own over the same rows and their tiers: exact TreeSHAP for high and
// medium customers (one thread, and the worker-thread pool), path attribution for the low tier, and ranking the
// drivers. Setup (not timed): synthetic customers and activity, the feature snapshot, a champion trained by the
// product's trainer on a sample of the snapshot, on a label that needs interactions (so not a handful of stumps).
// Runs against its own database (DATABASE_URL), created and migrated when missing; ~10–20 min for 1M customers on
// 2 shared cores. Last line: one JSON object with the figures and `ratio` (end-to-end customers/s ÷ bare rows/s).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemContext } from '../../lib/auth/context';
import { FEATURE_SET_VERSION } from '../../lib/features/catalog';
import { computeSnapshot, createSnapshot, discoverFeatureSpec, readSnapshotMatrices } from '../../lib/features/service';
import { listFeatureNames } from '../../lib/features/spec';
import type { Prisma } from '../../lib/generated/prisma/client';
import { predictProbabilities } from '../../lib/ml/onnx';
import { insertModel, loadArtefact, readLabelledPage, swapChampion } from '../../lib/ml/repo';
import { DEFAULT_THRESHOLDS, ZLabelSpec } from '../../lib/ml/schemas';
import { makeWorkDir, MatrixWriter, runTrainer, type TrainerResult } from '../../lib/ml/trainer';
import { topDrivers } from '../../lib/scoring/batch';
import { topReasons, type ModelJson } from '../../lib/scoring/explain';
import { createExplainerPool } from '../../lib/scoring/explain-pool';
import { getTierThresholds, loadChampion, scoreSnapshot, tierOf } from '../../lib/scoring/service';
import { closeConnections } from '../../lib/system/repo';
import { createWorkspace } from '../../lib/workspaces/service';
import {
  benchCleanup,
  benchEnsureDatabase,
  benchFillActivity,
  benchFillCustomers,
  benchInteractingLabel,
} from './repo';

const PAGE = 10_000;
const secondsSince = (t: number) => (performance.now() - t) / 1000;
const round = (v: number, digits = 2) => Number(v.toFixed(digits));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Rows `rows` of the matrix `x` (row-major, `cols` wide) copied into one contiguous matrix. */
function gather(x: Float32Array, cols: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => out.set(x.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '1000000' },
      events: { type: 'string', default: '2' },
      transactions: { type: 'string', default: '1' },
      'train-rows': { type: 'string', default: '50000' },
      algorithm: { type: 'string', default: 'xgboost' },
      // Exact rows explained on one thread for the single-thread figure (the pool explains all of them).
      'single-thread-rows': { type: 'string', default: '100000' },
      passes: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.customers);
  const algorithm = values.algorithm!;
  const started = performance.now();
  await benchEnsureDatabase(process.env.DATABASE_URL!);
  const asOf = new Date(Date.UTC(2026, 0, 1));
  const ws = await createWorkspace({ slug: `bench-score-${Date.now().toString(36)}`, name: 'Benchmark scoring' });
  const ctx = systemContext(ws.id, ws.slug, 'bench');
  const dir = await makeWorkDir('bench-score');
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    // Setup, not timed as scoring: customers, activity, the snapshot, a champion.
    let t = performance.now();
    await benchFillCustomers(ws.id, n);
    const customersSeconds = secondsSince(t);
    await benchFillActivity(
      ws.id,
      asOf,
      { events: Number(values.events), transactions: Number(values.transactions) },
      { label: false },
    );
    const activitySeconds = secondsSince(t) - customersSeconds;
    await benchInteractingLabel(ws.id, asOf);
    log(
      `Filled ${n.toLocaleString('en')} customers and their activity in ${secondsSince(t).toFixed(0)} s ` +
        `(customers ${customersSeconds.toFixed(0)} s, activity ${activitySeconds.toFixed(0)} s, label ` +
        `${(secondsSince(t) - customersSeconds - activitySeconds).toFixed(0)} s)`,
    );
    t = performance.now();
    const spec = await discoverFeatureSpec(ws.id, asOf);
    const featureNames = listFeatureNames(spec);
    const snapshotId = await createSnapshot(ctx, asOf, spec, 'scoring');
    const snap = await computeSnapshot(snapshotId);
    log(
      `Snapshot: ${snap.customers.toLocaleString('en')} customers × ${snap.features} features in ${secondsSince(t).toFixed(0)} s`,
    );

    t = performance.now();
    const cols = featureNames.length;
    const sample = new MatrixWriter(path.join(dir, 'x.f32'), path.join(dir, 'y.u8'), cols);
    const label = ZLabelSpec.parse({ kind: 'column' });
    for (let after = 0n; sample.rows < Number(values['train-rows']);) {
      const rows = await readLabelledPage({ workspaceId: ws.id, snapshotId, asOf, label }, after, 20_000);
      if (!rows.length) break;
      await sample.write(rows.slice(0, Number(values['train-rows']) - sample.rows));
      after = BigInt(rows[rows.length - 1]!.customer_id);
    }
    await sample.close();
    const out = path.join(dir, 'out');
    const result = await runTrainer<TrainerResult>({
      version: 1,
      mode: 'train',
      feature_names: featureNames,
      train: { x: sample.xPath, y: sample.yPath, rows: sample.rows },
      eval: null,
      parity: null,
      algorithms: [algorithm],
      thresholds: DEFAULT_THRESHOLDS,
      baseline_feature: null,
      cv_folds: 2,
      seed: 42,
      min_class_count: 50,
      output_dir: out,
    });
    const chosen = result.candidates[0]!;
    const read = async (file: string) => new Uint8Array(await fs.promises.readFile(path.join(out, file)));
    const json = (v: unknown) => v as Prisma.InputJsonValue;
    const model = await insertModel({
      workspaceId: ws.id,
      algorithm: chosen.algorithm,
      featureSetVersion: FEATURE_SET_VERSION,
      spec,
      featureNames,
      label: { kind: 'column', asOf: [asOf.toISOString()], evalAsOf: null, selection: result.selection },
      metrics: json(chosen.metrics),
      candidates: json([{ algorithm: chosen.algorithm, params: chosen.params, metrics: chosen.metrics }]),
      featureImportance: json(chosen.feature_importance),
      params: json(chosen.params),
      trainingRows: result.rows.train,
      trainingPositives: result.rows.train_positives,
      trainedByName: 'bench',
      artefacts: [
        { kind: 'onnx', content: await read(chosen.artefacts.onnx) },
        { kind: 'trees', content: await read(chosen.artefacts.trees) },
      ],
    });
    await swapChampion(ws.id, model.id);
    log(
      `Champion: ${chosen.algorithm} ${JSON.stringify(chosen.params)} trained on ${sample.rows.toLocaleString('en')} rows ` +
        `in ${secondsSince(t).toFixed(0)} s (CV ROC-AUC ${chosen.metrics.cv?.roc_auc ?? '?'})`,
    );
    const champion = await loadChampion(ws.id);
    const thresholds = await getTierThresholds(ws.id);

    // 1. End to end, as the product scores, `passes` times: the first inserts, later ones upsert over the scores
    // before (what every nightly run after the first does). Reasons are off here; they are timed on their own below.
    const passes: { seconds: number; timings: Record<string, number> }[] = [];
    for (let pass = 1; pass <= Number(values.passes); pass++) {
      t = performance.now();
      const scored = await scoreSnapshot(ws.id, snapshotId, {
        reasons: false,
        scoredAt: new Date(asOf.getTime() + pass),
        onProgress: (done) => {
          if (done % 100_000 === 0)
            log(`  pass ${pass}: ${done.toLocaleString('en')} scored in ${secondsSince(t).toFixed(0)} s`);
        },
      });
      const seconds = secondsSince(t);
      passes.push({ seconds, timings: scored.timings });
      log(
        `End to end, pass ${pass}: ${scored.customers.toLocaleString('en')} customers in ${seconds.toFixed(1)} s = ` +
          `${Math.round(scored.customers / seconds).toLocaleString('en')} customers/s ` +
          `(read ${scored.timings.read.toFixed(1)} s, infer ${scored.timings.infer.toFixed(1)} s, write ${scored.timings.write.toFixed(1)} s)`,
      );
    }
    const e2e = passes[passes.length - 1]!;

    // 2. Bare onnxruntime over the same matrix with the same session, in pages of the same size.
    const pages: Float32Array[] = [];
    let rows = 0;
    for await (const page of readSnapshotMatrices(ctx, snapshotId, cols, PAGE)) {
      pages.push(page.x);
      rows += page.ids.length;
    }
    const x = new Float32Array(rows * cols);
    pages.reduce((at, page) => (x.set(page, at), at + page.length), 0);
    pages.length = 0;
    const probs = new Float32Array(rows);
    t = performance.now();
    for (let i = 0; i < rows; i += PAGE) {
      const m = Math.min(PAGE, rows - i);
      probs.set(await predictProbabilities(champion.session, x.subarray(i * cols, (i + m) * cols), m), i);
    }
    const bare = secondsSince(t);
    log(
      `Bare onnxruntime: ${rows.toLocaleString('en')} rows in ${bare.toFixed(1)} s = ${Math.round(rows / bare).toLocaleString('en')} rows/s`,
    );

    // 3. Reasons over the same rows: exact TreeSHAP for high and medium, path attribution for low, then ranking.
    const exactRows: number[] = [];
    const pathRows: number[] = [];
    const tiers = { high: 0, medium: 0, low: 0 };
    for (let i = 0; i < rows; i++) {
      const tier = tierOf(probs[i]!, thresholds);
      tiers[tier]++;
      (tier === 'low' ? pathRows : exactRows).push(i);
    }
    const xExact = gather(x, cols, exactRows);
    const xPath = gather(x, cols, pathRows);
    const trees = JSON.parse(Buffer.from((await loadArtefact(model.id, 'trees'))!).toString('utf8')) as ModelJson;
    const explainPool = createExplainerPool(trees);
    const contributions = new Float64Array(rows * cols);
    t = performance.now();
    for (let i = 0; i < exactRows.length; i += PAGE) {
      const m = Math.min(PAGE, exactRows.length - i);
      const part = await explainPool.explainBatch(xExact.subarray(i * cols, (i + m) * cols), m);
      for (let k = 0; k < m; k++) contributions.set(part.subarray(k * cols, (k + 1) * cols), exactRows[i + k]! * cols);
    }
    const exactSeconds = secondsSince(t);
    await explainPool.close();
    const single = Math.min(exactRows.length, Number(values['single-thread-rows']));
    t = performance.now();
    for (let i = 0; i < single; i += PAGE)
      champion.explain.batch(xExact.subarray(i * cols), Math.min(PAGE, single - i));
    const singleSeconds = secondsSince(t);
    t = performance.now();
    const pathMask = new Uint8Array(PAGE);
    for (let i = 0; i < pathRows.length; i += PAGE) {
      const m = Math.min(PAGE, pathRows.length - i);
      const part = champion.explain.batch(xPath.subarray(i * cols, (i + m) * cols), m, pathMask);
      for (let k = 0; k < m; k++) contributions.set(part.subarray(k * cols, (k + 1) * cols), pathRows[i + k]! * cols);
    }
    const pathSeconds = secondsSince(t);
    t = performance.now();
    let ranked = 0;
    for (let i = 0; i < rows; i++) {
      const row = x.subarray(i * cols, (i + 1) * cols);
      const phi = contributions.subarray(i * cols, (i + 1) * cols);
      ranked += topReasons(phi, row, featureNames).length + topDrivers(phi, row, featureNames).length;
    }
    const rankSeconds = secondsSince(t);
    const rate = (count: number, s: number) => (s > 0 ? Math.round(count / s) : null);
    log(
      `Reasons: exact TreeSHAP ${exactRows.length.toLocaleString('en')} rows in ${exactSeconds.toFixed(1)} s on ${explainPool.threads} threads ` +
        `(one thread: ${rate(single, singleSeconds)?.toLocaleString('en')} rows/s over ${single.toLocaleString('en')}); ` +
        `path attribution ${pathRows.length.toLocaleString('en')} rows in ${pathSeconds.toFixed(1)} s; ranking ${rankSeconds.toFixed(1)} s (${ranked} drivers)`,
    );

    const e2eRate = rows / e2e.seconds;
    console.log(
      JSON.stringify({
        customers: rows,
        features: cols,
        model_algorithm: chosen.algorithm,
        model_params: chosen.params,
        e2e_seconds: round(e2e.seconds),
        e2e_customers_per_s: Math.round(e2eRate),
        e2e_stages: Object.fromEntries(Object.entries(e2e.timings).map(([k, v]) => [k, round(v)])),
        e2e_passes: passes.length,
        e2e_first_pass_seconds: round(passes[0]!.seconds),
        e2e_first_pass_stages: Object.fromEntries(Object.entries(passes[0]!.timings).map(([k, v]) => [k, round(v)])),
        bare_seconds: round(bare),
        bare_rows_per_s: Math.round(rows / bare),
        ratio: round(e2eRate / (rows / bare), 3),
        tiers,
        reasons: {
          seconds: round(exactSeconds + pathSeconds + rankSeconds),
          exact: {
            rows: exactRows.length,
            seconds: round(exactSeconds),
            rows_per_s: rate(exactRows.length, exactSeconds),
            threads: explainPool.threads,
            single_thread_rows_per_s: rate(single, singleSeconds),
          },
          path: { rows: pathRows.length, seconds: round(pathSeconds), rows_per_s: rate(pathRows.length, pathSeconds) },
          rank_seconds: round(rankSeconds),
        },
        peak_rss_mb: Math.round(peakRss / 2 ** 20),
        bench_seconds: Math.round(secondsSince(started)),
      }),
    );
  } finally {
    clearInterval(sampler);
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (!values.keep) await benchCleanup([ws.id]);
    await closeConnections();
  }
}
