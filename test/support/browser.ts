import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Real headless Chromium for page tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download). Flags keep it off the network and
 * quiet: no update checks, sync, or QUIC probes that a sandboxed CI would block.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium. playwright gives every launch a throw-away profile directory,
 * and `openPage` a fresh context per page, so no state leaks between tests.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  /** uncaught exceptions and console errors seen on the page, for "no errors" assertions */
  errors: string[];
  close(): Promise<void>;
}

/** Opens `url` in a new context at a TV's 1920x1080 unless told otherwise. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number } = { width: 1920, height: 1080 },
  /** before the page opens `url` (page-test-kit.ts `signIn`) */
  prepare?: (page: Page) => Promise<void>,
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // the sign-in page's own 401 (who is this?) is not an error of the page under test
  await prepare?.(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The browser's "Failed to load resource" names no resource: the URL says which request failed.
    if (message.type() === 'error') errors.push(message.location().url ? `${message.text()} (${message.location().url})` : message.text());
  });
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

/** Saves a full-viewport screenshot as test-artifacts/<name> and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  await page.screenshot({ path: file });
  return file;
}
