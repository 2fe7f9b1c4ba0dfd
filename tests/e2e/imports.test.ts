import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot, signIn, openPage } from '../support/browser';
import { E2E_PASSWORD, e2eEmail } from '../support/e2e-data';

const baseURL = inject('baseURL');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('the imports page, in Chromium', () => {
  it('uploads a file, shows progress and a summary, and offers the rejected rows as CSV', async () => {
    const file = path.join(os.tmpdir(), `hf-e2e-events-${process.pid}.csv`);
    const rows = ['customer_id,occurred_at,type,value'];
    for (let i = 0; i < 3000; i++)
      rows.push(`CUST-00${(i % 3) + 1},2026-01-01T00:${String(i % 60).padStart(2, '0')}:00Z,session,${i}`);
    rows.push('CUST-001,not-a-date,session,1', 'GHOST,2026-01-01,login,', 'CUST-002,2026-01-02,login,abc');
    fs.writeFileSync(file, rows.join('\n') + '\n');

    const page = await openPage(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(page, baseURL, e2eEmail('ops'), E2E_PASSWORD);
    await page.goto(`${baseURL}/imports`);
    await screenshot(page, 'ops-imports-empty');
    const form = page.getByTestId('import-form');
    await form.locator('select[name=kind]').selectOption('events');
    await form.locator('input[type=file]').setInputFiles(file);
    await form.locator('button[type=submit]').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    const text = await summary.textContent();
    expect(text).toMatch(/imported/);
    expect(text).toMatch(/3,000 inserted · 0 updated · 0 skipped \(duplicate or unchanged\) · 3 rejected/);
    const href = await summary.getByTestId('download-rejections').getAttribute('href');
    const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const csv = await (await fetch(`${baseURL}${href}`, { headers: { cookie: cookies } })).text();
    expect(csv.split('\n')[0]).toBe('line,field,reason');
    expect(csv).toMatch(/^3002,occurred_at,/m);
    expect(csv).toMatch(/^3003,customer_id,"unknown customer ""GHOST""/m);
    expect(csv).toMatch(/^3004,value,/m);
    await page.waitForSelector('[data-testid=imports-table]');
    await screenshot(page, 'ops-imports-done');
    await page.close();
    fs.rmSync(file, { force: true });
  });
});
