// The risk dashboard end to end: a shop scored three times (two weeks ago, a week ago, now). An operations user
// filters the at-risk table to high risk in one region, shares the view by URL, exports it, opens a customer and
// sees the reasons and the score history; moves the targeting simulator; a manager reads the same dashboard
// without edit controls; a marketer is refused; a workspace without scores says what to do next.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, pool } from '../../lib/db';
import { getDashboard, refreshDashboard } from '../../lib/dashboard/service';
import { simulateTargeting } from '../../lib/dashboard/simulator';
import { launchBrowser, SCREENSHOTS, screenshot, signIn, openPage } from '../support/browser';
import { seedDashboardWorkspace, type DashboardWorkspace } from '../support/dashboard-data';
import { E2E_PASSWORD, e2eEmail } from '../support/e2e-data';

const baseURL = inject('baseURL');
const PHONE = { width: 390, height: 844 };

let browser: Browser;
let ws: DashboardWorkspace;
let dash: Awaited<ReturnType<typeof getDashboard>>;

const open = async (email: string, viewport = { width: 1366, height: 768 }) => {
  const p = await openPage(browser, { viewport });
  await signIn(p, baseURL, email, E2E_PASSWORD);
  return p;
};
const texts = (p: Page, selector: string) => p.locator(selector).evaluateAll((els) => els.map((e) => e.textContent));
/** The whole page, or with `fullPage` false what the screen shows (where a part was scrolled into view). */
const shot = async (p: Page, name: string, fullPage = true) =>
  fullPage ? screenshot(p, name) : p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

beforeAll(async () => {
  ws = await seedDashboardWorkspace();
  dash = await getDashboard(ws.system);
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

describe('the risk dashboard, in Chromium', () => {
  it('refuses a marketer, who starts on another page and has no dashboard entry', async () => {
    const marketer = await open('dash-marketer@e2e.test');
    expect(new URL(marketer.url()).pathname).toBe('/customers');
    expect(await marketer.locator('[data-nav="/dashboard"]').count()).toBe(0);
    await marketer.goto(`${baseURL}/dashboard`);
    await marketer.waitForURL(/\/forbidden\?need=dashboard\.read/);
    const back = await marketer.getByTestId('forbidden').locator('a').getAttribute('href');
    expect(back).toBe('/customers');
    const csv = await marketer.request.get(`${baseURL}/api/dashboard/export`);
    expect(csv.status()).toBe(403);
    await marketer.close();
    expect((await fetch(`${baseURL}/api/dashboard/export`)).status).toBe(401);
  });

  it('shows an operations user the figures of the last scoring against a week earlier', async () => {
    const ops = await open('dash-ops@e2e.test');
    expect(new URL(ops.url()).pathname).toBe('/dashboard');
    const s = dash.summary!;
    expect(s.tiers.high).toBeGreaterThan(0);
    await expect(ops.getByTestId('kpi-high').textContent()).resolves.toContain(s.tiers.high.toLocaleString('en-US'));
    // Three scorings a week apart: each tier compares with the one of 7 days earlier.
    expect(dash.weekAgo).not.toBeNull();
    expect(await ops.getByTestId('kpi-delta').count()).toBe(4);
    await ops.getByTestId('risk-histogram').locator('.recharts-bar-rectangle').first().waitFor();
    await expect(ops.getByTestId('tier-trend').locator('.recharts-area-dot').count()).resolves.toBeGreaterThanOrEqual(
      9,
    );
    await expect(ops.getByTestId('top-drivers').getByTestId('driver-link').count()).resolves.toBeGreaterThan(0);
    await shot(ops, 'dashboard-ops');
    await ops.close();
  });

  it('lets an operations user filter to high risk in one region, share the view, export it, and open a customer with reasons and history', async () => {
    const ops = await open('dash-ops@e2e.test');
    // The region with the most high-risk customers, so the filtered table has several rows.
    const region = [...dash.summary!.breakdowns.region!].sort((a, b) => b.high - a.high)[0]!;
    expect(region.high).toBeGreaterThan(1);

    await ops.getByTestId('filter-tier-high').check();
    await ops.waitForURL(/tier=high/);
    await ops.getByTestId('filter-region').selectOption(region.value!);
    await ops.waitForURL(/region=/);
    await ops.waitForFunction(
      (n) => document.querySelector('[data-testid=table-count] strong')?.textContent?.startsWith(`${n} customer`),
      region.high,
    );
    const rows = ops.getByTestId('at-risk-row');
    expect(await rows.count()).toBe(Math.min(25, region.high));
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-tier'))))).toEqual(
      new Set(['high']),
    );
    for (const cell of await texts(ops, '[data-testid=at-risk-row] td:nth-child(5)'))
      expect(cell).toContain(region.value);
    const url = new URL(ops.url());
    expect(url.searchParams.getAll('tier')).toEqual(['high']);
    expect(url.searchParams.get('region')).toBe(region.value);
    await ops.getByTestId('at-risk').scrollIntoViewIfNeeded();
    await shot(ops, 'dashboard-ops-filtered', false);

    // The URL is the view: opened afresh, it shows the same filters and rows.
    const again = await openPage(browser, {
      viewport: { width: 1366, height: 768 },
      storageState: await ops.context().storageState(),
    });
    await again.goto(ops.url());
    await expect(again.getByTestId('filter-tier-high').isChecked()).resolves.toBe(true);
    await expect(again.getByTestId('filter-region').inputValue()).resolves.toBe(region.value);
    expect(await again.getByTestId('at-risk-row').count()).toBe(await rows.count());
    await again.close();

    // The export carries the same filters and every matching customer, not only the page.
    const href = (await ops.getByTestId('export-csv').getAttribute('href'))!;
    expect(href).toContain('tier=high');
    const csv = await ops.request.get(`${baseURL}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="at-risk-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toMatch(/^customer_id,name,segment,region,tags,tier,probability/);
    expect(lines).toHaveLength(region.high + 1);
    for (const line of lines.slice(1)) expect(line).toMatch(new RegExp(`,${region.value},.*,high,[01]\\.\\d{4},`));

    // Open the first customer: the customer page shows its id, tier, the same reasons and a score history.
    const first = rows.first();
    const id = (await first.getAttribute('data-customer'))!;
    const reason = (await first.locator('td').nth(5).textContent())!.replace(/\+\d+ more$/, '').trim();
    await first.getByTestId('customer-link').click();
    await ops.waitForURL(`${baseURL}/customers/${encodeURIComponent(id)}`);
    await expect(ops.getByTestId('customer-id').textContent()).resolves.toBe(id);
    await expect(ops.getByTestId('customer-tier').textContent()).resolves.toBe('High risk');
    await expect(ops.getByTestId('customer-reasons').textContent()).resolves.toContain(reason);
    await ops.getByTestId('score-history').locator('svg').first().waitFor();
    expect(await ops.getByTestId('history-empty').count()).toBe(0);
    await shot(ops, 'dashboard-ops-customer');
    await ops.close();
  });

  it('moves the targeting simulator: customers targeted today, churners caught and false alarms from the evaluation', async () => {
    const ops = await open('dash-ops@e2e.test');
    const sim = ops.getByTestId('simulator');
    const at = (p: number) => simulateTargeting(p / 100, dash.summary!.histogram, dash.simulator!.evaluation);
    expect(dash.simulator?.evaluation?.threshold_curve).toHaveLength(101);
    // It starts at the high-risk threshold, which is marked on the slider beside the medium one.
    await expect(sim.getByTestId('sim-threshold').textContent()).resolves.toBe('45 %');
    await expect(sim.getByTestId('sim-targeted').textContent()).resolves.toContain(
      at(45).targeted.toLocaleString('en-US'),
    );
    const slider = sim.locator('input[type=range]');
    await slider.focus();
    for (let i = 0; i < 10; i++) await ops.keyboard.press('ArrowRight');
    const r = at(55);
    await expect(sim.getByTestId('sim-threshold').textContent()).resolves.toBe('55 %');
    await expect(sim.getByTestId('sim-targeted').textContent()).resolves.toContain(r.targeted.toLocaleString('en-US'));
    await expect(sim.getByTestId('sim-recall').textContent()).resolves.toContain(
      `${(100 * r.recall!).toFixed(r.recall! < 0.1 ? 1 : 0)} %`,
    );
    await expect(sim.getByTestId('sim-false-alarms').textContent()).resolves.toContain(
      r.falseAlarms!.toLocaleString('en-US'),
    );
    await expect(sim.getByTestId('sim-source').textContent()).resolves.toMatch(/cross-validated|out-of-time/);
    await sim.scrollIntoViewIfNeeded();
    await shot(ops, 'dashboard-simulator-moved', false);
    await sim.getByTestId('sim-mark-medium').click();
    await expect(sim.getByTestId('sim-threshold').textContent()).resolves.toBe('25 %');
    // "Show these customers" lists everyone at or above the threshold.
    await sim.getByTestId('sim-show').click();
    await ops.waitForURL(/minP=0\.25/);
    await ops.getByTestId('at-risk-row').first().waitFor();
    const probabilities = await texts(ops, '[data-testid=at-risk-row] td:nth-child(3) strong');
    for (const p of probabilities) expect(Number.parseInt(p!, 10)).toBeGreaterThanOrEqual(25);
    await ops.close();
  });

  it('shows a manager the same dashboard with nothing that changes data', async () => {
    const manager = await open('dash-manager@e2e.test');
    expect(new URL(manager.url()).pathname).toBe('/dashboard');
    await manager.getByTestId('at-risk-row').first().waitFor();
    await expect(manager.getByTestId('kpis').textContent()).resolves.toContain(
      dash.summary!.tiers.high.toLocaleString('en-US'),
    );
    // Server actions render hidden $ACTION inputs; the dashboard has none, and no submit besides the filters'.
    expect(await manager.locator('input[name^="$ACTION"]').count()).toBe(0);
    expect(
      await manager.locator('main button[type=submit]').evaluateAll((els) => els.map((e) => e.textContent)),
    ).toEqual(['Apply']);
    expect((await manager.request.get(`${baseURL}/api/dashboard/export?tier=high`)).status()).toBe(200);
    await shot(manager, 'dashboard-manager');
    await manager.close();
  });

  it('reads in Chinese and fits a phone', async () => {
    const ops = await open('dash-ops@e2e.test', PHONE);
    await ops.getByTestId('locale-switcher').selectOption('zh');
    await ops.waitForFunction(() => document.querySelector('h1')?.textContent === '风险看板');
    await ops.getByTestId('at-risk-row').first().waitFor();
    // Nothing wider than the screen: the table turns into cards rather than scrolling sideways.
    expect(await ops.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(ops, 'dashboard-phone-zh');
    await ops.getByTestId('locale-switcher').selectOption('en');
    await ops.waitForFunction(() => document.querySelector('h1')?.textContent === 'Risk dashboard');
    await ops.close();
  });

  it('says what to do next in a workspace that has customers but no scores yet', async () => {
    const admin = await open(e2eEmail('admin'));
    await admin.goto(`${baseURL}/dashboard`);
    const empty = admin.getByRole('main').getByTestId('dashboard-empty');
    await expect(empty.getAttribute('data-state')).resolves.toBe('no-scores');
    await expect(empty.textContent()).resolves.toMatch(/holds \d+ customers, but none has been scored/);
    await expect(empty.locator('a[href="/models"]').count()).resolves.toBe(1);
    await shot(admin, 'dashboard-empty-admin');
    // The admin is a manager in a second, empty workspace: switching lands on the dashboard there, which has
    // nothing to score and no step a manager could take.
    await admin.getByTestId('workspace-switcher').selectOption({ label: 'Second Shop (e2e-second)' });
    await admin.waitForFunction(() => document.querySelector('[data-testid=current-role]')?.textContent === 'Manager');
    await admin.waitForURL(`${baseURL}/dashboard`);
    const none = admin.getByRole('main').getByTestId('dashboard-empty');
    await expect(none.getAttribute('data-state')).resolves.toBe('no-data');
    await expect(none.textContent()).resolves.toContain('Ask an admin or the operations team');
    expect(await none.locator('a').count()).toBe(0);
    await shot(admin, 'dashboard-empty-manager');
    await admin.close();
    const ops = await open(e2eEmail('ops'));
    await expect(ops.getByRole('main').getByTestId('dashboard-empty').textContent()).resolves.toContain('Ask an admin');
    expect(await ops.getByRole('main').getByTestId('dashboard-empty').locator('a').count()).toBe(0);
    await ops.close();
    expect(fs.existsSync(path.join(SCREENSHOTS, 'dashboard-empty-admin.png'))).toBe(true);
  });

  it('says the figures are on their way when scores have no aggregates yet (scored before the dashboard existed)', async () => {
    await pool().query(`DELETE FROM dashboard_summaries WHERE workspace_id = $1`, [ws.id]);
    const ops = await open('dash-ops@e2e.test');
    const pending = ops.getByRole('main').getByTestId('dashboard-empty');
    await expect(pending.getAttribute('data-state')).resolves.toBe('pending');
    await expect(pending.textContent()).resolves.toContain('300 customers were scored before');
    await shot(ops, 'dashboard-pending');
    // The worker's throttled refresh runs a minute later; here it is run at once.
    await refreshDashboard(ws.id);
    await ops.getByRole('main').getByTestId('dashboard-empty').locator('a').click();
    // A full load streams: until React moves it into place, a hidden copy of the content sits outside <main>.
    await ops.getByRole('main').getByTestId('kpis').waitFor();
    await ops.close();
  });
});
