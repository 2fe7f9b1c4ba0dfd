// The models page end to end: an admin of a workspace with a few hundred synthetic customers sees the empty
// registry, gets field errors for bad dates, trains a real model through the ML worker and the Python trainer,
// reads its charts and confusion matrix, and promotes it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemContext } from '../../lib/auth/context';
import { closeDb } from '../../lib/db';
import { createWorkspace, upsertMemberAsSystem } from '../../lib/workspaces/service';
import { launchBrowser, screenshot, signIn, openPage } from '../support/browser';
import { E2E_PASSWORD } from '../support/e2e-data';
import { insertChurnShop, type ShopDates } from '../support/ml-data';

const baseURL = inject('baseURL');
const EMAIL = 'models-admin@e2e.test';
const TRAINING_TIMEOUT = 240_000;

let browser: Browser;
let page: Page;
let dates: ShopDates;

beforeAll(async () => {
  const ws = await createWorkspace({ slug: 'e2e-models', name: 'Models Shop' });
  await upsertMemberAsSystem(systemContext(ws.id, ws.slug, 'e2e-seed'), {
    email: EMAIL,
    role: 'admin',
    password: E2E_PASSWORD,
  });
  dates = await insertChurnShop(ws.id, 400);
  browser = await launchBrowser();
  page = await openPage(browser, { viewport: { width: 1366, height: 900 } });
  await signIn(page, baseURL, EMAIL, E2E_PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await closeDb();
});

const form = () => page.getByTestId('train-form');

describe('the models page, in Chromium', () => {
  it('explains what to do while the registry is empty', async () => {
    await page.goto(`${baseURL}/models`);
    const empty = await page.getByTestId('models-empty').textContent();
    expect(empty).toContain('No models yet');
    expect(empty).toContain('npm run churn -- train --workspace e2e-models');
    await expect(page.getByTestId('training-runs').textContent()).resolves.toContain('No training runs yet');
    await screenshot(page, 'admin-models-empty');
  });

  it('shows date errors next to the snapshot date field', async () => {
    await form().locator('input[name=asOf]').fill('2025-02-31x');
    await form().locator('button[type=submit]').click();
    await expect(form().getByTestId('error-asOf').textContent()).resolves.toContain('expected a date');

    // A well-formed date whose 90-day label window runs past the newest purchase: the service refuses it.
    await form().locator('input[name=asOf]').fill(dates.end);
    await form().locator('button[type=submit]').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=error-asOf]')?.textContent?.includes('label window'),
    );
    const message = await form().getByTestId('error-asOf').textContent();
    expect(message).toContain('ends after the newest record');
    expect(await form().getByTestId('error-form').count()).toBe(0);
    await screenshot(page, 'admin-models-date-error');
  });

  it(
    'trains a model through the worker with live progress, then lists it',
    async () => {
      await form().locator('input[name=asOf]').fill(dates.asOf.join(', '));
      await form().locator('input[name=evalAsOf]').fill(dates.evalAsOf);
      await form().locator('select[name=algorithm]').selectOption('auto');
      await form().locator('button[type=submit]').click();
      await expect(form().getByRole('status').textContent()).resolves.toContain('Training started');
      expect(await form().getByTestId('error-asOf').count()).toBe(0);

      // The run shows while the worker is on it, with a stage once it is running.
      await page.locator('[data-testid=run-running], [data-testid=run-queued]').first().waitFor({ timeout: 15_000 });
      await page.getByTestId('run-running').locator('[role=progressbar]').waitFor({ timeout: 60_000 });
      // The run's own working snapshots are not listed as feature snapshots.
      await expect(page.getByTestId('features-panel').textContent()).resolves.toContain('No feature snapshots yet');
      await screenshot(page, 'admin-models-training');

      await page.getByTestId('run-succeeded').waitFor({ timeout: TRAINING_TIMEOUT - 30_000 });
      // The registry re-renders on its own once the run ends.
      await page.getByTestId('models-table').waitFor({ timeout: 15_000 });
      const table = (await page.getByTestId('models-table').textContent())!;
      expect(table).toContain('Candidate');
      expect(table).toContain('No purchase for 90 days after the snapshot');
      expect(table).toMatch(/0\.\d{3}/);
      await expect(page.getByTestId('champion-card').textContent()).resolves.toContain('No champion yet');
    },
    TRAINING_TIMEOUT,
  );

  it('says in plain words why the trainer refused a run', async () => {
    // Nobody in this shop ever cancels, so a cancellation label has no churners to learn from.
    await form().locator('select[name=kind]').selectOption('cancellation');
    await form().locator('select[name=algorithm]').selectOption('logreg');
    await form().locator('button[type=submit]').click();
    const failed = page.getByTestId('run-failed');
    await failed.waitFor({ timeout: 90_000 });
    const text = (await failed.textContent())!;
    expect(text).toContain('Training failed: Too few churners to train: 0 of 800 customers churned');
    expect(text).not.toContain('internal error');
    await screenshot(page, 'admin-models-run-refused');
  }, 120_000);

  it('shows the model: charts, confusion matrix, candidates and baseline; promotes it', async () => {
    await page.getByTestId('run-model-link').first().click();
    await page.waitForURL(/\/models\/[a-z0-9]+$/);
    await expect(page.getByTestId('model-status').textContent()).resolves.toBe('Candidate');
    await expect(page.getByTestId('metric-set').textContent()).resolves.toContain('out-of-time');
    for (const chart of ['roc-chart', 'pr-chart', 'calibration-chart']) {
      // Model, baseline (not on calibration) and reference: each a drawn SVG path.
      const lines = await page.getByTestId(chart).locator('.recharts-line path.recharts-curve').count();
      expect({ chart, lines: lines >= 2 }).toEqual({ chart, lines: true });
    }
    for (const tier of ['high', 'medium']) {
      const cells = await Promise.all(
        ['tp', 'fp', 'fn', 'tn'].map(async (k) =>
          Number((await page.getByTestId(`${tier}-${k}`).textContent())!.replace(/\D/g, '')),
        ),
      );
      expect(cells.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    }
    await expect(page.getByTestId('confusion-high').textContent()).resolves.toMatch(/Precision \d+\.\d %/);
    const candidates = await page.getByTestId('candidates-table').locator('tbody tr').count();
    expect(candidates).toBe(5); // XGBoost, random forest, logistic regression, their blend and the recency baseline
    await expect(page.getByTestId('feature-importance').textContent()).resolves.toContain('days');
    await screenshot(page, 'admin-model-candidate');

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('promote-model').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=model-status]')?.textContent === 'Champion');
    await expect(page.getByTestId('model-action-result').textContent()).resolves.toContain('now the champion');

    // With no earlier champion, a rollback is refused with the service's reason.
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('rollback-model').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=model-action-result]')?.textContent?.includes('no earlier champion'),
    );
    await page.waitForFunction(() => !document.querySelector('[data-testid=rollback-model]')?.hasAttribute('disabled'));
    await screenshot(page, 'admin-model-champion');
  });

  it('shows the champion on the registry and computes a feature snapshot with progress', async () => {
    await page.goto(`${baseURL}/models`);
    const card = (await page.getByTestId('champion-card').textContent())!;
    expect(card).toContain('Champion');
    expect(card).toContain('ROC-AUC, out-of-time');
    expect(card).toContain('No purchase for 90 days after the snapshot');
    await page.getByTestId('compute-features').click();
    await page.getByTestId('snapshot-succeeded').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('features-panel').textContent()).resolves.toMatch(/400 customers × \d+ features/);
    await screenshot(page, 'admin-models-registry');
  });

  it('reads in Chinese', async () => {
    await page.getByTestId('locale-switcher').selectOption('zh');
    await page.waitForFunction(() => document.body.innerText.includes('流失模型'));
    await screenshot(page, 'admin-models-registry-zh');
    await page.locator('[data-testid=champion-card] a').click();
    await page.waitForFunction(() => document.body.innerText.includes('混淆矩阵'));
    await screenshot(page, 'admin-model-zh');
    await page.getByTestId('locale-switcher').selectOption('en');
    await page.waitForFunction(() => document.body.innerText.includes('Confusion matrix'));
  });
});
