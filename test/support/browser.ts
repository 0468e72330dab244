import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (scripts/ensure-chromium.sh installs it); playwright cannot download its own here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium headless, as on a fresh machine: no GPU, no QUIC, no background traffic, a fresh profile. */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'placement-chromium-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

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
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  }, WCAG_TAGS);
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
    const kind = await field.evaluate((el) => `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type ?? ''}`);
    if (kind === 'input:radio') await page.locator(`input[name="${name}"][value="${String(value)}"]`).check();
    else if (kind.startsWith('select')) await field.selectOption(String(value));
    else await field.fill(String(value));
  }
}
