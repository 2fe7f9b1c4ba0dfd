import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from './env';

export const SCREENSHOTS = path.join(ROOT, 'tests/.artifacts/screenshots');

/** Debian's Chromium, with the flags that keep it off the (closed) network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page whose goto and reload return only once every streamed Suspense section has been swapped in.
 * React batches those reveals, so right after `load` a hidden copy (`<div hidden id="S:n">`) can still sit at
 * the end of <body>, and a locator would find each element twice.
 */
export async function openPage(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
  const page = await browser.newPage(options);
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (...args) => {
    const response = await goto(...args);
    await waitForStreamedSections(page);
    return response;
  };
  page.reload = async (...args) => {
    const response = await reload(...args);
    await waitForStreamedSections(page);
    return response;
  };
  return page;
}

export async function waitForStreamedSections(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'), undefined, { timeout: 20_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function signIn(page: Page, baseURL: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseURL}/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  // Each role lands on its own first page ('/' redirects there), so wait until the browser has left both.
  await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/', { timeout: 20_000 });
  await waitForStreamedSections(page);
}
