import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../libs/devstack/src/chromium';
import { endJourneysStartedSince, sql, startApi, startWorker } from './stack';

export { launchChromium };

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: string[];
}

/** axe-core (the npm package's axe.min.js, injected) on the page as it is now: WCAG 2.x A and AA. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, WCAG_TAGS);
}

const ROOT = resolve(__dirname, '..', '..');

/** `npm test` builds first; a single browser test file run without a build builds the web app here. */
export function ensureWebAppBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'web', 'index.html'))) return;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
}

/** axe-core on a page as it is once loaded, and a screenshot of it; the violations collect for the test to assert none. */
export function pageChecks(runId: string, prefix: string) {
  const shots = screenshotDir(runId);
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  return {
    shots,
    violations,
    async check(page: Page, name: string): Promise<void> {
      await page.waitForLoadState('networkidle');
      const found = await axeViolations(page);
      if (found.length) violations.push({ page: name, violations: found });
      await page.screenshot({ path: join(shots, `${prefix}-${name}.png`), fullPage: true });
    },
  };
}

/** Signs in as a seeded user (through the OpenID provider, from the sign-in page where `path` sent the signed-out browser), and waits to be back at `path`. */
export async function signInThroughPage(page: Page, base: string, path: string, userName: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await signInAsDemoUser(page, userName);
  await page.waitForURL(new RegExp(`${path.replace(/[/?]/g, '\\$&')}$`));
}

/** Where the browser tests write their screenshots (git-ignored). */
export function screenshotDir(runId: string): string {
  const dir = resolve(__dirname, '..', '..', 'dist', 'test-output', 'web', runId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Fills a form rendered from a task's schema with a payload, as a user would: choices by their
 * code (radio, checkbox or select), yes/no boxes ticked, numbers, dates and text typed.
 */
export async function fillPayload(page: Page, payload: Record<string, unknown>): Promise<void> {
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) {
      for (const item of value) await page.locator(`input[name="${name}"][value="${String(item)}"]`).check();
      continue;
    }
    if (typeof value === 'boolean') {
      if (value) await page.locator(`input[name="${name}"]`).check();
      continue;
    }
    const field = page.locator(`[name="${name}"]`).first();
    const kind = await field.evaluate((el) => `${el.tagName.toLowerCase()}:${(el as unknown as { type?: string }).type ?? ''}`);
    if (kind === 'input:radio') await page.locator(`input[name="${name}"][value="${String(value)}"]`).check();
    else if (kind.startsWith('select')) await field.selectOption(String(value));
    else await field.fill(String(value));
  }
}

/**
 * Signs a seeded user in as a person does, from the web app's sign-in page where a signed-out page
 * sent it: on to the run's OpenID provider (authorization code with PKCE), where the user is found
 * by name and picked; the provider then sends the browser back to the app.
 */
export async function signInAsDemoUser(page: Page, name: string): Promise<void> {
  await page.waitForURL(/\/inloggen\?terug=/);
  await page.getByRole('button', { name: 'Inloggen via uw organisatie' }).click();
  await pickAtProvider(page, name);
}

/** The heading of the development OpenID provider's sign-in page. */
export const PROVIDER_SIGN_IN_HEADING = 'Inloggen bij de ontwikkelomgeving';

/** At the OpenID provider's sign-in page: searches the user by name and picks it. */
export async function pickAtProvider(page: Page, name: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: PROVIDER_SIGN_IN_HEADING }).waitFor();
  await page.getByLabel('Zoek op naam of organisatie').fill(name);
  await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
  await page.getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} – `) }).click();
}

/** How wide the page is drawn: no wider than the window, or a phone user scrolls sideways. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}

/** What a browser test runs against: the worker, the API listening at `base`, the database and chromium. */
export interface BrowserStack {
  worker: INestApplicationContext;
  api: NestFastifyApplication;
  db: PgClient;
  browser: Browser;
  base: string;
  /** Ends the journeys started since, then closes chromium, the API, the worker and the database client. */
  close(): Promise<void>;
}

export async function startBrowserStack(apiOverrides: Record<string, string> = {}): Promise<BrowserStack> {
  const startedAt = new Date();
  ensureWebAppBuilt();
  const [worker, api, db] = await Promise.all([startWorker(), startApi(apiOverrides), sql()]);
  await api.listen(0, '127.0.0.1');
  const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  const { browser, close: closeBrowser } = await launchChromium();
  return {
    worker,
    api,
    db,
    browser,
    base,
    async close() {
      await endJourneysStartedSince(startedAt);
      await closeBrowser();
      await api.close();
      await worker.close();
      await db.end();
    },
  };
}

/**
 * A new tab signed in as a user through the OpenID provider, as a person would: it opens `path`, is
 * sent to sign in, picks the user at the provider and comes back to `path`. Script errors go to `errors`.
 */
export async function signedInTab(
  browser: Browser,
  base: string,
  user: string,
  { viewport, path = '/taken', errors }: { viewport: { width: number; height: number }; path?: string; errors: string[] },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${user}: ${error.message}`));
  await page.goto(`${base}${path}`);
  await signInAsDemoUser(page, user);
  await page.waitForURL((url) => url.pathname === path);
  return page;
}

/**
 * Waits until `done` holds, pressing "Opnieuw proberen" when the app offers it (the API answered
 * 503 on a busy machine; the retry sends the same Idempotency-Key, as a user would).
 */
export async function untilDone(page: Page, done: () => Promise<boolean>, what: string, timeoutMs = 120000): Promise<void> {
  const retry = page.getByRole('button', { name: 'Opnieuw proberen' });
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done on ${page.url()}: ${await page.locator('main').innerText()}`);
    if (await retry.isVisible()) await retry.click();
    await page.waitForTimeout(250);
  }
}
