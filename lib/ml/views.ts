import { z } from 'zod';
import type { Ctx } from '../auth/context';
import * as features from '../features/service';
import { ZLabelSpec, ZRunParams, type TLabelSpec } from './schemas';
import { getModel, listModels, listTrainingRuns } from './service';

// What the models pages show, as plain typed values: the registry's JSON columns (written by the Python trainer)
// are parsed leniently here, so a missing or renamed figure shows as "—" instead of breaking the page.

const num = z.number().nullable().catch(null);
const ZBin = z.object({ lower: num, upper: num, mean_predicted: num, observed_rate: num, count: z.number().catch(0) });
const ZConfusion = z.object({
  threshold: num,
  tp: z.number().catch(0),
  fp: z.number().catch(0),
  tn: z.number().catch(0),
  fn: z.number().catch(0),
  precision: num,
  recall: num,
});
const ZCurve = z
  .array(z.tuple([z.number().nullable(), z.number().nullable()]))
  .nullable()
  .catch(null)
  .transform((points) =>
    (points ?? []).flatMap(([x, y]) => (x === null || y === null ? [] : [{ x, y }])).sort((a, b) => a.x - b.x),
  );
const ZMetrics = z.object({
  roc_auc: num,
  pr_auc: num,
  log_loss: num,
  brier: num,
  top_decile_lift: num,
  positive_rate: num,
  rows: num,
  positives: num,
  calibration: z.array(ZBin).nullable().catch(null),
  confusion: z.record(z.string(), ZConfusion).nullable().catch(null),
  roc_curve: ZCurve,
  pr_curve: ZCurve,
});
export type MetricsView = z.infer<typeof ZMetrics>;

const ZMetricSets = z.object({ cv: ZMetrics.nullable().catch(null), out_of_time: ZMetrics.nullable().catch(null) });
export type MetricSetsView = z.infer<typeof ZMetricSets>;
export type MetricSet = keyof MetricSetsView;

const ZModelLabel = ZLabelSpec.extend({
  asOf: z.array(z.string()).catch([]),
  evalAsOf: z.string().nullable().catch(null),
  selection: z.enum(['cv', 'out_of_time']).nullable().catch(null),
});
export type ModelLabelView = z.infer<typeof ZModelLabel>;

const ZBaseline = z
  .object({ feature: z.string().catch('') })
  .extend(ZMetricSets.shape)
  .nullable()
  .catch(null);
const ZCandidates = z
  .array(z.object({ algorithm: z.string(), params: z.record(z.string(), z.unknown()).catch({}), metrics: ZMetricSets }))
  .catch([]);
const ZImportance = z.array(z.object({ feature: z.string(), importance: z.number().catch(0) })).catch([]);

const parse = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | null => {
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
};

const EMPTY_LABEL: ModelLabelView = {
  kind: 'inactivity',
  horizonDays: 0,
  activityEventTypes: [],
  cancelEventType: 'cancel',
  asOf: [],
  evalAsOf: null,
  selection: null,
};

/** The metric set the pages lead with: out-of-time when the model has one, else cross-validated. */
export function preferredSet(m: MetricSetsView): MetricSet | null {
  return m.out_of_time ? 'out_of_time' : m.cv ? 'cv' : null;
}

/** The registry's rows for the models table, with each model's baseline ROC-AUC beside its own. */
export async function listModelSummaries(ctx: Ctx) {
  const rows = await listModels(ctx);
  return rows.map((row) => {
    const metrics = parse(ZMetricSets, row.metrics) ?? { cv: null, out_of_time: null };
    const base = parse(ZBaseline, row.baseline);
    const set = preferredSet(metrics);
    return {
      id: row.id,
      algorithm: row.algorithm,
      status: row.status,
      label: parse(ZModelLabel, row.label) ?? EMPTY_LABEL,
      trainingRows: row.trainingRows,
      trainingPositives: row.trainingPositives,
      cvRocAuc: metrics.cv?.roc_auc ?? null,
      ootRocAuc: metrics.out_of_time?.roc_auc ?? null,
      baselineRocAuc: set && base ? (base[set]?.roc_auc ?? null) : null,
      shownSet: set,
      trainedByName: row.trainedByName,
      trainedAt: row.trainedAt,
      promotedAt: row.promotedAt,
      retiredAt: row.retiredAt,
    };
  });
}
export type ModelSummaryView = Awaited<ReturnType<typeof listModelSummaries>>[number];

/** One model with its metrics, candidates, baseline and feature importance joined to the feature descriptions. */
export async function getModelView(ctx: Ctx, idOrChampion: string) {
  const model = await getModel(ctx, idOrChampion);
  const described = new Map(model.features.map((f) => [f.name, f]));
  const metrics = parse(ZMetricSets, model.metrics) ?? { cv: null, out_of_time: null };
  return {
    id: model.id,
    algorithm: model.algorithm,
    status: model.status,
    featureSetVersion: model.featureSetVersion,
    featureCount: model.featureNames.length,
    label: parse(ZModelLabel, model.label) ?? EMPTY_LABEL,
    metrics,
    shownSet: preferredSet(metrics),
    baseline: parse(ZBaseline, model.baseline),
    candidates: parse(ZCandidates, model.candidates) ?? [],
    importance: (parse(ZImportance, model.featureImportance) ?? []).map((f) => ({
      ...f,
      description: described.get(f.feature)?.description ?? null,
      unit: described.get(f.feature)?.unit ?? null,
    })),
    params: (model.params ?? {}) as Record<string, unknown>,
    trainingRows: model.trainingRows,
    trainingPositives: model.trainingPositives,
    trainedByName: model.trainedByName,
    trainedAt: model.trainedAt,
    promotedAt: model.promotedAt,
    retiredAt: model.retiredAt,
  };
}
export type ModelView = Awaited<ReturnType<typeof getModelView>>;

export type RunView = {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  stage: string | null;
  error: string | null;
  modelId: string | null;
  createdAt: string;
  finishedAt: string | null;
  label: TLabelSpec | null;
  asOf: string[];
  evalAsOf: string | null;
  algorithm: string | null;
  promote: boolean;
  requestedBy: string | null;
};

export type SnapshotView = {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  asOf: string;
  customerCount: number;
  featureCount: number;
  seconds: number | null;
  error: string | null;
  createdAt: string;
};

export type ActivityView = { runs: RunView[]; snapshots: SnapshotView[] };

/** The newest training runs and feature snapshots with their progress: what the models page polls. */
export async function listActivity(ctx: Ctx): Promise<ActivityView> {
  const [rows, snapshots] = await Promise.all([listTrainingRuns(ctx), features.listSnapshots(ctx)]);
  const runs: RunView[] = rows.map((r) => {
    const params = parse(ZRunParams, r.params);
    return {
      id: r.id,
      status: r.status,
      progress: r.progress,
      stage: r.stage,
      error: r.error,
      modelId: r.modelId,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      label: params?.label ?? null,
      asOf: params?.asOf ?? [],
      evalAsOf: params?.evalAsOf ?? null,
      algorithm: params?.algorithm ?? null,
      promote: params?.promote ?? false,
      requestedBy: params?.requestedBy ?? null,
    };
  });
  return {
    runs,
    snapshots: snapshots.slice(0, 5).map((s) => ({
      id: s.id,
      status: s.status,
      progress: s.progress,
      asOf: s.asOf.toISOString(),
      customerCount: s.customerCount,
      featureCount: s.featureNames.length,
      seconds: s.seconds,
      error: s.error,
      createdAt: s.createdAt.toISOString(),
    })),
  };
}

/** A reference to one model, as the console's promote button sends it. */
export const ZModelRef = z.object({ modelId: z.string().min(1).max(64) });
export type TModelRef = z.infer<typeof ZModelRef>;

/** Queues a feature snapshot as of the start of today (UTC), the same day boundary training defaults to. */
export async function requestSnapshotToday(ctx: Ctx) {
  const day = 86_400_000;
  return features.requestSnapshot(ctx, new Date(Math.floor(Date.now() / day) * day));
}
