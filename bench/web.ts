/**
 * `npm run bench:web`: what the web app's inbox costs a user. Starts the bench stack (API and
 * worker as processes, with the built web app), seeds the demo data, and measures
 *  - the gzip size of the JavaScript (and CSS) the inbox route loads, as the API serves it;
 *  - the time until the inbox is usable (its task list shown) in Debian's chromium, from the
 *    navigation's start, cold (empty cache) and warm (the app's files cached), signed in as the
 *    demo coordinator.
 * Results print as a table and go to bench/results/web-*.json (git-ignored); bench/RESULTS.md
 * records a run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedDemoData } from '../scripts/demo-data';
import { launchChromium } from '../libs/devstack/src/chromium';
import { startBenchStack, type BenchStack } from './stack';
import { percentile } from './stats';

const root = resolve(__dirname, '..', '..');
const sorted = (list: number[]): number[] => [...list].sort((a, b) => a - b);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 15);

async function assetSizes(base: string): Promise<{ file: string; kind: 'js' | 'css'; bytes: number; gzip: number }[]> {
  const html = await (await fetch(`${base}/taken`)).text();
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(js|css))"/g)].map((m) => ({ path: m[1], kind: m[2] as 'js' | 'css' }));
  const out = [];
  for (const ref of refs) {
    const body = Buffer.from(await (await fetch(`${base}${ref.path}`)).arrayBuffer());
    out.push({ file: ref.path, kind: ref.kind, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length });
  }
  return out;
}

async function main(): Promise<void> {
  const log = (message: string): void => console.log(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${message}`);
  let stack: BenchStack | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  try {
    stack = await startBenchStack(log);
    const base = stack.api.url;
    await seedDemoData(base, stack.databaseUrl, log);
    const assets = await assetSizes(base);
    const js = assets.filter((a) => a.kind === 'js');
    const css = assets.filter((a) => a.kind === 'css');
    const sum = (list: typeof assets, key: 'bytes' | 'gzip') => list.reduce((n, a) => n + a[key], 0);

    const launched = await launchChromium();
    closeBrowser = launched.close;
    const context = await launched.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${base}/inloggen`);
    await page.getByLabel('Zoek op naam of organisatie').fill('Petra');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByRole('button', { name: /^Petra de Wit/ }).click();
    await page.waitForURL(/\/taken$/);

    const usable = async (cold: boolean): Promise<number> => {
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: cold });
      await page.goto('about:blank');
      await page.goto(`${base}/taken?weergave=team`);
      await page.locator('ul.task-list li').first().waitFor({ timeout: 30000 });
      return page.evaluate(() => performance.now());
    };
    await usable(false); // the demo's first inbox read warms the API's connections
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) cold.push(await usable(true));
    for (let i = 0; i < RUNS; i++) warm.push(await usable(false));
    const tasks = await page.locator('ul.task-list li').count();

    const result = {
      at: new Date().toISOString(),
      inbox: { jsBytes: sum(js, 'bytes'), jsGzip: sum(js, 'gzip'), cssBytes: sum(css, 'bytes'), cssGzip: sum(css, 'gzip'), files: assets },
      timeToUsableMs: {
        runs: RUNS,
        tasksShown: tasks,
        cold: { p50: percentile(sorted(cold), 50), p90: percentile(sorted(cold), 90), min: Math.min(...cold) },
        warm: { p50: percentile(sorted(warm), 50), p90: percentile(sorted(warm), 90), min: Math.min(...warm) },
      },
    };
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log('');
    console.log(`inbox route JavaScript: ${kb(result.inbox.jsBytes)} (${kb(result.inbox.jsGzip)} gzip); CSS ${kb(result.inbox.cssBytes)} (${kb(result.inbox.cssGzip)} gzip)`);
    console.log(`time until the inbox is usable (${tasks} tasks shown, ${RUNS} runs each):`);
    console.log(`  cold cache: p50 ${result.timeToUsableMs.cold.p50.toFixed(0)} ms, p90 ${result.timeToUsableMs.cold.p90.toFixed(0)} ms`);
    console.log(`  warm cache: p50 ${result.timeToUsableMs.warm.p50.toFixed(0)} ms, p90 ${result.timeToUsableMs.warm.p90.toFixed(0)} ms`);
    const out = join(root, 'bench', 'results', `web-${result.at.replace(/[:.]/g, '-')}.json`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(`written to ${out}`);
  } finally {
    await closeBrowser?.();
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
