import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client as PgClient } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { OUTCOME_LABELS } from '../../libs/domain/src/pipeline-labels';
import { ensureWebAppBuilt, launchChromium, pageChecks, signInThroughPage } from '../support/browser';
import { parseCsv } from '../support/csv';
import { HttpParties } from '../support/http-driver';
import { bearer, endJourneysStartedSince, referralBody, seedUser, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

/**
 * Oversight in the browser: the coordinator pages through the access log newest first, filters it
 * (the filter survives a reload), checks the chain; a job coach opens a young person's own access
 * log and the AVG export from the journey; the dashboard shows every outcome as the API has it,
 * keeps its filters in the address and downloads a CSV Dutch Excel opens in columns.
 */
describe('privacy oversight and the dashboard, in a browser', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const org: Record<string, string> = {};
  const users: Record<string, string> = {};
  const t: Record<string, string> = {};
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const checks = pageChecks(testRun().runId, 'oversight');
  let candidates: string[] = [];

  const get = async (who: string, url: string) => {
    const response = await api.inject({ method: 'GET', url, headers: { authorization: t[who] } });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  async function logCount(query: string): Promise<number> {
    let n = 0;
    for (let cursor: string | undefined = undefined, first = true; first || cursor; first = false) {
      const page: { items: unknown[]; nextCursor?: string } = await get('coordinator', `/access-log?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`);
      n += page.items.length;
      cursor = page.nextCursor;
    }
    return n;
  }

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not so after ${timeoutMs} ms (${JSON.stringify(value)})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function as(who: string, viewport = DESK, path = '/taken'): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await signInThroughPage(page, base, path, users[who]);
    return page;
  }

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());

    org.municipality = randomUUID();
    for (const [name, title, type] of [
      ['municipality', `Gemeente Toezicht ${tag}`, OrganisationType.MUNICIPALITY],
      ['care', `Zorg Toezicht ${tag}`, OrganisationType.CARE_PROVIDER],
      ['school', `School Toezicht ${tag}`, OrganisationType.SCHOOL],
      ['employer', `Bakkerij Toezicht ${tag}`, OrganisationType.EMPLOYER],
    ] as const) {
      org[name] ??= randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], title, type, org.municipality]);
    }
    for (const [who, organisation, roles] of [
      ['coordinator', 'municipality', ['coordinator']],
      ['care', 'care', ['support-worker']],
    ] as const) {
      users[who] = `${who}-${tag}`;
      await seedUser(org[organisation], [...roles], users[who]);
      t[who] = await bearer(api, org[organisation], [...roles], users[who]);
    }
    const parties = { municipalityId: org.municipality, careProviderId: org.care, schoolId: org.school, employerId: org.employer };
    const http = new HttpParties(api, t);
    candidates = [await http.refer('care', referralBody(parties)), await http.refer('care', referralBody(parties)), await http.refer('care', referralBody(parties))];
    for (const id of candidates) await until(`journey ${id}`, async () => (await api.inject({ method: 'GET', url: `/journeys/${id}`, headers: { authorization: t.care } })).statusCode, (s) => s === 200);
    const act = (url: string) => api.inject({ method: 'POST', url, headers: { authorization: t.care, 'idempotency-key': randomUUID() }, payload: { reasonCode: 'CONSENT_REVOKED' } });
    expect((await act(`/journeys/${candidates[1]}/withdraw`)).statusCode).toBe(200);
    expect((await act(`/journeys/${candidates[2]}/pause`)).statusCode).toBe(200);
    await until('the outcomes in the summary', () => get('coordinator', '/pipeline/summary'), (s) => s.outcomes.withdrawals === 1 && s.outcomes.pauses === 1);
    // Enough reads for more than one page of the log (50 a page).
    for (let i = 0; i < 30; i++) for (const id of candidates.slice(0, 2)) await get('coordinator', `/journeys/${id}/candidate?purpose=MUNICIPAL_TASK`);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    for (const c of contexts) await c.close().catch(() => undefined);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it('the access log: newest first, page by page, a filter that survives a reload, the chain checked', async () => {
    // Straight to the log: an inbox (which polls) writes a list read each time it reads.
    const page = await as('coordinator', DESK, '/toegangslog');
    const total = await logCount('');
    expect(total).toBeGreaterThan(60);
    await page.reload();
    const rows = page.locator('table tbody tr');
    await page.getByText('50 regels getoond; er zijn er meer.').waitFor();
    expect(await rows.count()).toBe(50);
    // Newest first: the first row is the newest entry the API has (before this page's own reads, none).
    const newest = (await get('coordinator', '/access-log?limit=1')).items[0];
    if (newest.candidateId) expect(await rows.first().getByRole('link', { name: 'Traject openen' }).getAttribute('href')).toBe(`/trajecten/${newest.candidateId}`);
    // A list that named several young people (the inbox this page came from) says how many.
    else await expect(rows.first().innerText()).resolves.toContain(`een lijst met ${newest.candidateIds.length} jongere`);
    await expect(rows.first().innerText()).resolves.toContain('Uitvoering van de gemeentelijke taak');
    await checks.check(page, 'access-log-desktop');
    for (let shown = 50; shown < total; ) {
      const before = shown;
      await page.getByRole('button', { name: 'Meer laden' }).click();
      shown = await until('more rows', () => rows.count(), (n) => n > before);
    }
    await page.getByText(`${total} regels getoond; dit zijn ze allemaal.`).waitFor();
    expect(await rows.count()).toBe(total);
    // Dutch labels: purposes, actions, fields; no English codes.
    const text = await page.locator('table').innerText();
    expect(text).toContain('Uitvoering van de gemeentelijke taak');
    expect(text).toContain('voornaam');
    expect(text).not.toMatch(/MUNICIPAL_TASK|firstName|\bREAD\b/);

    await page.getByLabel('Doel').selectOption('INTAKE');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL(/doel=INTAKE/);
    const intake = await logCount('&purpose=INTAKE');
    await page.getByText(new RegExp(`^${intake} regels? getoond; dit zijn ze allemaal\\.$`)).waitFor();
    await page.reload();
    await page.getByText(new RegExp(`^${intake} regels? getoond; dit zijn ze allemaal\\.$`)).waitFor();
    expect(await page.getByLabel('Doel').inputValue()).toBe('INTAKE');
    expect(await rows.count()).toBe(intake);

    await page.getByRole('button', { name: 'Controleer de keten' }).click();
    const status = page.locator('[role="status"]').filter({ hasText: 'De keten is intact' });
    await status.waitFor();
    const verification = await get('coordinator', '/access-log/verification');
    expect(await status.innerText()).toContain(`De keten is intact: ${verification.checked} regels gecontroleerd`);
    await checks.check(page, 'access-log-chain');
    await page.setViewportSize(PHONE);
    await checks.check(page, 'access-log-phone');
    // The chain's fingerprint wraps: the page does not grow wider than the phone.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it("a job coach opens the young person's own access log and the AVG export from the journey", async () => {
    const page = await as('care', PHONE);
    await page.goto(`${base}/trajecten/${candidates[0]}`);
    await page.getByRole('heading', { name: 'Privacy (AVG)' }).waitFor();
    await checks.check(page, 'journey-privacy-phone');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'HTML (leesbaar document)' }).click()]);
    expect(download.suggestedFilename()).toBe(`gegevens-${candidates[0]}.html`);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('<html');
    await page.getByRole('link', { name: 'Inzagelog van deze jongere' }).click();
    await page.waitForURL(/\/inzagelog$/);
    const entries = page.getByRole('list', { name: 'Inzagelog van deze jongere' }).getByRole('listitem');
    await entries.first().waitFor();
    const plain = await get('care', `/journeys/${candidates[0]}/access-log`);
    // The page's own read is logged too, so the page shows at least what the API had before.
    expect(await entries.count()).toBeGreaterThanOrEqual(plain.items.length - 1);
    // Newest first: this page's own read, then the export just downloaded; the coordinator's reads further down.
    expect(await entries.nth(0).innerText()).toContain('wie uw gegevens bekeek');
    expect(await entries.nth(1).innerText()).toContain('opgevraagd als overzicht');
    expect(await page.getByRole('list', { name: 'Inzagelog van deze jongere' }).innerText()).toContain('gemeentelijke taak');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await checks.check(page, 'journey-access-log-phone');
  });

  it('the dashboard: every outcome as the API has it, filters in the address through a reload, a CSV for Dutch Excel', async () => {
    const page = await as('coordinator');
    await page.goto(`${base}/dashboard`);
    await page.getByLabel('Zorgaanbieder', { exact: true }).selectOption(org.care);
    await page.getByRole('button', { name: 'Toepassen', exact: true }).click();
    await page.waitForURL(new RegExp(`zorgaanbieder=${org.care}`));
    await page.reload();
    // The choices come with the organisations, after the page.
    await until('the filter restored from the address', () => page.getByLabel('Zorgaanbieder', { exact: true }).inputValue(), (v) => v === org.care);
    const summary = await get('coordinator', `/pipeline/summary?careProvider=${org.care}`);
    const outcomes = page.locator('section[aria-labelledby="fig-outcomes"] table');
    await outcomes.waitFor();
    for (const [code, l] of Object.entries(OUTCOME_LABELS)) {
      const row = outcomes.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${l.nl.replace(/[()]/g, '\\$&')}$`, 'i') }) });
      expect([code, await row.locator('td').innerText()]).toEqual([code, String(summary.outcomes[code])]);
    }
    expect(summary.outcomes.withdrawals).toBe(1);
    expect(summary.outcomes.pauses).toBe(1);
    const careTable = page.locator('section[aria-labelledby="fig-care-providers"] table');
    expect(await careTable.innerText()).toContain(`Zorg Toezicht ${tag}`);
    const conversion = summary.conversion.find((c: { fromStep: string }) => c.fromStep === 'CONNECT');
    await page.getByText(new RegExp(`^Van de ${conversion.reachedFrom} jongeren? die Verbinden bereikten?, bereikten er ${conversion.reachedTo} Ontdekken`)).waitFor();
    await checks.check(page, 'dashboard-desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download cijfers voor Excel (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('pijplijn.csv');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(bytes.toString('utf8'), ';');
    expect(rows[0]).toEqual(['Onderdeel', 'Code', 'Naam', 'Maat', 'Waarde']);
    expect(rows.find((r) => r[0] === 'uitkomst' && r[1] === 'withdrawals')?.[4]).toBe('1');
    await page.setViewportSize(PHONE);
    await checks.check(page, 'dashboard-phone');
  });

  it('the inbox loads neither the charts nor the English texts; the dashboard fetches the charts, choosing English its texts', async () => {
    const context = await browser.newContext({ viewport: DESK, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`coordinator: ${error.message}`));
    // Every script the tab receives, by what is in it: echarts (the charts' code) and the English texts.
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text().catch(() => ''));
    });
    const received = async () => {
      const bodies = await Promise.all(scripts.splice(0));
      return { scripts: bodies.length, charts: bodies.some((b) => b.includes('_echarts_instance_')), english: bodies.some((b) => b.includes('Skip to content')) };
    };

    await signInThroughPage(page, base, '/taken', users.coordinator);
    await page.locator('ul.task-list li').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await received()).toMatchObject({ charts: false, english: false });
    // Opened afresh (as from a bookmark), the inbox loads the same: no charts, no English.
    await page.reload();
    await page.locator('ul.task-list li').first().waitFor();
    await page.waitForLoadState('networkidle');
    const inbox = await received();
    expect(inbox.scripts).toBeGreaterThan(0);
    expect(inbox).toMatchObject({ charts: false, english: false });

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.locator('.chart svg').first().waitFor();
    expect(await received()).toMatchObject({ charts: true, english: false });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Skip to content' }).waitFor({ state: 'attached' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await received()).toMatchObject({ english: true });
  });

  it('no page had a script error or an axe violation', () => {
    expect(pageErrors).toEqual([]);
    expect(checks.violations).toEqual([]);
  });
});
