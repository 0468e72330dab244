import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { axeViolations, ensureWebAppBuilt, fillPayload, launchChromium, PROVIDER_SIGN_IN_HEADING, screenshotDir, signInAsDemoUser, type AxeViolation } from '../support/browser';
import { bearer, endJourneysStartedSince, seedUser, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';
import { offerWorkplace } from '../support/working-day';

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };

/**
 * The web app in a real browser (Debian's chromium through playwright-core) against the real
 * stack: the pilot's walk, each act by the party that owns it, signed in as itself through the
 * sign-in page; axe-core on every page; a screenshot of every page under dist/test-output/web.
 */
describe('the web app, in a browser', () => {
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
  const pages: Record<string, Page> = {};
  const contexts: BrowserContext[] = [];
  const violations: { page: string; violations: AxeViolation[] }[] = [];
  const pageErrors: string[] = [];
  const shots = screenshotDir(testRun().runId);
  let shot = 0;

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.000002' }), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());

    const municipality = (org.municipality = randomUUID());
    const elsewhere = (org.elsewhere = randomUUID());
    const rows: [string, string, string, string][] = [
      ['municipality', `Gemeente Webstad ${tag}`, OrganisationType.MUNICIPALITY, municipality],
      ['care', `Zorg De Brug ${tag}`, OrganisationType.CARE_PROVIDER, municipality],
      ['e2', `Bakkerij Korrel ${tag}`, OrganisationType.EMPLOYER, municipality],
      ['e3', `Fietsenmaker Wiel ${tag}`, OrganisationType.EMPLOYER, municipality],
      ['elsewhere', `Gemeente Elders ${tag}`, OrganisationType.MUNICIPALITY, elsewhere],
      ['foreign', `Zorg Elders ${tag}`, OrganisationType.CARE_PROVIDER, elsewhere],
    ];
    for (const [name, title, type, municipalityId] of rows) {
      org[name] ??= randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], title, type, municipalityId]);
    }
    const cast: [string, string, string[]][] = [
      ['municipality', 'municipality', ['coordinator']],
      ['colleague', 'municipality', ['coordinator']],
      ['care', 'care', ['support-worker']],
      ['e2', 'e2', ['employer']],
      ['e3', 'e3', ['employer']],
      ['foreign', 'foreign', ['support-worker']],
    ];
    for (const [who, organisation, roles] of cast) {
      users[who] = `${who}-${tag}`;
      await seedUser(org[organisation], roles, users[who]);
    }
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** A party's browser tab, signed in through the sign-in page (an employer on a phone-sized screen). */
  async function as(who: string): Promise<Page> {
    if (pages[who]) return pages[who];
    const context = await browser.newContext({ viewport: who.startsWith('e') ? PHONE : DESK, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    contexts.push(context);
    const page = await context.newPage();
    watch(page, who);
    await page.goto(`${base}/taken`);
    await page.waitForURL(/\/inloggen\?terug=/);
    await signIn(page, who);
    await page.waitForURL(/\/taken$/);
    return (pages[who] = page);
  }

  /** Script errors in the page fail the test (a blank screen must never pass). */
  function watch(page: Page, who: string): void {
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  }

  async function signIn(page: Page, who: string): Promise<void> {
    await signInAsDemoUser(page, users[who]);
  }

  /** axe-core on the page and a screenshot of it. */
  async function check(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    const found = await axeViolations(page);
    if (found.length) violations.push({ page: name, violations: found });
    await page.screenshot({ path: join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** Waits until the party's inbox shows its task of this type on the journey (reloading, as a user would), and opens it. */
  async function openTask(page: Page, candidateId: string, type: string): Promise<void> {
    const row = await inInbox(page, candidateId, type);
    await row.first().click();
    try {
      await page.locator('form.task-form').waitFor();
    } catch (error) {
      await page.screenshot({ path: join(shots, `failed-${type}.png`), fullPage: true });
      throw new Error(`${type}: no form on ${page.url()}: ${await page.locator('main').innerText()}`, { cause: error });
    }
  }

  async function inInbox(page: Page, candidateId: string, type: string) {
    const row = page.locator(`li[data-task-type="${type}"][data-candidate="${candidateId}"] a.task-list__title`);
    const deadline = Date.now() + 60000;
    for (;;) {
      await page.goto(`${base}/taken?weergave=team`);
      await page.locator('ul.task-list, p[role="status"]').first().waitFor();
      if (await row.count()) break;
      if (Date.now() > deadline) throw new Error(`the inbox shows no ${type} on ${candidateId}`);
      await page.waitForTimeout(500);
    }
    return row;
  }

  /**
   * Waits until `done` holds, pressing "Opnieuw proberen" when the app offers it (the API answered
   * 503 on a busy machine; the retry sends the same Idempotency-Key, as a user would).
   */
  async function untilDone(page: Page, done: () => Promise<boolean>, what: string): Promise<void> {
    const retry = page.getByRole('button', { name: 'Opnieuw proberen' });
    const deadline = Date.now() + 120000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${what}: not done on ${page.url()}: ${await page.locator('main').innerText()}`);
      if (await retry.isVisible()) await retry.click();
      await page.waitForTimeout(250);
    }
  }

  /** The party opens its task from its inbox, fills the form and sends it. */
  async function act(who: string, candidateId: string, type: string, payload: Record<string, unknown>): Promise<void> {
    const page = await as(who);
    await openTask(page, candidateId, type);
    await check(page, `${who}-${type.replace(/\./g, '-')}`);
    await fillPayload(page, payload);
    await page.locator('form.task-form button[type="submit"]').click();
    await untilDone(page, () => page.getByText('Verstuurd. De taak is afgerond.').isVisible(), `${who} ${type}`);
  }

  it('the pilot walk: refer, intake, discover with a declining and an accepting employer, analyse, place, evaluate, paid work', async () => {
    // The care provider refers: the form first sent empty shows its errors at the fields and in a summary.
    const care = await as('care');
    await check(care, 'care-inbox');
    await care.getByRole('link', { name: 'Aanmelden' }).first().click();
    await care.getByRole('heading', { level: 1, name: 'Een jongere aanmelden' }).waitFor();
    await care.getByRole('button', { name: 'Aanmelden' }).last().click();
    await expect(care.getByRole('alert').first().textContent()).resolves.toMatch(/fouten in het formulier/);
    await check(care, 'care-referral-errors');
    await care.locator('#referral-municipalityId').selectOption(org.municipality);
    await care.locator('#referral-firstName').fill('Sanne');
    await care.locator('#referral-lastName').fill('Webpilot');
    await care.locator('#referral-dateOfBirth').fill('2006-05-05');
    await care.locator('#referral-situation').fill('Dagbesteding; wil werk proberen.');
    await care.locator('#referral-givenBy-CANDIDATE').check();
    await care.locator('#referral-givenAt').fill('2026-11-02');
    await care.locator('#referral-confirmed').check();
    // Contact details the API refuses: its field errors read in Dutch at the fields, never its English messages.
    await care.locator('#referral-email').fill('fenna@');
    await care.locator('#referral-phone').fill('bel mij');
    await care.getByRole('button', { name: 'Aanmelden' }).last().click();
    await care.getByText('Vul een e-mailadres in, zoals naam@voorbeeld.nl.').first().waitFor({ timeout: 60_000 });
    await care.getByText('Vul een telefoonnummer in, zoals 06 12345678').first().waitFor();
    await expect(care.locator('main').textContent()).resolves.not.toMatch(/must be/);
    await check(care, 'care-referral-server-errors');
    await care.locator('#referral-email').fill('');
    await care.locator('#referral-phone').fill('');
    await care.getByRole('button', { name: 'Aanmelden' }).last().click();
    await untilDone(care, async () => /\/trajecten\/[0-9a-f-]{36}$/.test(care.url()), 'referral');
    const id = care.url().split('/').pop()!;
    await care.getByRole('heading', { level: 1, name: /^Traject van / }).waitFor();
    await check(care, 'care-journey');

    // The municipality's inbox shows the new referral's intake.
    await inInbox(await as('municipality'), id, 'intake.accept');
    await check(pages.municipality, 'municipality-inbox');
    await act('municipality', id, 'intake.accept', PAYLOADS.accept);
    await act('municipality', id, 'intake.meeting', PAYLOADS.meeting);
    await act('care', id, 'profile.talents', PAYLOADS.talents);
    await act('municipality', id, 'orientation.propose', PAYLOADS.propose(org.e2));
    await act('e2', id, 'orientation.respond', PAYLOADS.declines);
    await act('municipality', id, 'orientation.propose', PAYLOADS.propose(org.e3));
    await act('e3', id, 'orientation.respond', PAYLOADS.accepts);
    await act('e3', id, 'orientation.feedback', PAYLOADS.feedback);
    await act('care', id, 'orientation.feedback', PAYLOADS.feedback);
    await act('municipality', id, 'discover.conclude', PAYLOADS.ready);
    await act('care', id, 'analyse.support-plan', PAYLOADS.supportPlan);
    await act('municipality', id, 'analyse.match', PAYLOADS.match(org.e3));
    await act('municipality', id, 'analyse.decision', PAYLOADS.approve);
    await act('e3', id, 'placement.offer', PAYLOADS.accepts);

    // A second coordinator signs the agreement with a double click; the first answer is lost to a
    // 503 after the API did the work, and "try again" sends the same Idempotency-Key: one effect.
    expect(pageErrors).toEqual([]);
    const colleague = await as('colleague');
    await openTask(colleague, id, 'placement.agreement');
    const keys: string[] = [];
    colleague.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/complete')) keys.push(r.headers()['idempotency-key']);
    });
    let lost = false;
    await colleague.route('**/complete', async (route) => {
      if (lost) return route.continue();
      lost = true;
      await route.fetch();
      await route.fulfill({ status: 503, contentType: 'application/problem+json', headers: { 'retry-after': '1' }, body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }) });
    });
    await fillPayload(colleague, PAYLOADS.sign);
    await colleague.locator('form.task-form button[type="submit"]').dblclick();
    await colleague.getByRole('button', { name: 'Opnieuw proberen' }).waitFor();
    await check(colleague, 'colleague-agreement-503');
    await colleague.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await colleague.getByText('Verstuurd. De taak is afgerond.').waitFor({ timeout: 60000 });
    expect(keys.length).toBe(2);
    expect(new Set(keys).size).toBe(1);

    await act('care', id, 'placement.agreement', PAYLOADS.sign);
    await act('e3', id, 'placement.agreement', PAYLOADS.sign);
    await act('e3', id, 'placement.start', PAYLOADS.start);
    for (let round = 0; round < 2; round++) {
      await act('e3', id, 'placement.evaluation', PAYLOADS.evaluation);
      await act('care', id, 'placement.evaluation', PAYLOADS.evaluation);
    }
    // The outcome rests on the evaluations: the coordinator sees all four on the task page.
    const deciding = await as('municipality');
    await openTask(deciding, id, 'placement.outcome');
    await expect(deciding.locator('section[aria-labelledby="task-evaluations"] tbody tr').count()).resolves.toBe(4);
    await act('municipality', id, 'placement.outcome', PAYLOADS.paidWork);

    // The journey page shows paid work and the timeline in words; the agreement was signed once by the municipality.
    const municipality = await as('municipality');
    await municipality.goto(`${base}/trajecten/${id}`);
    await municipality.getByText('Betaald werk · actief').waitFor({ timeout: 30000 });
    await expect(municipality.locator('.timeline').textContent()).resolves.toMatch(/rondde af: Samenwerkingsovereenkomst|rondde af:/);
    await check(municipality, 'municipality-journey');
    const token = await bearer(api, org.municipality, ['coordinator'], users.municipality);
    const timeline = (await api.inject({ method: 'GET', url: `/journeys/${id}/timeline?limit=500`, headers: { authorization: token } })).json().items as {
      type: string;
      actor?: { organisationId: string };
      data: { taskType?: string };
    }[];
    const signed = timeline.filter((e) => e.type === 'task.completed' && e.data.taskType === 'placement.agreement' && e.actor?.organisationId === org.municipality);
    expect(signed).toHaveLength(1);
    const step = (await api.inject({ method: 'GET', url: `/journeys/${id}`, headers: { authorization: token } })).json().step;
    expect(['PAID_WORK', 'COMPLETED']).toContain(step);

    // The coordinator's other pages.
    await municipality.goto(`${base}/taken?weergave=te-laat`);
    await municipality.getByRole('heading', { level: 1, name: 'Taken' }).waitFor();
    await check(municipality, 'municipality-inbox-late');
    await municipality.goto(`${base}/dashboard`);
    await municipality.getByRole('heading', { level: 2, name: 'Trajecten per stap' }).waitFor();
    await municipality.locator('.chart svg').first().waitFor();
    await check(municipality, 'municipality-dashboard');
    await municipality.goto(`${base}/aanmeldingen`);
    await municipality.getByRole('link', { name: /^Traject van / }).first().waitFor();
    await check(municipality, 'municipality-referrals');
    await municipality.goto(`${base}/toegangslog`);
    await municipality.locator('table').waitFor();
    await check(municipality, 'municipality-access-log');
    await municipality.goto(`${base}/toegankelijkheid`);
    await check(municipality, 'accessibility-statement');

    // The employer on a phone: its placement and a new workplace.
    const employer = await as('e3');
    await employer.goto(`${base}/plaatsingen`);
    await employer.getByRole('link', { name: 'Bekijk traject' }).first().waitFor();
    await check(employer, 'e3-placements');
    await employer.goto(`${base}/werkplekken`);
    await offerWorkplace(employer, { title: 'Assistent fietsenmaker', location: 'Dorpsstraat 12, Zoetermeer', hours: '16', capacity: '2', support: ['Een rustige plek'] });
    await check(employer, 'e3-workplaces');

    // A party that is not on the journey, signed in after following a link to it, finds nothing there.
    const foreignContext = await browser.newContext({ viewport: DESK, locale: 'nl-NL' });
    contexts.push(foreignContext);
    const foreign = await foreignContext.newPage();
    watch(foreign, 'foreign');
    await foreign.goto(`${base}/trajecten/${id}`);
    await foreign.waitForURL(/\/inloggen\?terug=/);
    await check(foreign, 'sign-in');
    // By keyboard alone, from a fresh load of the page: the skip link first, then on to the OpenID provider; there search, then the user.
    await foreign.reload();
    const atIssuer = foreign.getByRole('button', { name: 'Inloggen via uw organisatie' });
    await atIssuer.waitFor();
    await foreign.keyboard.press('Tab');
    await expect(foreign.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).resolves.toBe('Naar de inhoud');
    await atIssuer.focus();
    await foreign.keyboard.press('Enter');
    await foreign.getByRole('heading', { level: 1, name: PROVIDER_SIGN_IN_HEADING }).waitFor();
    await foreign.keyboard.press('Tab');
    await foreign.keyboard.type(users.foreign);
    await foreign.keyboard.press('Enter');
    await foreign.getByRole('button', { name: new RegExp(`^${users.foreign} – `) }).waitFor();
    // The page came back with the users found: past the search field and its button to the first user.
    for (let i = 0; i < 3; i++) await foreign.keyboard.press('Tab');
    await foreign.keyboard.press('Enter');
    await foreign.waitForURL(new RegExp(`/trajecten/${id}$`));
    await foreign.getByRole('heading', { level: 1, name: 'Niet gevonden' }).waitFor();
    await check(foreign, 'foreign-journey-not-found');
    await foreign.getByRole('button', { name: 'English' }).click();
    await foreign.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await expect(foreign.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).resolves.toBe('en');

    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  }, 900000);
});
