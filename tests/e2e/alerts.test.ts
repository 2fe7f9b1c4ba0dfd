// Alerts end to end: real scoring runs (through the worker) open alerts in a shop; an operations user works them
// in the inbox (assign with a due date, close with an outcome, mark read), sets their preference; a manager reads
// without acting; a marketer is refused; an admin tunes a rule and adds a webhook that receives a signed test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb } from '../../lib/db';
import { launchBrowser, screenshot, signIn, openPage } from '../support/browser';
import { E2E_PASSWORD, pretendEarlierLowScores, scoreThroughWorker, seedAlertsWorkspace } from '../support/e2e-data';

const baseURL = inject('baseURL');
const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

let browser: Browser;
let ops: Page;
let received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let hookServer: http.Server;
let hookUrl: string;

const page = async (email: string) => {
  const p = await openPage(browser, { viewport: { width: 1366, height: 900 } });
  await signIn(p, baseURL, email, E2E_PASSWORD);
  return p;
};
const navCount = async (p: Page) => {
  const badge = p.getByTestId('nav-count-alerts');
  return (await badge.count()) ? Number(await badge.textContent()) : 0;
};

beforeAll(async () => {
  const ws = await seedAlertsWorkspace();
  await scoreThroughWorker(ws);
  await pretendEarlierLowScores(ws);
  await scoreThroughWorker(ws);
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks/holdfast`;
  browser = await launchBrowser();
  ops = await page('alerts-ops@e2e.test');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => hookServer?.close(r));
  await closeDb();
});

describe('the alerts inbox, in Chromium', () => {
  it('refuses a marketer, who has no alerts entry in the navigation', async () => {
    const marketer = await page('alerts-marketer@e2e.test');
    expect(await marketer.locator('[data-nav="/alerts"]').count()).toBe(0);
    await marketer.goto(`${baseURL}/alerts`);
    await marketer.waitForURL(/\/forbidden\?need=alerts\.read/);
    await expect(marketer.locator('main').textContent()).resolves.toContain('alerts.read');
    await marketer.close();
  });

  it('shows an operations user the alerts the scoring runs opened, with the unread count beside Alerts', async () => {
    await ops.goto(`${baseURL}/alerts`);
    // Inside <main>: while a streamed page swaps in, React briefly holds a hidden copy of it elsewhere.
    const cards = ops.getByRole('main').getByTestId('alert');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(20);
    expect(await navCount(ops)).toBeGreaterThan(20);
    const first = (await cards.first().textContent())!;
    expect(first).toMatch(/(High|Medium|Low) risk/);
    expect(first).toMatch(/\d+ %/);
    expect(await ops.getByTestId('alert-reasons').count()).toBeGreaterThan(0);
    // The second run found risen probabilities: those alerts say what the probability was before.
    await expect(ops.getByTestId('alert-list').textContent()).resolves.toMatch(/\d+ % \(was \d+ %\)/);
    const link = await cards.first().getByTestId('alert-customer').getAttribute('href');
    expect(link).toMatch(/^\/customers\/SYN-\d{4}$/);
    await ops.getByTestId('next-page').waitFor();
    await screenshot(ops, 'ops-alerts-inbox');
  });

  it('assigns an alert with a due date, refusing one in the past', async () => {
    const card = ops.getByTestId('alert').first();
    const id = await card.getAttribute('data-alert');
    await card.getByTestId('open-assign').click();
    const form = card.getByTestId('assign-form');
    await form.locator('select[name=assigneeId]').selectOption({ label: 'Oscar Ortega (alerts-ops2@e2e.test)' });
    await form.locator('input[name=dueAt]').fill('2020-01-31');
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('error-dueAt').textContent()).resolves.toBe('Due date: must be today or later');
    await screenshot(ops, 'ops-alerts-assign-error');

    const due = isoDay(Date.now() + 7 * DAY);
    await form.locator('input[name=dueAt]').fill(due);
    await form.locator('button[type=submit]').click();
    const assigned = ops.locator(`[data-alert="${id}"] [data-testid=alert-assignee]`);
    await ops.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === 'Assigned to Oscar Ortega',
      `[data-alert="${id}"] [data-testid=alert-assignee]`,
    );
    expect(await assigned.textContent()).toBe('Assigned to Oscar Ortega');
    const dueText = await ops.locator(`[data-alert="${id}"] [data-testid=alert-due]`).textContent();
    expect(dueText).toBe(
      `Due ${new Date(due).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`,
    );

    // Oscar finds it under "Assigned to me".
    const oscar = await page('alerts-ops2@e2e.test');
    await oscar.goto(`${baseURL}/alerts?view=assigned`);
    await expect(oscar.getByTestId('alert').first().getAttribute('data-alert')).resolves.toBe(id);
    await expect(oscar.getByTestId('alert-assignee').first().textContent()).resolves.toBe('Assigned to you');
    await oscar.close();
  });

  it('closes another alert with an outcome and a note; it leaves the open list', async () => {
    const card = ops.getByTestId('alert').nth(1);
    const id = await card.getAttribute('data-alert');
    await card.getByTestId('open-close').click();
    const form = card.getByTestId('close-form');
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('error-outcome').textContent()).resolves.toBe('Outcome: choose how it ended');
    await form.locator('select[name=outcome]').selectOption('retained');
    await form.locator('textarea[name=note]').fill('Called; offered a loyalty discount.');
    await form.locator('button[type=submit]').click();
    await ops.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-status') === 'closed',
      `[data-alert="${id}"]`,
    );
    const outcome = (await ops.locator(`[data-alert="${id}"] [data-testid=alert-outcome]`).textContent())!;
    expect(outcome).toContain('Retained');
    expect(outcome).toContain('Called; offered a loyalty discount.');
    await screenshot(ops, 'ops-alerts-closed');

    await ops.goto(`${baseURL}/alerts?view=open`);
    await ops.getByTestId('alert').first().waitFor();
    expect(await ops.locator(`[data-alert="${id}"]`).count()).toBe(0);
  });

  it('marks one alert read, then all; the sidebar count follows and Unread is empty', async () => {
    await ops.goto(`${baseURL}/alerts?view=unread`);
    const before = await navCount(ops);
    await ops.getByTestId('mark-read').first().click();
    await ops.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=nav-count-alerts]')?.textContent ?? 0) === n,
      before - 1,
    );
    await ops.getByTestId('mark-all-read').click();
    await ops.getByTestId('alerts-empty').waitFor();
    await expect(ops.getByTestId('alerts-empty').textContent()).resolves.toContain('All caught up');
    expect(await navCount(ops)).toBe(0);
  });

  it('saves the operations user’s preference: one segment, daily digest, no email', async () => {
    await ops.goto(`${baseURL}/alerts/preferences`);
    const form = ops.getByTestId('preferences-form');
    await form.locator('select[name=segment]').selectOption('smb');
    await form.locator('input[name=cadence][value=daily]').check();
    await form.locator('input[name=email]').uncheck();
    await ops.getByTestId('save-preferences').click();
    await ops.getByTestId('preferences-saved').waitFor();
    await ops.reload();
    expect(await form.locator('select[name=segment]').inputValue()).toBe('smb');
    expect(await form.locator('input[name=cadence][value=daily]').isChecked()).toBe(true);
    expect(await form.locator('input[name=email]').isChecked()).toBe(false);
    await screenshot(ops, 'ops-alert-preferences');
  });

  it('lets a manager read every alert without task buttons', async () => {
    const manager = await page('alerts-manager@e2e.test');
    await manager.goto(`${baseURL}/alerts`);
    // Managers get no alerts until they opt in, and their empty inbox says so.
    await expect(manager.getByTestId('alerts-empty').textContent()).resolves.toContain('Your inbox is off');
    await manager.goto(`${baseURL}/alerts?view=all`);
    await manager.getByRole('main').getByTestId('alert').first().waitFor();
    expect(await manager.getByRole('main').getByTestId('alert').count()).toBe(20);
    expect(await manager.getByRole('main').getByTestId('open-assign').count()).toBe(0);
    expect(await manager.getByRole('main').getByTestId('open-close').count()).toBe(0);
    await screenshot(manager, 'manager-alerts-all');
    await manager.close();
  });
});

describe('alert settings, in Chromium', () => {
  let admin: Page;
  beforeAll(async () => {
    admin = await page('alerts-admin@e2e.test');
  });

  it('edits a rule’s threshold in percentage points, with a field error for a bad one', async () => {
    await admin.goto(`${baseURL}/settings/alerts`);
    const rule = admin.locator('[data-testid=rule][data-kind=probability_rise]');
    await expect(rule.textContent()).resolves.toContain('at least 20 percentage points');
    await expect(admin.locator('[data-testid=rule][data-kind=high_value_at_risk]').textContent()).resolves.toContain(
      'EUR',
    );
    await rule.locator('input[name=param]').fill('0');
    await rule.locator('button[type=submit]').click();
    await expect(rule.getByTestId('error-params').textContent()).resolves.toBe(
      'Minimum rise: must be above 0 and at most 100 percentage points',
    );
    await screenshot(admin, 'admin-alert-rules-error');
    await rule.locator('input[name=param]').fill('15');
    await rule.locator('button[type=submit]').click();
    await admin.waitForFunction(() =>
      document
        .querySelector('[data-testid=rule][data-kind=probability_rise]')
        ?.textContent?.includes('at least 15 percentage points'),
    );
  });

  it('adds a webhook, shows its secret once, and delivers a signed test to it', async () => {
    const add = admin.getByTestId('add-webhook');
    await add.locator('input[name=name]').fill('CRM');
    await add.locator('input[name=url]').fill('ftp://example.com');
    await add.locator('button[type=submit]').click();
    await expect(add.getByTestId('error-url').textContent()).resolves.toContain('URL: must be a full URL');

    await add.locator('input[name=url]').fill(hookUrl);
    await add.locator('button[type=submit]').click();
    const secret = (await admin.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    const row = admin.getByTestId('webhook');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('/hooks/holdfast');

    received = [];
    await row.getByTestId('test-webhook').click();
    await admin.locator('[data-testid=delivery][data-status=sent]').waitFor({ timeout: 30_000 });
    expect(received.length).toBe(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'test' });
    expect(received[0]!.headers['x-holdfast-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await screenshot(admin, 'admin-alert-settings');

    // After a reload the secret is gone for good.
    await admin.reload();
    expect(await admin.getByTestId('webhook-secret').count()).toBe(0);
    admin.once('dialog', (d) => void d.accept());
    await admin.getByTestId('delete-webhook').click();
    await admin.waitForFunction(() => !document.querySelector('[data-testid=webhook]'));
  });
});
