import { db, pool } from '../db';
import type { JobStatus, ModelStatus, Prisma } from '../generated/prisma/client';
import type { TLabelSpec } from './schemas';

// Queries of the model registry and the churn labels. Labels follow DATA_CONTRACT.md: the population and the label
// are decided per customer with index probes on (workspace_id, customer_id, time), inside one statement per page.

const PURCHASE = `t.status = 'paid' AND t.amount > 0`;

// Postgres rejects a bound parameter the statement never uses, so each label kind binds only what it reads.
type Bind = (value: unknown) => string;

function activeBetween(from: string | null, to: string, types: string) {
  const time = (col: string) => (from ? `${col} >= ${from} AND ${col} < ${to}` : `${col} < ${to}`);
  return `(EXISTS (SELECT 1 FROM transactions t WHERE t.workspace_id = $1 AND t.customer_id = c.id
                     AND ${time('t.occurred_at')} AND ${PURCHASE})
        OR (cardinality(${types}::text[]) > 0 AND EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1
                     AND e.customer_id = c.id AND ${time('e.occurred_at')} AND e.type = ANY(${types}::text[]))))`;
}

function cancelEvent(from: string | null, to: string, type: string) {
  const time = from ? `e.occurred_at >= ${from} AND e.occurred_at < ${to}` : `e.occurred_at < ${to}`;
  return `EXISTS (SELECT 1 FROM events e WHERE e.workspace_id = $1 AND e.customer_id = c.id AND ${time}
                   AND e.type = ${type})`;
}

/** Population filter and label expression for a label definition at snapshot time T. */
function labelSql(label: TLabelSpec, asOf: Date, bind: Bind): { eligible: string; label: string } {
  if (label.kind === 'column') return { eligible: 'c.churned IS NOT NULL', label: 'c.churned' };
  const t = bind(asOf);
  const until = bind(new Date(asOf.getTime() + label.horizonDays * 86_400_000));
  if (label.kind === 'inactivity') {
    const types = bind(label.activityEventTypes);
    return { eligible: activeBetween(null, t, types), label: `NOT ${activeBetween(t, until, types)}` };
  }
  const type = bind(label.cancelEventType);
  return {
    eligible: `(c.churned_at IS NULL OR c.churned_at >= ${t}) AND NOT ${cancelEvent(null, t, type)}`,
    label: `(COALESCE(c.churned_at >= ${t} AND c.churned_at < ${until}, false) OR ${cancelEvent(t, until, type)})`,
  };
}

export type LabelledRow = { customer_id: string; values: (number | null)[]; label: number };

/** One page of (features, label) for the snapshot's eligible customers, in customer order. */
export async function readLabelledPage(
  p: { workspaceId: string; snapshotId: string; asOf: Date; label: TLabelSpec },
  after: bigint,
  limit: number,
): Promise<LabelledRow[]> {
  const params: unknown[] = [p.workspaceId, p.snapshotId, after.toString()];
  const bind: Bind = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const { eligible, label } = labelSql(p.label, p.asOf, bind);
  const { rows } = await pool().query<LabelledRow>(
    `SELECT r.customer_id::text, r.values, (${label})::int AS label
       FROM snapshot_rows r JOIN customers c ON c.workspace_id = $1 AND c.id = r.customer_id
      WHERE r.snapshot_id = $2 AND r.customer_id > $3 AND ${eligible}
      ORDER BY r.customer_id LIMIT ${Number(limit)}`,
    params,
  );
  return rows;
}

/** The newest timestamp of any record in the workspace: label windows must end before it. */
export async function loadDataEnd(workspaceId: string): Promise<Date | null> {
  const { rows } = await pool().query<{ end: Date | null }>(
    `SELECT GREATEST(
       (SELECT max(occurred_at) FROM transactions WHERE workspace_id = $1),
       (SELECT max(occurred_at) FROM events WHERE workspace_id = $1),
       (SELECT max(opened_at) FROM tickets WHERE workspace_id = $1),
       (SELECT max(churned_at) FROM customers WHERE workspace_id = $1)) AS end`,
    [workspaceId],
  );
  return rows[0]?.end ?? null;
}

export async function insertRun(data: {
  workspaceId: string;
  params: Prisma.InputJsonValue;
  createdById: string | null;
}) {
  return db().trainingRun.create({ data });
}

export async function findRun(workspaceId: string, id: string) {
  return db().trainingRun.findFirst({ where: { id, workspaceId } });
}

export async function findRunById(id: string) {
  return db().trainingRun.findUnique({ where: { id } });
}

export async function listRuns(workspaceId: string, take = 10) {
  return db().trainingRun.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' }, take });
}

export async function updateRun(
  id: string,
  data: Partial<{ status: JobStatus; progress: number; stage: string; error: string | null; modelId: string }> & {
    finishedAt?: Date;
  },
) {
  await db().trainingRun.update({ where: { id }, data });
}

export type NewModel = Omit<Prisma.ChurnModelUncheckedCreateInput, 'artefacts'> & {
  artefacts: { kind: string; content: Uint8Array<ArrayBuffer> }[];
};

export async function insertModel({ artefacts, ...data }: NewModel) {
  return db().churnModel.create({
    data: { ...data, artefacts: { create: artefacts } },
    select: { id: true },
  });
}

const SUMMARY = {
  id: true,
  algorithm: true,
  status: true,
  featureSetVersion: true,
  label: true,
  metrics: true,
  trainingRows: true,
  trainingPositives: true,
  trainedByName: true,
  trainedAt: true,
  promotedAt: true,
  retiredAt: true,
  baseline: true,
} as const;

export async function listModels(workspaceId: string, take = 50) {
  return db().churnModel.findMany({ where: { workspaceId }, orderBy: { trainedAt: 'desc' }, take, select: SUMMARY });
}

export async function findModel(workspaceId: string, id: string) {
  return db().churnModel.findFirst({ where: { workspaceId, id } });
}

/** Only a model's feature set: what rendering a customer's reasons needs (not its metrics and curves). */
export async function findModelSpec(workspaceId: string, id: string) {
  return db().churnModel.findFirst({ where: { workspaceId, id }, select: { spec: true } });
}

export async function findChampion(workspaceId: string) {
  return db().churnModel.findFirst({ where: { workspaceId, status: 'champion' } });
}

export async function findWorkspacesWithChampion() {
  const rows = await db().churnModel.findMany({ where: { status: 'champion' }, select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}

export async function loadArtefact(modelId: string, kind: string) {
  const row = await db().modelArtefact.findUnique({ where: { modelId_kind: { modelId, kind } } });
  return row?.content ?? null;
}

/**
 * Makes `modelId` the champion and retires the current one, atomically. The workspace row is locked so two
 * promotions cannot leave two champions.
 */
export async function swapChampion(workspaceId: string, modelId: string) {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
    const previous = await tx.churnModel.findFirst({
      where: { workspaceId, status: 'champion' },
      select: { id: true },
    });
    const now = new Date();
    if (previous && previous.id !== modelId)
      await tx.churnModel.update({ where: { id: previous.id }, data: { status: 'retired', retiredAt: now } });
    await tx.churnModel.update({
      where: { id: modelId },
      data: { status: 'champion' as ModelStatus, promotedAt: now, retiredAt: null },
    });
    return previous?.id ?? null;
  });
}

/** The most recently retired model that once was champion: what a rollback restores. */
export async function findPreviousChampion(workspaceId: string, excludeId?: string) {
  return db().churnModel.findFirst({
    where: {
      workspaceId,
      status: 'retired',
      promotedAt: { not: null },
      ...(excludeId ? { id: { not: excludeId } } : {}),
    },
    orderBy: { retiredAt: 'desc' },
  });
}
