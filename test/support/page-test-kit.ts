import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser } from './browser';

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
