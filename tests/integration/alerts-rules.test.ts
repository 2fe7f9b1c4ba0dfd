// Alert rules, deduplication, preferences, the inbox and tasks against real Postgres (email and webhooks: see
// alerts-delivery.test.ts). Scores are written straight into customer_scores to set up each tier transition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { getQueue } from '../../lib/jobs/enqueue';
import {
  assignAlert,
  closeAlert,
  countUnread,
  evaluateAlerts,
  getPreference,
  listAssignees,
  listCustomerAlerts,
  listInbox,
  listRules,
  markRead,
  savePreference,
  saveRule,
  deleteRule,
} from '../../lib/alerts/service';
import { DIGEST_PATTERN, digestSchedulerId } from '../../lib/alerts/schedule';
import type { AlertItem } from '../../lib/alerts/schemas';
import { insertCustomers } from '../support/customers';
import { addPurchases, idsOf, insertModel, setScores } from '../support/alerts';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;

async function openAlerts(workspaceId: string) {
  const { rows } = await pool().query<{ kind: string; ext: string }>(
    `SELECT r.kind::text AS kind, c.external_id AS ext FROM alerts a JOIN alert_rules r ON r.id = a.rule_id
       JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
      WHERE a.workspace_id = $1 AND a.status = 'open' ORDER BY 1, 2`,
    [workspaceId],
  );
  return rows.map((r) => `${r.kind}:${r.ext}`);
}

async function ruleId(kind: string) {
  return (await listRules(ws.as.admin)).find((r) => r.kind === kind)!.id;
}

beforeAll(async () => {
  ws = await createRoleWorkspace('alerts-rules');
  await insertModel(ws.id);
  await insertCustomers(
    ws.id,
    Array.from({ length: 10 }, (_, i) => ({
      id: `c${i + 1}`,
      name: `Person Number${i + 1}`,
      segment: i % 2 ? 'smb' : 'enterprise',
    })),
  );
});

afterAll(async () => {
  await getQueue('notify').obliterate({ force: true });
});

describe('rules', () => {
  it('creates the three default rules on first use: high-value threshold from spend, 1000 without purchases', async () => {
    const empty = await createRoleWorkspace('alerts-empty');
    const rules = await listRules(empty.as.ops);
    expect(rules.map((r) => [r.kind, r.params, r.enabled])).toEqual([
      ['entered_high', {}, true],
      ['probability_rise', { minRise: 0.2 }, true],
      ['high_value_at_risk', { minValue: 1000 }, true],
    ]);
    // The daily digest is scheduled with the rules.
    const scheduler = await getQueue('notify').getJobScheduler(digestSchedulerId(empty.id));
    expect(scheduler).toMatchObject({ pattern: DIGEST_PATTERN, tz: 'UTC' });

    await addPurchases(
      ws.id,
      Array.from({ length: 10 }, (_, i) => ({ id: `c${i + 1}`, amount: (i + 1) * 370, daysAgo: 30 })),
    );
    const spendRules = await listRules(ws.as.admin);
    // The 90th percentile of 370 … 3,700 is 3,367; the nice figure nearest it is 2,500 (vs 5,000).
    expect(spendRules.find((r) => r.kind === 'high_value_at_risk')!.params).toEqual({ minValue: 2500 });
    await pool().query('DELETE FROM transactions WHERE workspace_id = $1', [ws.id]);
  });

  it('lets admins change rules (audited), never their kind, and refuses bad parameters by name', async () => {
    const id = await ruleId('high_value_at_risk');
    await expect(
      saveRule(ws.as.ops, { id, kind: 'high_value_at_risk', name: 'x', params: { minValue: 1 } }),
    ).rejects.toThrow(/channels.write/);
    await expect(
      saveRule(ws.as.admin, { id, kind: 'high_value_at_risk', name: 'HV', params: { minValue: -5 } }),
    ).rejects.toThrow(/params.minValue: must be 0 or more/);
    await expect(saveRule(ws.as.admin, { kind: 'sometimes', name: 'x', params: {} })).rejects.toThrow(
      /kind: must be one of entered_high, probability_rise, high_value_at_risk/,
    );
    await expect(
      saveRule(ws.as.admin, { id, kind: 'entered_high', name: 'HV', params: {}, enabled: true }),
    ).rejects.toThrow(/kind: a rule keeps its kind/);
    const saved = await saveRule(ws.as.admin, {
      id,
      kind: 'high_value_at_risk',
      name: 'Big spender at risk',
      params: { minValue: '500' },
      enabled: true,
    });
    expect(saved).toMatchObject({ name: 'Big spender at risk', params: { minValue: 500 } });
    const extra = await saveRule(ws.as.admin, { kind: 'probability_rise', name: 'Big jump', params: { minRise: 0.5 } });
    await deleteRule(ws.as.admin, { id: extra.id });
    const { rows } = await pool().query(
      `SELECT action FROM audit_logs WHERE workspace_id = $1 AND entity_type = 'alert_rule' ORDER BY id`,
      [ws.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['alert_rule.update', 'alert_rule.create', 'alert_rule.delete']);
  });

  it('fires each rule exactly when it should', async () => {
    await addPurchases(ws.id, [
      { id: 'c6', amount: 600, daysAgo: 20 },
      { id: 'c7', amount: 400, daysAgo: 20 },
      { id: 'c7', amount: 300, daysAgo: 20, status: 'failed' },
      { id: 'c7', amount: 1000, daysAgo: 400 },
      { id: 'c8', amount: 2000, daysAgo: 10 },
    ]);
    const ids = await setScores(ws.id, [
      { id: 'c1', p: 0.9, tier: 'high' }, // first score, high: entered
      { id: 'c2', p: 0.95, tier: 'high', prevP: 0.9, prevTier: 'high' }, // stayed high: nothing
      { id: 'c3', p: 0.85, tier: 'high', prevP: 0.6, prevTier: 'medium' }, // entered and rose 25 points
      { id: 'c4', p: 0.5, tier: 'medium', prevP: 0.3, prevTier: 'low' }, // rose exactly 20 points
      { id: 'c5', p: 0.45, tier: 'low', prevP: 0.3, prevTier: 'low' }, // rose 15: nothing
      { id: 'c6', p: 0.6, tier: 'medium', prevP: 0.55, prevTier: 'medium' }, // spent 600 in the year: high value
      { id: 'c7', p: 0.6, tier: 'medium', prevP: 0.6, prevTier: 'medium' }, // 400 paid, the rest failed or old
      { id: 'c8', p: 0.2, tier: 'low', prevP: 0.2, prevTier: 'low' }, // big spender but low risk
    ]);
    const res = await evaluateAlerts(ws.id, ids);
    expect(res.created).toBe(5);
    expect(await openAlerts(ws.id)).toEqual([
      'entered_high:c1',
      'entered_high:c3',
      'high_value_at_risk:c6',
      'probability_rise:c3',
      'probability_rise:c4',
    ]);
  });

  it('keeps one open alert per customer and rule when evaluated again', async () => {
    const ids = await idsOf(
      ws.id,
      Array.from({ length: 8 }, (_, i) => `c${i + 1}`),
    );
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 0 });
    expect(await evaluateAlerts(ws.id, [...ids, ...ids])).toEqual({ created: 0 });
    const { rows } = await pool().query(
      `SELECT count(*)::int AS n FROM alerts WHERE workspace_id = $1 GROUP BY rule_id, customer_id HAVING count(*) > 1`,
      [ws.id],
    );
    expect(rows).toEqual([]);
  });

  it('a disabled rule opens nothing', async () => {
    const id = await ruleId('entered_high');
    await saveRule(ws.as.admin, { id, kind: 'entered_high', name: 'Entered high', params: {}, enabled: false });
    const ids = await setScores(ws.id, [{ id: 'c9', p: 0.9, tier: 'high', prevP: 0.85, prevTier: 'medium' }]);
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 0 });
    await saveRule(ws.as.admin, { id, kind: 'entered_high', name: 'Entered high', params: {}, enabled: true });
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 1 });
  });
});

describe('preferences and the inbox', () => {
  it('defaults: admins and ops receive everything at once, managers nothing, marketers cannot', async () => {
    expect(await getPreference(ws.as.ops)).toMatchObject({ segment: null, cadence: 'instant', isDefault: true });
    expect(await getPreference(ws.as.manager)).toMatchObject({ cadence: 'off', receives: true });
    await expect(getPreference(ws.as.marketer)).rejects.toThrow(/alerts.read/);
    const admin = await listInbox(ws.as.admin, { view: 'inbox', limit: 100 });
    expect(admin.items).toHaveLength(6);
    expect(admin.unread).toBe(6);
    expect((await listInbox(ws.as.manager, { view: 'inbox' })).items).toEqual([]);
  });

  it('shows an alert with its reasons as sentences and the customer masked', async () => {
    const ids = await setScores(ws.id, [
      {
        id: 'c10',
        p: 0.91,
        tier: 'high',
        prevP: 0.42,
        prevTier: 'low',
        reasons: [{ feature: 'days_since_last_purchase', value: 45, impact: 0.8 }],
      },
    ]);
    await evaluateAlerts(ws.id, ids);
    const [item] = (await listCustomerAlerts(ws.as.ops, 'c10')).filter((a) => a.rule.kind === 'entered_high');
    expect(item).toMatchObject({
      customer: { id: ids[0], externalId: 'c10', name: 'P***** N*******', segment: 'smb' },
      status: 'open',
      tier: 'high',
      previousTier: 'low',
      probability: expect.closeTo(0.91, 5),
      previousProbability: expect.closeTo(0.42, 5),
      reasons: [{ feature: 'days_since_last_purchase', text: 'no purchase in the last 45 days', impact: 0.8 }],
      readAt: null,
      assignee: null,
    });
  });

  it('a segment preference receives only that segment', async () => {
    await expect(savePreference(ws.as.ops, { segment: 'nonexistent', cadence: 'instant' })).rejects.toThrow(
      /segment: no customer is in segment "nonexistent"/,
    );
    await savePreference(ws.as.ops, { segment: 'smb', cadence: 'instant', email: false });
    await savePreference(ws.as.manager, { segment: null, cadence: 'instant', email: false });
    const before = await countUnread(ws.as.ops);
    const ids = await setScores(ws.id, [
      { id: 'c1', p: 0.92, tier: 'high', prevP: 0.3, prevTier: 'low' }, // enterprise
      { id: 'c2', p: 0.93, tier: 'high', prevP: 0.4, prevTier: 'low' }, // smb
    ]);
    // c1 still has its open entered_high alert: only the rises and c2's entry are new.
    expect(await evaluateAlerts(ws.id, ids)).toEqual({ created: 3 });
    const ops = await listInbox(ws.as.ops, { view: 'unread', limit: 100 });
    const fresh = ops.items.slice(0, ops.unread - before);
    expect(fresh.map((a) => a.customer.externalId).sort()).toEqual(['c2', 'c2']);
    const manager = await listInbox(ws.as.manager, { view: 'inbox' });
    expect(manager.items.map((a) => a.customer.externalId).sort()).toEqual(['c1', 'c2', 'c2']);
  });

  it('pages newest first with a cursor, marks read, and counts unread', async () => {
    const all: AlertItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInbox(ws.as.admin, { view: 'inbox', limit: 2, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const whole = await listInbox(ws.as.admin, { view: 'inbox', limit: 100 });
    expect(all.map((a) => a.id)).toEqual(whole.items.map((a) => a.id));
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    await expect(listInbox(ws.as.admin, { view: 'inbox', cursor: 'garbage' })).rejects.toThrow(/cursor: /);
    await expect(listInbox(ws.as.admin, { limit: 500 })).rejects.toThrow(/limit: must be at most 100/);

    const unread = await countUnread(ws.as.admin);
    expect(await markRead(ws.as.admin, { ids: [all[0]!.id, all[1]!.id] })).toEqual({ updated: 2 });
    expect(await countUnread(ws.as.admin)).toBe(unread - 2);
    const read = await listInbox(ws.as.admin, { view: 'all', limit: 100 });
    expect(read.items.find((a) => a.id === all[0]!.id)!.readAt).not.toBeNull();
    await markRead(ws.as.admin, { all: true });
    expect(await countUnread(ws.as.admin)).toBe(0);
    expect((await listInbox(ws.as.admin, { view: 'unread' })).items).toEqual([]);
  });
});

describe('alerts as tasks', () => {
  let alert: AlertItem;
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    alert = (await listInbox(ws.as.ops, { view: 'open', limit: 1 })).items[0]!;
  });

  it('lists the members who work tasks', async () => {
    expect((await listAssignees(ws.as.ops)).map((a) => a.email)).toEqual([ws.emails.ops]);
  });

  it('refuses: a marketer assigning, an assignee without tasks.write, a past due date, a bad outcome', async () => {
    const opsId = ws.as.ops.actor.id!;
    await expect(assignAlert(ws.as.marketer, { alertId: alert.id, assigneeId: opsId })).rejects.toThrow(/tasks.write/);
    await expect(
      assignAlert(ws.as.ops, { alertId: alert.id, assigneeId: ws.as.manager.actor.id, dueAt: tomorrow() }),
    ).rejects.toThrow(/assigneeId: must be a member of this workspace who works alert tasks/);
    await expect(assignAlert(ws.as.ops, { alertId: alert.id, assigneeId: opsId, dueAt: '2020-01-01' })).rejects.toThrow(
      /dueAt: must not be in the past/,
    );
    await expect(assignAlert(ws.as.ops, { alertId: 'nope', assigneeId: opsId })).rejects.toThrow(/No such alert/);
    await expect(closeAlert(ws.as.ops, { alertId: alert.id, outcome: 'won' })).rejects.toThrow(
      /outcome: must be one of retained, churned, unreachable, false_alarm, no_action/,
    );
    await expect(closeAlert(ws.as.manager, { alertId: alert.id, outcome: 'retained' })).rejects.toThrow(/tasks.write/);
  });

  it('assigns with a due date and closes with an outcome, both audited; closing twice is a conflict', async () => {
    const opsId = ws.as.ops.actor.id!;
    const assigned = await assignAlert(ws.as.ops, { alertId: alert.id, assigneeId: opsId, dueAt: tomorrow() });
    expect(assigned.assignee).toEqual({ id: opsId, name: expect.any(String) });
    expect(assigned.dueAt).toBe(`${tomorrow()}T23:59:59.999Z`);
    expect((await listInbox(ws.as.ops, { view: 'assigned' })).items.map((a) => a.id)).toEqual([alert.id]);

    const closed = await closeAlert(ws.as.ops, { alertId: alert.id, outcome: 'retained', note: 'Called, 10% off' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'retained', outcomeNote: 'Called, 10% off' });
    expect(closed.closedAt).not.toBeNull();
    expect((await listInbox(ws.as.ops, { view: 'assigned' })).items).toEqual([]);
    await expect(closeAlert(ws.as.ops, { alertId: alert.id, outcome: 'churned' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already closed .* as retained/),
    });
    const { rows } = await pool().query(
      `SELECT action, actor_label, before, after FROM audit_logs
        WHERE workspace_id = $1 AND entity_type = 'alert' AND entity_id = $2 ORDER BY id`,
      [ws.id, alert.id],
    );
    expect(rows).toEqual([
      {
        action: 'alert.assign',
        actor_label: ws.emails.ops,
        before: { assigneeId: null, dueAt: null },
        after: { assigneeId: opsId, dueAt: `${tomorrow()}T23:59:59.999Z` },
      },
      {
        action: 'alert.close',
        actor_label: ws.emails.ops,
        before: { status: 'open' },
        after: { status: 'closed', outcome: 'retained', note: 'Called, 10% off' },
      },
    ]);
  });

  it('after closing, the same rule opens a new alert for the customer', async () => {
    const { rows } = await pool().query<{ external_id: string; rule_id: string }>(
      `SELECT c.external_id, a.rule_id FROM alerts a JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
        WHERE a.id = $1`,
      [alert.id],
    );
    const ids = await idsOf(ws.id, [rows[0]!.external_id]);
    expect((await evaluateAlerts(ws.id, ids)).created).toBeGreaterThanOrEqual(1);
    const history = await pool().query(
      `SELECT status, open_key IS NULL AS freed FROM alerts WHERE workspace_id = $1 AND rule_id = $2 AND customer_id = $3
        ORDER BY created_at`,
      [ws.id, rows[0]!.rule_id, ids[0]],
    );
    expect(history.rows).toEqual([
      { status: 'closed', freed: true },
      { status: 'open', freed: false },
    ]);
    await expect(deleteRule(ws.as.admin, { id: rows[0]!.rule_id })).rejects.toThrow(/switch it off instead/);
  });
});
