import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, signIn, openPage } from '../support/browser';
import { E2E_PASSWORD, e2eEmail } from '../support/e2e-data';

const baseURL = inject('baseURL');
const NAV: Record<string, string[]> = {
  admin: [
    '/dashboard',
    '/customers',
    '/alerts',
    '/imports',
    '/models',
    '/settings/members',
    '/settings/api-keys',
    '/settings/alerts',
    '/settings/audit',
  ],
  ops: ['/dashboard', '/customers', '/alerts', '/imports'],
  marketer: ['/customers'],
  manager: ['/dashboard', '/customers', '/alerts', '/models'],
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('signing in, in Chromium', () => {
  for (const role of Object.keys(NAV)) {
    it(`${role} signs in and sees the ${role} navigation`, async () => {
      const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
      await signIn(page, baseURL, e2eEmail(role), E2E_PASSWORD);
      const nav = await page.locator('nav [data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));
      expect(nav).toEqual(NAV[role]);
      // Each role lands on its first page: marketers may not read the risk dashboard.
      expect(new URL(page.url()).pathname).toBe(NAV[role]![0]);
      await expect(page.getByTestId('current-role').textContent()).resolves.toBeTruthy();
      const file = await screenshot(page, `${role}-home`);
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      await page.close();
    });
  }

  it('refuses a wrong password with a message and stays on the sign-in page', async () => {
    const page = await openPage(browser);
    await page.goto(`${baseURL}/login`);
    await page.fill('input[name=email]', e2eEmail('ops'));
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await expect(page.locator('.notice.error').textContent()).resolves.toContain('not right');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-failed');
    await page.close();
  });

  it('ops reveals a masked customer, and the reveal is audited for the admin to see', async () => {
    const ops = await openPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(ops, baseURL, e2eEmail('ops'), E2E_PASSWORD);
    await ops.goto(`${baseURL}/customers`);
    const row = ops.locator('tr', { hasText: 'CUST-001' });
    await expect(row.textContent()).resolves.toContain('A** L*******');
    await ops.getByTestId('reveal-CUST-001').click();
    await ops.waitForFunction(() => document.body.innerText.includes('Ada Lovelace'));
    await screenshot(ops, 'ops-customers-revealed');
    await ops.close();

    const admin = await openPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(admin, baseURL, e2eEmail('admin'), E2E_PASSWORD);
    await admin.goto(`${baseURL}/settings/audit?action=customer.reveal_pii`);
    await expect(admin.getByTestId('audit-table').textContent()).resolves.toContain(e2eEmail('ops'));
    await screenshot(admin, 'admin-audit');
    await admin.close();
  });

  it('admin adds a member, creates an API key shown once, switches language and workspace, and signs out', async () => {
    const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(page, baseURL, e2eEmail('admin'), E2E_PASSWORD);
    await page.goto(`${baseURL}/settings/members`);
    const form = page.getByTestId('add-member-form');
    await form.locator('input[name=email]').fill('new.hire@e2e.test');
    await form.locator('select[name=role]').selectOption('marketer');
    await form.locator('button[type=submit]').click();
    await expect(form.getByRole('status').textContent()).resolves.toMatch(
      /new\.hire@e2e\.test was added as Marketer\. Their one-time password is \S+/,
    );
    await page.waitForSelector('[data-testid="member-new.hire@e2e.test"]');
    await screenshot(page, 'admin-members');

    await page.goto(`${baseURL}/settings/api-keys`);
    await page.fill('input[name=name]', 'crm-sync');
    await page.click('form button[type=submit]');
    const key = (await page.getByTestId('new-api-key').locator('code').textContent())!;
    expect(key).toMatch(/^hf_/);
    const me = await fetch(`${baseURL}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
    expect(me.status).toBe(403); // only customers.read was ticked
    const list = await fetch(`${baseURL}/api/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    expect(list.status).toBe(200);
    await screenshot(page, 'admin-api-keys');
    await page.reload();
    expect(await page.content()).not.toContain(key);

    await page.getByTestId('locale-switcher').selectOption('zh');
    await page.waitForFunction(() => document.body.innerText.includes('审计日志'));
    await screenshot(page, 'admin-api-keys-zh');
    await page.getByTestId('locale-switcher').selectOption('en');
    await page.waitForFunction(() => document.body.innerText.includes('Audit log'));

    await page.getByTestId('workspace-switcher').selectOption({ label: 'Second Shop (e2e-second)' });
    await page.waitForFunction(() => document.querySelector('[data-testid=current-role]')?.textContent === 'Manager');
    const nav = await page.locator('nav [data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));
    expect(nav).toEqual(NAV.manager);
    await screenshot(page, 'admin-as-manager-in-second-workspace');

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${baseURL}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });
});
