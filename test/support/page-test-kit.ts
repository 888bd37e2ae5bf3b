import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { PersonRole } from '../../shared/roles';
import { launchBrowser } from './browser';
import { credentialsFor, type TestServer } from './test-credentials';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** Builds the page if this file runs alone (`npm test` builds it first). */
export function ensureClientBuilt(): void {
  if (!existsSync(`${DIST}/index.html`)) execFileSync('npx', ['vite', 'build', 'client'], { cwd: ROOT, stdio: 'inherit' });
}

export interface PageTestKit {
  /** the Chromium of this test file (launched in beforeAll) */
  browser(): Browser;
  /** runs after the current test, last registered first */
  cleanup(step: () => Promise<void>): void;
}

/**
 * The shared lifecycle of a browser test file: the built page, one Chromium for
 * the file, and per-test cleanups (servers, pages) undone in reverse order.
 */
export function usePageTestKit(): PageTestKit {
  let browser: Browser | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    ensureClientBuilt();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    cleanup(step) {
      cleanups.push(step);
    },
  };
}

/** The trimmed text of the one element matching `selector` (more than one is an error). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).textContent())?.trim() ?? '';
}

/** Waits until the element's trimmed text is exactly `expected`. */
export async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent?.trim() === want,
    [selector, expected] as const,
  );
}

let people = 0;

/**
 * Signs the page's browser context in on `server`, as the pages are used: a
 * person through the sign-in page (a user of `as` made for the test), or a TV
 * through its kiosk link (`kiosk`: a viewer token in `/?token=`, swapped for a
 * cookie). Go to the page under test next.
 */
export async function signIn(page: Page, server: TestServer & { url: string }, as: PersonRole | 'kiosk'): Promise<void> {
  if (as === 'kiosk') {
    // the link as a TV opens it, through the context's cookie jar, without loading (and joining) a board yet
    const { secret } = await credentialsFor(server, 'viewer');
    const swapped = await page.request.get(`${server.url}/?token=${secret}`, { maxRedirects: 0 });
    if (swapped.status() !== 303 || swapped.headers().location !== '/') throw new Error(`kiosk link answered ${swapped.status()}`);
    return;
  }
  if (!('auth' in server) || !server.auth) throw new Error('a person signs in on a server started in the test');
  const name = `page-${as}-${++people}`;
  const password = `password-of-${name}`;
  await server.auth.accounts.addUser({ name: 'page test', address: null }, name, as, password);
  await page.goto(`${server.url}/signin`);
  await page.fill('[data-testid="sign-in-name"]', name);
  await page.fill('[data-testid="sign-in-password"]', password);
  await page.click('[data-testid="sign-in-submit"]');
  await page.waitForSelector('[data-testid="app-nav"]');
}
