import { recordAudit } from '../audit/service';
import { requirePermission, type Ctx } from '../auth/context';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { parseInput } from '../validation';
import * as repo from './repo';
import { scheduleAlertDigest } from './schedule';
import { DEFAULT_MIN_RISE, ZRef, ZRuleParams, ZRuleSave, type AlertRuleView, type RuleKind } from './schemas';

// Alert rules: what opens an alert. A workspace gets three on first use; admins tune, add and remove them.

const DEFAULT_MIN_VALUE = 1000;

/** Rounds to a figure people pick: 1, 2, 2.5 or 5 times a power of ten (1,234 → 1,000; 3,900 → 5,000). */
export function roundNice(value: number): number {
  if (!(value > 0)) return DEFAULT_MIN_VALUE;
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  const best = steps.reduce((a, b) => (Math.abs(b * power - value) < Math.abs(a * power - value) ? b : a));
  return best * power;
}

type Rule = Awaited<ReturnType<typeof repo.findRules>>[number];

function toView(r: Rule): AlertRuleView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    params: r.params as Record<string, number>,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The workspace's rules; on first use the three defaults are created (high-value threshold: the 90th percentile
 * of a year's spend, rounded) and the daily digest is scheduled.
 */
export async function ensureRules(workspaceId: string): Promise<Rule[]> {
  const rules = await repo.findRules(workspaceId);
  if (rules.length) return rules;
  const p90 = await repo.findSpendPercentile(workspaceId, 0.9);
  const created = await repo.insertRulesIfNone(workspaceId, [
    { kind: 'entered_high', name: 'Entered the high-risk tier', params: {} },
    {
      kind: 'probability_rise',
      name: `Churn probability rose by ${DEFAULT_MIN_RISE * 100} points or more`,
      params: { minRise: DEFAULT_MIN_RISE },
    },
    {
      kind: 'high_value_at_risk',
      name: 'High-value customer at medium risk or above',
      params: { minValue: p90 === null ? DEFAULT_MIN_VALUE : roundNice(p90) },
    },
  ]);
  if (created) await scheduleAlertDigest(workspaceId);
  return repo.findRules(workspaceId);
}

/** The rules as the evaluation reads them: enabled ones, parameters re-checked (a bad row is skipped, not fatal). */
export async function loadEnabledRules(workspaceId: string): Promise<repo.RuleSpec[]> {
  const rules = await ensureRules(workspaceId);
  return rules.flatMap((r) => {
    if (!r.enabled) return [];
    const params = ZRuleParams[r.kind as RuleKind].safeParse(r.params);
    return params.success ? [{ id: r.id, kind: r.kind, params: params.data as Record<string, unknown> }] : [];
  });
}

export async function listRules(ctx: Ctx): Promise<AlertRuleView[]> {
  requirePermission(ctx, 'alerts.read');
  return (await ensureRules(ctx.workspaceId)).map(toView);
}

/** Creates a rule, or changes one's name, parameters or switch (its kind stays); audited. */
export async function saveRule(ctx: Ctx, input: unknown): Promise<AlertRuleView> {
  requirePermission(ctx, 'channels.write');
  const data = parseInput(ZRuleSave, input);
  const params = data.params as Prisma.InputJsonValue;
  if (!data.id) {
    await ensureRules(ctx.workspaceId);
    const created = await repo.insertRule({ workspaceId: ctx.workspaceId, ...data, params });
    await recordAudit(ctx, {
      action: 'alert_rule.create',
      entityType: 'alert_rule',
      entityId: created.id,
      after: data,
    });
    return toView(created);
  }
  const before = await repo.findRule(ctx.workspaceId, data.id);
  if (!before) throw new AppError('not_found', 'No such alert rule in this workspace.');
  if (before.kind !== data.kind)
    throw new AppError('invalid_input', 'kind: a rule keeps its kind; add a new rule instead', {
      issues: [{ field: 'kind', message: 'a rule keeps its kind; add a new rule instead' }],
    });
  const updated = await repo.updateRule(before.id, { name: data.name, params, enabled: data.enabled });
  await recordAudit(ctx, {
    action: 'alert_rule.update',
    entityType: 'alert_rule',
    entityId: before.id,
    before: { name: before.name, params: before.params, enabled: before.enabled },
    after: { name: data.name, params: data.params, enabled: data.enabled },
  });
  return toView(updated);
}

/**
 * Removes a rule that never opened an alert. One with alerts is refused: removing it would take their history and
 * tasks with it, so it is switched off instead.
 */
export async function deleteRule(ctx: Ctx, input: unknown): Promise<{ id: string }> {
  requirePermission(ctx, 'channels.write');
  const { id } = parseInput(ZRef, input);
  const rule = await repo.findRule(ctx.workspaceId, id);
  if (!rule) throw new AppError('not_found', 'No such alert rule in this workspace.');
  const alerts = await repo.countRuleAlerts(ctx.workspaceId, id);
  if (alerts)
    throw new AppError(
      'conflict',
      `This rule has opened ${alerts} alert${alerts === 1 ? '' : 's'}; switch it off instead to keep their history.`,
    );
  await repo.deleteRuleRow(ctx.workspaceId, id);
  await recordAudit(ctx, {
    action: 'alert_rule.delete',
    entityType: 'alert_rule',
    entityId: id,
    before: { kind: rule.kind, name: rule.name, params: rule.params, enabled: rule.enabled },
  });
  return { id };
}
