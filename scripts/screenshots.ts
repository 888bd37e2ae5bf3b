/**
 * Screenshots of every page at the sizes people use: a 1080p TV, a 720p TV stick,
 * a 4K TV and a 390 px phone. For looking at the pages by eye after a change:
 *
 *   npm start                      # in another terminal (or any running board)
 *   WALLBOARD_USER=admin WALLBOARD_PASSWORD=... npm run screenshots -- http://127.0.0.1:3000 [out-dir]
 *
 * With access control on (the default), it signs in as WALLBOARD_USER first (a
 * manager or admin sees every page; `npm run users -- add shots --role manager`
 * makes one); with AUTH=off no sign-in is needed.
 * Writes <out-dir>/<page>-<width>x<height>.png (default test-artifacts/screens).
 * Uses Debian's chromium through playwright-core, like the browser tests.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 3840, height: 2160 },
  { width: 390, height: 844 },
] as const;

const PAGES = [
  { name: 'board', path: '/' },
  { name: 'day', path: '/day' },
  { name: 'plan', path: '/plan' },
  { name: 'agents', path: '/agents' },
] as const;

/** Lets the socket feed deliver and the charts finish their entry animation. */
const SETTLE_MS = 2500;

async function main(): Promise<void> {
  const [baseUrl = 'http://127.0.0.1:3000', outDir = 'test-artifacts/screens'] = process.argv.slice(2);
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: size });
      await signIn(context, baseUrl);
      for (const page of PAGES) {
        const tab = await context.newPage();
        await tab.goto(new URL(page.path, baseUrl).toString());
        await tab.waitForTimeout(SETTLE_MS);
        const file = path.join(outDir, `${page.name}-${size.width}x${size.height}.png`);
        await tab.screenshot({ path: file });
        console.log(file);
        await tab.close();
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

/** Signs the context in when the board asks for it; a clear stop when it asks and no one is named. */
async function signIn(context: BrowserContext, baseUrl: string): Promise<void> {
  const tab = await context.newPage();
  try {
    await tab.goto(new URL('/', baseUrl).toString());
    // the page itself goes to the sign-in when its session check fails
    await tab.waitForSelector('[data-testid="app-nav"], [data-testid="sign-in"]');
    if (!(await tab.isVisible('[data-testid="sign-in"]'))) return;
    const name = process.env.WALLBOARD_USER;
    const password = process.env.WALLBOARD_PASSWORD;
    if (!name || !password) {
      throw new Error('the board asks for a sign-in: set WALLBOARD_USER and WALLBOARD_PASSWORD (a manager or admin; `npm run users -- add shots --role manager` prints a password)');
    }
    await tab.fill('[data-testid="sign-in-name"]', name);
    await tab.fill('[data-testid="sign-in-password"]', password);
    await tab.click('[data-testid="sign-in-submit"]');
    await tab.waitForSelector('[data-testid="app-nav"], [data-testid="sign-in-problem"]');
    if (await tab.isVisible('[data-testid="sign-in-problem"]')) throw new Error(`could not sign in as ${name}: ${await tab.innerText('[data-testid="sign-in-problem"]').catch(() => 'no reason shown')}`);
  } finally {
    await tab.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
