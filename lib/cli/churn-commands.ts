import { computeSnapshot, createSnapshot } from '../features/service';
import { evaluateModel, getModel } from '../ml/service';
import { createTrainingRun, promoteModel, rollbackChampion, runTraining } from '../ml/training';
import { createScoreRun, runScoring } from '../scoring/service';
import type { Metrics } from '../ml/trainer';
import type { CliCommand } from './types';
import { need, workspaceCtx } from './types';

// The ML commands of the CLI: features, train, evaluate, and the registry's promote and rollback.

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '—');
const line = (m: Metrics | null | undefined) =>
  m
    ? `ROC-AUC ${fmt(m.roc_auc)} · PR-AUC ${fmt(m.pr_auc)} · log-loss ${fmt(m.log_loss)} · lift@10% ${fmt(m.top_decile_lift)}`
    : '—';

function progressPrinter() {
  let last = 0;
  let lastStage = '';
  return ({ fraction, stage }: { fraction: number; stage: string }) => {
    const now = performance.now();
    if (now - last < 1000 && stage === lastStage) return;
    last = now;
    lastStage = stage;
    process.stderr.write(`  ${(fraction * 100).toFixed(0).padStart(3)} % · ${stage}\n`);
  };
}

function splitList(v: string | boolean | undefined) {
  return typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

function labelOf(v: Record<string, string | boolean | undefined>) {
  return {
    kind: need(v, 'label'),
    horizonDays: v.horizon,
    activityEventTypes: splitList(v['activity-events']),
    cancelEventType: v['cancel-event'],
  };
}

const LABEL_OPTIONS = {
  label: { type: 'string' },
  horizon: { type: 'string' },
  'activity-events': { type: 'string' },
  'cancel-event': { type: 'string' },
} as const;

export const CHURN_COMMANDS: Record<string, CliCommand> = {
  features: {
    usage: 'features --workspace <slug> --as-of <date>   (computes a point-in-time feature snapshot)',
    options: { workspace: { type: 'string' }, 'as-of': { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const asOf = new Date(need(v, 'as-of'));
      const id = await createSnapshot(ctx, asOf);
      const print = progressPrinter();
      const r = await computeSnapshot(id, (p) =>
        print({ fraction: p.done / p.total, stage: `${p.customers} customers` }),
      );
      return {
        lines: [
          `Snapshot ${id} as of ${asOf.toISOString().slice(0, 10)}: ${r.customers} customers × ${r.features} features in ${r.seconds.toFixed(1)} s.`,
        ],
        json: {
          snapshot_id: id,
          as_of: asOf.toISOString(),
          customers: r.customers,
          features: r.features,
          seconds: r.seconds,
        },
      };
    },
  },
  train: {
    usage:
      'train --workspace <slug> --label <inactivity|cancellation|column> [--horizon <days>] [--as-of <date[,date...]>] [--eval-as-of <date>] [--algo <auto|xgboost|rf|logreg>] [--activity-events <type,...>] [--cancel-event <type>] [--promote]',
    options: {
      workspace: { type: 'string' },
      ...LABEL_OPTIONS,
      'as-of': { type: 'string' },
      'eval-as-of': { type: 'string' },
      algo: { type: 'string' },
      promote: { type: 'boolean' },
    },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const runId = await createTrainingRun(
        ctx,
        {
          label: labelOf(v),
          asOf: v['as-of'],
          evalAsOf: v['eval-as-of'],
          algorithm: v.algo,
          promote: v.promote === true,
        },
        { queue: false },
      );
      const { modelId, result } = await runTraining(runId, progressPrinter());
      const chosen = result.candidates.find((c) => c.algorithm === result.chosen)!;
      return {
        lines: [
          `Model ${modelId}: ${chosen.algorithm}, chosen by ${result.selection === 'out_of_time' ? 'out-of-time' : 'cross-validated'} ROC-AUC${v.promote ? ', promoted to champion' : ''}.`,
          `  training rows ${result.rows.train} (${result.rows.train_positives} churned)${result.rows.eval !== null ? `, evaluation rows ${result.rows.eval} (${result.rows.eval_positives} churned)` : ''}`,
          ...result.candidates.flatMap((c) => [
            `  ${c.algorithm.padEnd(8)} CV   ${line(c.metrics.cv)}`,
            ...(c.metrics.out_of_time ? [`  ${''.padEnd(8)} OOT  ${line(c.metrics.out_of_time)}`] : []),
          ]),
          `  baseline (recency)  CV ${line(result.baseline?.cv)}${result.baseline?.out_of_time ? `  OOT ${line(result.baseline.out_of_time)}` : ''}`,
        ],
        json: {
          model_id: modelId,
          algorithm: chosen.algorithm,
          selection: result.selection,
          promoted: v.promote === true,
          metrics: chosen.metrics,
          candidates: result.candidates.map((c) => ({ algorithm: c.algorithm, metrics: c.metrics })),
          baseline: result.baseline,
          rows: result.rows,
          seconds: result.seconds,
        },
      };
    },
  },
  evaluate: {
    usage:
      'evaluate --workspace <slug> --model <id|champion> --as-of <date> --horizon <days> --label <inactivity|cancellation|column>',
    options: {
      workspace: { type: 'string' },
      model: { type: 'string' },
      'as-of': { type: 'string' },
      ...LABEL_OPTIONS,
    },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const { model, rows, evaluation } = await evaluateModel(ctx, {
        model: need(v, 'model'),
        asOf: need(v, 'as-of'),
        label: labelOf(v),
      });
      return {
        lines: [
          `Model ${model.id} (${model.algorithm}) on ${rows} customers as of ${need(v, 'as-of')}:`,
          `  model     ${line(evaluation.metrics)}`,
          `  baseline  ${line(evaluation.baseline)}`,
        ],
        json: {
          model_id: model.id,
          algorithm: model.algorithm,
          rows,
          metrics: evaluation.metrics,
          baseline: evaluation.baseline,
        },
      };
    },
  },
  score: {
    usage: 'score --workspace <slug>   (scores every customer with the champion model: tiers and reasons)',
    options: { workspace: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const runId = await createScoreRun(ctx, 'cli', { queue: false });
      const print = progressPrinter();
      const r = await runScoring(runId, (fraction) => print({ fraction, stage: 'scoring' }));
      return {
        lines: [
          `Scored ${r.customers} customers with model ${r.modelId} in ${r.seconds.toFixed(1)} s: ${r.tiers.high} high, ${r.tiers.medium} medium, ${r.tiers.low} low risk.`,
        ],
        json: { run_id: r.runId, model_id: r.modelId, customers: r.customers, tiers: r.tiers, seconds: r.seconds },
      };
    },
  },
  'model promote': {
    usage: 'model promote <model-id> --workspace <slug>   (makes it the champion; the old one is retired)',
    options: { workspace: { type: 'string' } },
    positionals: 1,
    async run(v, [id]) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const model = await getModel(ctx, id!);
      const r = await promoteModel(ctx, model.id);
      return {
        lines: [`Model ${r.championId} is the champion${r.retiredId ? `; ${r.retiredId} retired` : ''}.`],
        json: r,
      };
    },
  },
  'model rollback': {
    usage: 'model rollback --workspace <slug>   (restores the previous champion)',
    options: { workspace: { type: 'string' } },
    positionals: 0,
    async run(v) {
      const ctx = await workspaceCtx(need(v, 'workspace'), 'cli');
      const r = await rollbackChampion(ctx);
      return {
        lines: [`Model ${r.championId} is the champion again${r.retiredId ? `; ${r.retiredId} retired` : ''}.`],
        json: r,
      };
    },
  },
};
