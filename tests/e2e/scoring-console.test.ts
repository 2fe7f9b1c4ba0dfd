// The scoring panel on the models page end to end: a manager sees it read-only; an admin starts a scoring run
// through the ML worker, follows its progress to the tier counts, and gets field errors for bad thresholds.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb } from '../../lib/db';
import { launchBrowser, screenshot, signIn, openPage } from '../support/browser';
import { E2E_PASSWORD, seedScoringWorkspace } from '../support/e2e-data';

const baseURL = inject('baseURL');
const CUSTOMERS = 300;

let browser: Browser;
let admin: Page;
let manager: Page;

beforeAll(async () => {
  await seedScoringWorkspace(CUSTOMERS);
  browser = await launchBrowser();
  admin = await openPage(browser, { viewport: { width: 1366, height: 900 } });
  manager = await openPage(browser, { viewport: { width: 1366, height: 900 } });
  await signIn(admin, baseURL, 'scoring-admin@e2e.test', E2E_PASSWORD);
  await signIn(manager, baseURL, 'scoring-manager@e2e.test', E2E_PASSWORD);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

async function tierCounts(page: Page): Promise<{ high: number; medium: number; low: number }> {
  const count = async (tier: string) =>
    Number((await page.getByTestId('score-result').locator(`[data-tier=${tier}]`).textContent())!.replace(/\D/g, ''));
  return { high: await count('high'), medium: await count('medium'), low: await count('low') };
}

describe('scoring on the models page, in Chromium', () => {
  it('shows a manager the panel and the tiers, with no Score now button and no thresholds form', async () => {
    await manager.goto(`${baseURL}/models`);
    const panel = manager.getByTestId('scoring-panel');
    await expect(panel.textContent()).resolves.toContain('No scoring runs yet');
    expect(await manager.getByTestId('score-now').count()).toBe(0);
    expect(await manager.getByTestId('thresholds-form').count()).toBe(0);
    const tiers = (await manager.getByTestId('current-thresholds').textContent())!;
    expect(tiers).toContain('probability ≥ 80 %');
    expect(tiers).toContain('below 50 %');
    await screenshot(manager, 'manager-scoring-read-only');
  });

  it('lets an admin score now and follow the progress until the tier counts show', async () => {
    await admin.goto(`${baseURL}/models`);
    // Remember every progress value the bar shows, however briefly.
    await admin.evaluate(() => {
      const w = window as unknown as { seen: number[] };
      w.seen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid=score-progress] [role=progressbar]');
        if (bar) w.seen.push(Number(bar.getAttribute('aria-valuenow')));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await admin.getByTestId('score-now').click();
    await admin.getByTestId('score-progress').waitFor({ timeout: 15_000 });
    await screenshot(admin, 'admin-scoring-progress');
    await admin.getByTestId('score-result').waitFor({ timeout: 90_000 });

    const seen = await admin.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen.length).toBeGreaterThan(0);
    const result = (await admin.getByTestId('score-result').textContent())!;
    expect(result).toContain(`${CUSTOMERS} customers scored in`);
    const counts = await tierCounts(admin);
    expect(counts.high + counts.medium + counts.low).toBe(CUSTOMERS);
    const row = admin.getByTestId('score-run-succeeded');
    expect(await row.count()).toBe(1);
    await expect(row.textContent()).resolves.toContain('Console');
    // The button is back once the run has ended.
    expect(await admin.getByTestId('score-now').isDisabled()).toBe(false);
    await screenshot(admin, 'admin-scoring-done');

    // The manager now sees the run too, still without the button.
    await manager.goto(`${baseURL}/models`);
    await expect(manager.getByTestId('score-result').textContent()).resolves.toContain(`${CUSTOMERS} customers`);
    expect(await manager.getByTestId('score-now').count()).toBe(0);
  }, 120_000);

  it('names the field when the thresholds are wrong, and saves good ones for the next run', async () => {
    const form = admin.getByTestId('thresholds-form');
    await form.locator('input[name=high]').fill('40');
    await form.locator('input[name=medium]').fill('50');
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('threshold-error-high').textContent()).resolves.toBe(
      'High risk from: must be above the medium threshold (50 %)',
    );

    await form.locator('input[name=high]').fill('80');
    await form.locator('input[name=medium]').fill('0');
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('threshold-error-medium').textContent()).resolves.toBe(
      'Medium risk from: must be above 0 % and below 100 %',
    );
    expect(await form.getByTestId('threshold-error-high').count()).toBe(0);
    await screenshot(admin, 'admin-thresholds-error');

    await form.locator('input[name=high]').fill('75');
    await form.locator('input[name=medium]').fill('45');
    await form.locator('button[type=submit]').click();
    await expect(form.getByTestId('thresholds-saved').textContent()).resolves.toContain('next scoring run');
    await admin.waitForFunction(() =>
      document.querySelector('[data-testid=current-thresholds]')?.textContent?.includes('probability ≥ 75 %'),
    );
    expect(await form.locator('[role=alert]').count()).toBe(0);
  });
});
