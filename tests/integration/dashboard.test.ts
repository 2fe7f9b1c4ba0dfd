import { beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../../lib/db';
import { exportAtRiskCsv, getDashboard, listAtRisk, refreshDashboard } from '../../lib/dashboard/service';
import { seedChurnData } from '../support/churn-data';
import { trainAndScore } from '../support/cli';
import { insertCustomers } from '../support/customers';
import { createRoleWorkspace, type RoleWorkspace } from '../support/fixtures';

let ws: RoleWorkspace;

async function scored(where = 'TRUE', params: unknown[] = []) {
  const { rows } = await pool().query(
    `SELECT s.customer_id::text, c.external_id, s.tier, s.probability, s.value FROM customer_scores s
       JOIN customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id
      WHERE s.workspace_id = $1 AND ${where}`,
    [ws.id, ...params],
  );
  return rows;
}

beforeAll(async () => {
  ws = await createRoleWorkspace('dash');
  await seedChurnData(ws.id, 600);
  await trainAndScore('dash', () =>
    pool().query(`UPDATE workspaces SET settings = '{"tiers":{"high":0.9,"medium":0.6}}' WHERE id = $1`, [ws.id]),
  );
}, 360_000);

describe('risk dashboard', () => {
  it('summarises every score: tiers, histogram, breakdowns, drivers, revenue at risk and today in the trend', async () => {
    const all = await scored();
    const d = await getDashboard(ws.as.ops);
    const s = d.summary!;
    const count = (t: string) => all.filter((r) => r.tier === t).length;
    expect(s.tiers).toEqual({ high: count('high'), medium: count('medium'), low: count('low') });
    expect(s.scored).toBe(600);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(600);
    for (const dim of ['segment', 'region', 'channel', 'lifecycle_stage', 'plan'])
      expect(s.breakdowns[dim]!.reduce((a, b) => a + b.total, 0)).toBe(600);
    const revenue = all.filter((r) => r.tier === 'high').reduce((a, r) => a + r.value, 0);
    expect(s.revenueAtRisk).toBeCloseTo(revenue, 0);
    if (count('high')) expect(s.drivers[0]!.label).not.toContain('{value}');
    expect(d.trend.at(-1)).toMatchObject({ high: count('high'), medium: count('medium'), low: count('low') });
    expect(d.thresholds).toEqual({ high: 0.9, medium: 0.6 });
    expect(d.simulator?.evaluation?.threshold_curve).toHaveLength(101);
    expect(d.simulator).toMatchObject({ algorithm: 'xgboost', trainedAt: expect.any(String) });
    expect(d.customers).toBe(600);
  });

  it('before the first scoring, has no summary but counts the customers, so the page can say what to do next', async () => {
    const fresh = await createRoleWorkspace('dash-fresh');
    await insertCustomers(fresh.id, [{ id: 'F-1' }, { id: 'F-2' }, { id: 'F-3' }]);
    const d = await getDashboard(fresh.as.manager);
    expect(d).toMatchObject({
      summary: null,
      pending: false,
      customers: 3,
      weekAgo: null,
      simulator: null,
      drivers: [],
    });
    expect(d.trend).toEqual([]);
    expect(await listAtRisk(fresh.as.ops, {})).toMatchObject({ items: [], total: 0, nextCursor: null });
  });

  it('queues the aggregates of scores that have none (scored before the dashboard existed) and says they are coming', async () => {
    const { getQueue } = await import('../../lib/jobs/enqueue');
    await pool().query(`DELETE FROM dashboard_summaries WHERE workspace_id = $1`, [ws.id]);
    const d = await getDashboard(ws.as.ops);
    expect(d).toMatchObject({ summary: null, pending: true, customers: 600 });
    const job = await getQueue('maintenance').getJob(`refresh-dashboard.${ws.id}`);
    expect(job?.data).toEqual({ workspaceId: ws.id });
    await job?.remove();
    await refreshDashboard(ws.id);
    expect(await getDashboard(ws.as.ops)).toMatchObject({ pending: false, summary: { scored: 600 } });
  });

  it('refuses a marketer everything on the dashboard, the export included', async () => {
    await expect(getDashboard(ws.as.marketer)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(listAtRisk(ws.as.marketer, {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(exportAtRiskCsv(ws.as.marketer, {}).next()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('compares with the tier counts of 7 days earlier', async () => {
    expect((await getDashboard(ws.as.ops)).weekAgo).toBeNull();
    await pool().query(
      `INSERT INTO risk_daily (workspace_id, day, high, medium, low, revenue_at_risk, updated_at)
       VALUES ($1, current_date - 9, 5, 6, 7, 100, now()), ($1, current_date - 3, 1, 1, 1, 1, now())`,
      [ws.id],
    );
    expect((await getDashboard(ws.as.manager)).weekAgo).toMatchObject({ high: 5, medium: 6, low: 7 });
  });

  it('pages the at-risk table by probability with filters, without gaps or repeats, and counts the matches', async () => {
    const { rows: segments } = await pool().query(
      `SELECT segment FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [ws.id],
    );
    const filter = { tier: ['high', 'medium'], segment: segments[0].segment as string };
    const expected = await scored(`s.tier IN ('high', 'medium') AND c.segment = $2`, [filter.segment]);
    expect(expected.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let cursor: string | undefined;
    let first = true;
    let last = Infinity;
    do {
      const page = await listAtRisk(ws.as.ops, { ...filter, limit: 7, cursor });
      if (first) expect(page.total).toBe(expected.length);
      first = false;
      for (const i of page.items) {
        expect(['high', 'medium']).toContain(i.tier);
        expect(i.segment).toBe(filter.segment);
        expect(i.probability).toBeLessThanOrEqual(last);
        last = i.probability;
        seen.push(i.customerId);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(expected.map((r) => r.external_id).sort());
  });

  it('sorts by value, filters by probability range and driver, and refuses bad input by name', async () => {
    const byValue = await listAtRisk(ws.as.ops, { sort: 'value', limit: 10 });
    const values = byValue.items.map((i) => i.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const mid = await listAtRisk(ws.as.ops, { minP: 0.2, maxP: 0.7, limit: 200 });
    for (const i of mid.items) expect(i.probability >= 0.2 && i.probability <= 0.7).toBe(true);
    const { rows } = await pool().query(
      `SELECT top_driver, count(*)::int AS n FROM customer_scores WHERE workspace_id = $1 AND top_driver IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [ws.id],
    );
    const byDriver = await listAtRisk(ws.as.ops, { driver: rows[0].top_driver, limit: 200 });
    expect(byDriver.total).toBe(rows[0].n);
    expect(byDriver.items.every((i) => i.reasons[0]?.feature === rows[0].top_driver)).toBe(true);
    await expect(listAtRisk(ws.as.ops, { minP: 0.8, maxP: 0.2 })).rejects.toThrow(/minP: must not be above maxP/);
    await expect(listAtRisk(ws.as.ops, { cursor: 'garbage' })).rejects.toThrow(/cursor:/);
    await expect(listAtRisk(ws.as.ops, { tier: 'extreme' })).rejects.toThrow(/tier/);
  });

  it('exports the filtered table as CSV, every row once, with formulas defused', async () => {
    const { rows } = await pool().query(`SELECT id FROM customers WHERE workspace_id = $1 ORDER BY id LIMIT 1`, [
      ws.id,
    ]);
    await pool().query(`UPDATE customers SET segment = '=HYPERLINK("x")' WHERE id = $1`, [rows[0].id]);
    let csv = '';
    for await (const chunk of exportAtRiskCsv(ws.as.ops, {})) csv += chunk;
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'customer_id,name,segment,region,tags,tier,probability,previous_probability,value,reasons,scored_at',
    );
    expect(lines.length).toBe(601);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
