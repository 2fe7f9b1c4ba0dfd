// Feature-engine benchmark: a point-in-time snapshot of N customers over their events, transactions and tickets,
// timed beside one hand-written aggregate statement over the same rows in the same run; then the trainer's
// XGBoost path (5-fold CV with inner early stopping and search, final fit, ONNX export) beside one bare XGBoost
// fit of the same matrix. Last line: one JSON object with the figures and `ratio` (hand SQL s / engine s).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemContext } from '../../lib/auth/context';
import { getEnv } from '../../lib/env';
import { computeSnapshot, createSnapshot } from '../../lib/features/service';
import { readLabelledPage } from '../../lib/ml/repo';
import { ZLabelSpec } from '../../lib/ml/schemas';
import { makeWorkDir, MatrixWriter, runTrainer, type TrainerResult } from '../../lib/ml/trainer';
import { closeConnections } from '../../lib/system/repo';
import { createWorkspace } from '../../lib/workspaces/service';
import {
  benchCleanup,
  benchFillActivity,
  benchFillCustomers,
  benchHandWrittenAggregate,
  benchSnapshotBytes,
} from './repo';

const secondsSince = (t: number) => (performance.now() - t) / 1000;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '1000000' },
      events: { type: 'string', default: '10' },
      transactions: { type: 'string', default: '2' },
      'train-rows': { type: 'string', default: '200000' },
    },
  });
  const n = Number(values.customers);
  const asOf = new Date(Date.UTC(2026, 0, 1));
  const ws = await createWorkspace({ slug: `bench-features-${Date.now().toString(36)}`, name: 'Benchmark features' });
  const ctx = systemContext(ws.id, ws.slug, 'bench');
  const dir = await makeWorkDir('bench');
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  try {
    let t = performance.now();
    await benchFillCustomers(ws.id, n);
    await benchFillActivity(ws.id, asOf, { events: Number(values.events), transactions: Number(values.transactions) });
    const events = n * Number(values.events);
    console.log(
      `Filled ${n.toLocaleString('en')} customers, ${events.toLocaleString('en')} events in ${secondsSince(t).toFixed(0)} s`,
    );

    t = performance.now();
    const snapshotId = await createSnapshot(ctx, asOf);
    const discover = secondsSince(t);
    t = performance.now();
    let lastPct = -1;
    const snap = await computeSnapshot(snapshotId, (p) => {
      const pct = Math.floor((100 * p.done) / p.total / 10) * 10;
      if (pct !== lastPct) process.stderr.write(`  snapshot ${pct} %\n`);
      lastPct = pct;
    });
    const engine = secondsSince(t);
    const bytes = await benchSnapshotBytes(snapshotId);
    console.log(
      `Feature engine: ${snap.customers.toLocaleString('en')} customers × ${snap.features} features in ${engine.toFixed(1)} s ` +
        `(+${discover.toFixed(1)} s discovering the feature set) = ${Math.round(snap.customers / engine).toLocaleString('en')} customers/s, ` +
        `${Math.round(events / engine).toLocaleString('en')} events/s; stored ${(bytes / snap.customers).toFixed(0)} bytes/customer`,
    );
    const hand = await benchHandWrittenAggregate(ws.id, asOf);
    console.log(`Hand-written aggregate statement (8 columns): ${hand.toFixed(1)} s`);

    // Training on a sample of the snapshot: the product's XGBoost path against one bare fit of the same matrix.
    const label = ZLabelSpec.parse({ kind: 'column' });
    const cols = snap.features;
    const m = new MatrixWriter(path.join(dir, 'x.f32'), path.join(dir, 'y.u8'), cols);
    let after = 0n;
    while (m.rows < Number(values['train-rows'])) {
      const rows = await readLabelledPage({ workspaceId: ws.id, snapshotId, asOf, label }, after, 20_000);
      if (!rows.length) break;
      await m.write(rows.slice(0, Number(values['train-rows']) - m.rows));
      after = BigInt(rows[rows.length - 1]!.customer_id);
    }
    await m.close();
    t = performance.now();
    const names = Array.from({ length: cols }, (_, i) => `f${i}`);
    const result = await runTrainer<TrainerResult>({
      version: 1,
      mode: 'train',
      feature_names: names,
      train: { x: m.xPath, y: m.yPath, rows: m.rows },
      eval: null,
      parity: null,
      algorithms: ['xgboost'],
      thresholds: { high: 0.8, medium: 0.5 },
      baseline_feature: null,
      cv_folds: 5,
      seed: 42,
      min_class_count: 50,
      output_dir: path.join(dir, 'out'),
    });
    const trainer = secondsSince(t);
    const bare = spawnSync(
      getEnv().TRAINER_PYTHON,
      ['models/scripts/bare_xgboost.py', m.xPath, m.yPath!, String(cols)],
      {
        encoding: 'utf8',
      },
    );
    if (bare.status !== 0) throw new Error(bare.stderr);
    const bareSeconds = Number(JSON.parse(bare.stdout.trim().split('\n').pop()!).seconds);
    const xgb = result.candidates[0]!;
    console.log(
      `Training on ${m.rows.toLocaleString('en')} rows × ${cols} features: trainer (XGBoost, 5-fold CV + search + final fit + ONNX) ` +
        `${trainer.toFixed(1)} s (final fit ${xgb.fit_seconds.toFixed(1)} s); bare XGBoost fit ${bareSeconds.toFixed(1)} s`,
    );
    console.log(
      JSON.stringify({
        customers: snap.customers,
        events,
        features: snap.features,
        engine_seconds: Number(engine.toFixed(2)),
        discover_seconds: Number(discover.toFixed(2)),
        customers_per_s: Math.round(snap.customers / engine),
        snapshot_bytes_per_customer: Math.round(bytes / snap.customers),
        hand_sql_seconds: Number(hand.toFixed(2)),
        ratio: Number((hand / engine).toFixed(3)),
        train_rows: m.rows,
        trainer_seconds: Number(trainer.toFixed(2)),
        trainer_final_fit_seconds: Number(xgb.fit_seconds.toFixed(2)),
        bare_xgboost_seconds: Number(bareSeconds.toFixed(2)),
        trainer_cv_roc_auc: xgb.metrics.cv?.roc_auc ?? null,
        peak_rss_mb: Math.round(peakRss / 2 ** 20),
      }),
    );
  } finally {
    clearInterval(sampler);
    await fs.promises.rm(dir, { recursive: true, force: true });
    await benchCleanup([ws.id]);
    await closeConnections();
  }
}
