import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { ROLE_PERMISSIONS, ROLES } from '../auth/permissions';
import { AppError } from '../errors';
import { parseInput } from '../validation';
import { findMembers, findMembership } from '../workspaces/repo';
import { getAlertItem } from './inbox';
import * as repo from './repo';
import { ZAssign, ZClose, type AlertItem, type Assignee } from './schemas';

// An alert as a task: assigned to someone who works tasks, with a due date, and closed with an outcome. Closing
// frees the rule to open a new alert for the customer.

const TASK_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].has('tasks.write'));

/** The members an alert may be assigned to: those holding tasks.write. */
export async function listAssignees(ctx: Ctx): Promise<Assignee[]> {
  requirePermission(ctx, 'tasks.write');
  const members = await findMembers(ctx.workspaceId);
  return members
    .filter((m) => TASK_ROLES.includes(m.role))
    .map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email }));
}

async function requireAlert(ctx: Ctx, alertId: string) {
  const alert = await repo.findAlertTask(ctx.workspaceId, alertId);
  if (!alert) throw new AppError('not_found', 'No such alert in this workspace.');
  return alert;
}

function closedConflict(closedAt: Date | null, outcome: string | null): AppError {
  return new AppError(
    'conflict',
    `This alert was already closed${closedAt ? ` on ${closedAt.toISOString().slice(0, 10)}` : ''}${
      outcome ? ` as ${outcome.replace('_', ' ')}` : ''
    }.`,
  );
}

/** Assigns an open alert to a member who works tasks, due by a date not in the past; audited. */
export async function assignAlert(ctx: Ctx, input: unknown): Promise<AlertItem> {
  requirePermission(ctx, 'tasks.write');
  const data = parseInput(ZAssign, input);
  const alert = await requireAlert(ctx, data.alertId);
  if (alert.status !== 'open') throw closedConflict(alert.closedAt, alert.outcome);
  const membership = await findMembership(ctx.workspaceId, data.assigneeId);
  if (!membership || !ROLE_PERMISSIONS[membership.role].has('tasks.write'))
    throw new AppError('invalid_input', 'assigneeId: must be a member of this workspace who works alert tasks', {
      issues: [{ field: 'assigneeId', message: 'must be a member of this workspace who works alert tasks' }],
    });
  const dueAt = data.dueAt ?? null;
  if (!(await repo.updateAssignment(ctx.workspaceId, alert.id, data.assigneeId, dueAt)))
    throw closedConflict(null, null);
  await recordAudit(ctx, {
    action: 'alert.assign',
    entityType: 'alert',
    entityId: alert.id,
    before: { assigneeId: alert.assigneeId, dueAt: alert.dueAt },
    after: { assigneeId: data.assigneeId, dueAt },
  });
  return getAlertItem(ctx, alert.id);
}

/** Closes an open alert with its outcome (and a note); closing one already closed is a conflict. Audited. */
export async function closeAlert(ctx: Ctx, input: unknown): Promise<AlertItem> {
  requirePermission(ctx, 'tasks.write');
  const data = parseInput(ZClose, input);
  const alert = await requireAlert(ctx, data.alertId);
  if (alert.status !== 'open') throw closedConflict(alert.closedAt, alert.outcome);
  const note = data.note || null;
  const closed = await repo.closeOpenAlert(ctx.workspaceId, alert.id, {
    outcome: data.outcome,
    note,
    closedBy: ctx.actor.label,
  });
  if (!closed) throw closedConflict(null, null);
  await recordAudit(ctx, {
    action: 'alert.close',
    entityType: 'alert',
    entityId: alert.id,
    before: { status: 'open' },
    after: { status: 'closed', outcome: data.outcome, note },
  });
  return getAlertItem(ctx, alert.id);
}
