/**
 * `npm run bench:web`: what each route of the web app costs a user on a slow phone, against the
 * budget of issue 28. Starts the bench stack (API and worker as processes, the built web app),
 * seeds the demo data, and for each route measures in Debian's chromium
 *  - the brotli bytes of the JavaScript and CSS the route loads: the bodies of the script and style
 *    sheet responses as they came over the network (the browser asks for `br`), from a cold cache;
 *  - the time to usable: from the navigation's start until the route's own content is visible,
 * under CDP throttling (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, the CPU 4x slower),
 * cold cache, the median of BENCH_WEB_RUNS runs (default 5).
 *
 * BENCH_WEB_BEFORE=<git commit> builds that commit's web app into a temporary folder and serves it
 * from a second API on the same stack (WEB_APP_DIR), so before and after are measured in the same
 * run, alternately (before, after, before, after), and load on the machine touches both alike.
 * Results print as a table and go to bench/results/web-*.json (git-ignored); bench/RESULTS.md
 * records a run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { seedDemoData } from '../scripts/demo-data';
import { launchChromium } from '../libs/devstack/src/chromium';
import { startBenchStack, type BenchStack } from './stack';
import { percentile } from './stats';

const root = resolve(__dirname, '..', '..');
const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 5));
const BEFORE = process.env.BENCH_WEB_BEFORE?.trim() || undefined;

/** The throttling of the budget: a slow phone on a slow line. */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;

/** The budget (issue 28): the inbox's JavaScript and CSS at most 150 KB compressed; usable in 2 s, the dashboard in 3 s. */
const INBOX_BYTES_BUDGET = 150 * 1024;
const USABLE_BUDGET_MS = 2000;
const DASHBOARD_USABLE_BUDGET_MS = 3000;

type Who = 'coordinator' | 'employer';

interface Route {
  name: string;
  who: Who;
  /** The path, or how to find it from the ids the demo data made. */
  path: string | ((ids: Ids) => string);
  /** What shows that the route is usable: its own content, not the frame or a loading message. */
  usable: string;
  bytesBudget?: number;
  msBudget: number;
}

interface Ids {
  taskPath: string;
  journeyPath: string;
}

const ROUTES: Route[] = [
  { name: 'inbox', who: 'coordinator', path: '/taken', usable: 'ul.task-list li', bytesBudget: INBOX_BYTES_BUDGET, msBudget: USABLE_BUDGET_MS },
  { name: 'dashboard', who: 'coordinator', path: '/dashboard', usable: '.figure .chart svg', msBudget: DASHBOARD_USABLE_BUDGET_MS },
  { name: 'task', who: 'coordinator', path: (ids) => ids.taskPath, usable: 'form.task-form button[type=submit]', msBudget: USABLE_BUDGET_MS },
  { name: 'journey', who: 'coordinator', path: (ids) => ids.journeyPath, usable: 'ol.timeline li', msBudget: USABLE_BUDGET_MS },
  { name: 'referrals', who: 'coordinator', path: '/aanmeldingen', usable: 'main table tbody tr', msBudget: USABLE_BUDGET_MS },
  { name: 'notifications', who: 'coordinator', path: '/meldingen', usable: 'ul.notification-list li', msBudget: USABLE_BUDGET_MS },
  { name: 'venues', who: 'coordinator', path: '/plekken', usable: 'main table tbody tr', msBudget: USABLE_BUDGET_MS },
  { name: 'employer: workplaces (phone)', who: 'employer', path: '/werkplekken',
    // Its workplaces, or (the demo's employers have none yet) the sentence saying so above the one that is always there.
    usable: 'ul.card-list li, main p.utrecht-paragraph:not([role]) + p.utrecht-paragraph',
    msBudget: USABLE_BUDGET_MS },
];

/** Who signs in, by the name the development sign-in page lists. */
const USERS: Record<Who, { search: string; name: RegExp; viewport: { width: number; height: number } }> = {
  coordinator: { search: 'Petra', name: /^Petra de Wit/, viewport: { width: 1280, height: 900 } },
  employer: { search: 'Henk', name: /^Henk de Graaf/, viewport: { width: 390, height: 844 } },
};

type Side = 'before' | 'after';

interface Sample {
  bytes: number;
  files: { url: string; encoding: string; bytes: number }[];
  usableMs: number;
}

/** A signed-in tab on one side's API, throttled, with its own CDP session. */
interface Tab {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  base: string;
}

const log = (message: string): void => console.log(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${message}`);

/**
 * The web app of an earlier commit, built into a temporary folder with this checkout's packages:
 * the commit's files (git archive), node_modules linked, its own vite config (which writes the
 * brotli and gzip siblings the API serves when the commit has them).
 */
function buildWebAppOf(commit: string): { dir: string; commit: string; remove: () => void } {
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--verify', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  const work = mkdtempSync(join(tmpdir(), `placement-web-${sha.slice(0, 7)}-`));
  const remove = () => rmSync(work, { recursive: true, force: true });
  try {
    const archive = join(work, 'source.tar');
    execFileSync('git', ['-C', root, 'archive', '--format=tar', '-o', archive, sha]);
    execFileSync('tar', ['-xf', archive, '-C', work]);
    rmSync(archive);
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
    log(`building the web app of ${sha.slice(0, 7)} in ${work}`);
    execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', join(work, 'apps', 'web', 'vite.config.mts'), '--logLevel', 'warn'], {
      cwd: work,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return { dir: join(work, 'dist', 'web'), commit: sha, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

async function openTab(browser: Browser, base: string, who: Who): Promise<Tab> {
  const user = USERS[who];
  const context = await browser.newContext({ viewport: user.viewport, locale: 'nl-NL', extraHTTPHeaders: { 'accept-encoding': 'br' } });
  const page = await context.newPage();
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('Zoek op naam of organisatie').fill(user.search);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.getByRole('button', { name: user.name }).click();
  await page.waitForURL(/\/taken$/);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return { context, page, cdp, base };
}

async function throttle(tab: Tab, on: boolean): Promise<void> {
  await tab.cdp.send('Network.emulateNetworkConditions', on ? NETWORK : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await tab.cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? CPU_SLOWDOWN : 1 });
}

/** One cold load of a route: the script and style bytes as transferred, and the time until its content is visible. */
async function measure(tab: Tab, path: string, usable: string): Promise<Sample> {
  const { page, cdp } = tab;
  await throttle(tab, false);
  await page.goto('about:blank');
  await cdp.send('Network.clearBrowserCache');
  await throttle(tab, true);
  const responses = new Map<string, { url: string; encoding: string; length?: number }>();
  const finished = new Map<string, number>();
  const onResponse = (event: { requestId: string; type?: string; response: { url: string; headers: Record<string, string> } }) => {
    if (event.type !== 'Script' && event.type !== 'Stylesheet') return;
    const header = (name: string) => Object.entries(event.response.headers).find(([k]) => k.toLowerCase() === name)?.[1];
    const length = header('content-length');
    responses.set(event.requestId, { url: new URL(event.response.url).pathname, encoding: header('content-encoding') ?? 'identity', length: length ? Number(length) : undefined });
  };
  const onFinished = (event: { requestId: string; encodedDataLength: number }) => finished.set(event.requestId, event.encodedDataLength);
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  try {
    await page.goto(`${tab.base}${path}`);
    await page.locator(usable).first().waitFor({ state: 'visible', timeout: 60000 });
    const usableMs = await page.evaluate(() => performance.now());
    // Every script the route asked for has arrived once its content shows; wait for the last few bytes' events.
    await page.waitForLoadState('load');
    await new Promise((r) => setTimeout(r, 300));
    const files = [...responses.entries()].map(([id, r]) => ({ url: r.url, encoding: r.encoding, bytes: r.length ?? finished.get(id) ?? 0 }));
    return { bytes: files.reduce((n, f) => n + f.bytes, 0), files, usableMs };
  } finally {
    cdp.off('Network.responseReceived', onResponse);
    cdp.off('Network.loadingFinished', onFinished);
    await throttle(tab, false);
  }
}

const median = (list: number[]): number => percentile([...list].sort((a, b) => a - b), 50);
const kb = (n: number | undefined): string => (n === undefined ? '–' : `${(n / 1024).toFixed(1)} KB`);
const ms = (n: number | undefined): string => (n === undefined ? '–' : `${Math.round(n).toLocaleString('en-GB')} ms`);

async function main(): Promise<void> {
  let stack: BenchStack | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  const before = BEFORE ? buildWebAppOf(BEFORE) : undefined;
  try {
    stack = await startBenchStack(log);
    await seedDemoData(stack.api.url, stack.databaseUrl, log);
    const bases: Partial<Record<Side, string>> = { after: stack.api.url };
    if (before) bases.before = (await stack.startApi({ WEB_APP_DIR: before.dir })).url;
    const sides: Side[] = before ? ['before', 'after'] : ['after'];

    const launched = await launchChromium();
    closeBrowser = launched.close;
    const tabs = new Map<string, Tab>();
    for (const side of sides) for (const who of Object.keys(USERS) as Who[]) tabs.set(`${side}:${who}`, await openTab(launched.browser, bases[side]!, who));

    // The demo's ids: the coordinator's first task and its journey, as the inbox links to them.
    const first = tabs.get('after:coordinator')!.page;
    await first.goto(`${bases.after}/taken`);
    const taskPath = (await first.locator('a.task-list__title').first().getAttribute('href'))!;
    const ids: Ids = { taskPath, journeyPath: `/trajecten/${taskPath.split('/')[2]}` };
    log(`task page ${ids.taskPath}, journey page ${ids.journeyPath}`);

    const samples = new Map<string, Sample[]>();
    for (const route of ROUTES) for (const side of sides) samples.set(`${route.name}:${side}`, []);
    // The API's first reads warm its connections: one unmeasured load of each route per side.
    for (const route of ROUTES) {
      const path = typeof route.path === 'string' ? route.path : route.path(ids);
      for (const side of sides) await measure(tabs.get(`${side}:${route.who}`)!, path, route.usable);
    }
    for (let run = 1; run <= RUNS; run++) {
      for (const route of ROUTES) {
        const path = typeof route.path === 'string' ? route.path : route.path(ids);
        for (const side of sides) samples.get(`${route.name}:${side}`)!.push(await measure(tabs.get(`${side}:${route.who}`)!, path, route.usable));
      }
      log(`run ${run}/${RUNS} done`);
    }

    const rows = ROUTES.map((route) => {
      const of = (side: Side) => samples.get(`${route.name}:${side}`);
      const summary = (side: Side) => {
        const list = of(side);
        if (!list?.length) return undefined;
        return { bytes: median(list.map((s) => s.bytes)), usableMs: median(list.map((s) => s.usableMs)), usableRunsMs: list.map((s) => Math.round(s.usableMs)), files: list[0].files };
      };
      const after = summary('after')!;
      const pass = after.usableMs <= route.msBudget && (route.bytesBudget === undefined || after.bytes <= route.bytesBudget);
      return { route: route.name, path: typeof route.path === 'string' ? route.path : route.path(ids), budget: { bytes: route.bytesBudget, usableMs: route.msBudget }, before: summary('before'), after, pass };
    });

    const uncompressed = rows.flatMap((r) => [...(r.before?.files ?? []), ...r.after.files]).filter((f) => f.encoding !== 'br');
    if (uncompressed.length) log(`not brotli: ${uncompressed.map((f) => `${f.url} (${f.encoding})`).join(', ')}`);

    const budget = (r: (typeof rows)[number]) => [r.budget.bytes ? `≤ ${kb(r.budget.bytes)}` : '', `≤ ${(r.budget.usableMs / 1000).toFixed(1)} s`].filter(Boolean).join(', ');
    const table = [
      '| route | before bytes | after bytes | before ms | after ms | budget | after |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.route} \`${r.path.replace(/[0-9a-f-]{36}/g, '…')}\` | ${kb(r.before?.bytes)} | ${kb(r.after.bytes)} | ${ms(r.before?.usableMs)} | ${ms(r.after.usableMs)} | ${budget(r)} | ${r.pass ? 'pass' : 'FAIL'} |`),
    ].join('\n');
    const result = {
      at: new Date().toISOString(),
      runs: RUNS,
      before: before?.commit,
      after: execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
      throttling: { ...NETWORK, cpuSlowdown: CPU_SLOWDOWN },
      loadAverage: loadavg(),
      rows,
    };
    console.log('');
    console.log(`JavaScript + CSS as transferred (brotli), and the median time to usable of ${RUNS} cold runs, throttled (1.6 Mbit/s, 150 ms, CPU 4x):`);
    console.log(table);
    const out = join(root, 'bench', 'results', `web-${result.at.replace(/[:.]/g, '-')}.json`);
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...result, table }, null, 2)}\n`);
    log(`written to ${out}`);
  } finally {
    await closeBrowser?.();
    await stack?.stop();
    before?.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
