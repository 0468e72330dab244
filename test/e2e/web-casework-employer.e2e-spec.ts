import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { HttpParties } from '../support/http-driver';
import { JourneyDriver } from '../support/journey-driver';
import { ensureWebAppBuilt, fillPayload, launchChromium, pageChecks, signInAsDemoUser } from '../support/browser';
import { bearer, createParties, endJourneysStartedSince, referralBody, seedUser, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

/**
 * An employer's and a coordinator's casework in a real browser against the real stack: the
 * employer on a phone offers a workplace of 12,5 hours, takes one off the list after a
 * confirmation and sees its placement with the start it entered; the coordinator gives an open
 * (not overdue) task to another party with a reason the timeline shows. axe-core on every page,
 * a screenshot of each under dist/test-output/web.
 */
describe('employer and coordinator casework, in a browser', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  let own: TestParties;
  let placed: string;
  let referred: string;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const users: Record<string, string> = {};
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, 'casework');
  let shot = 0;

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db, temporal] = await Promise.all([startWorker(), startApi(), sql(), temporalClient()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
    own = await createParties(db);
    users.employer = `employer-${tag}`;
    users.coordinator = `coordinator-${tag}`;
    await seedUser(own.employerId, ['employer'], users.employer);
    await seedUser(own.municipalityId, ['coordinator'], users.coordinator);
    // A placement running at the employer, started on the date the host entered.
    placed = randomUUID();
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Test', 'Candidate', '2006-01-01')`, [placed, own.municipalityId]);
    const j = await JourneyDriver.start(temporal.client, testRun().taskQueue, placed, { municipalityId: own.municipalityId, careProviderId: own.careProviderId, employerIds: [own.employerId] });
    await j.toRunningPlacement();
    // A fresh referral: its intake waits for the coordinator, not overdue.
    const p = new HttpParties(api, { care: await bearer(api, own.careProviderId, ['support-worker']) });
    referred = await p.refer('care', referralBody(own));
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  async function signedIn(who: string, path: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await page.goto(`${base}${path}`);
    await signInAsDemoUser(page, users[who]);
    await page.waitForURL(new RegExp(`${path}$`));
    return page;
  }

  function check(page: Page, name: string): Promise<void> {
    return pageCheck.check(page, `${String(++shot).padStart(2, '0')}-${name}`);
  }

  async function fitsPhone(page: Page): Promise<void> {
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }

  it('the employer on a phone offers a workplace of 12,5 hours, takes one off the list after a confirmation, and sees its placement with its start date', async () => {
    const page = await signedIn('employer', '/werkplekken', PHONE);
    await page.getByRole('heading', { level: 1, name: 'Werkplekken' }).waitFor();
    await page.getByText('U heeft nog geen werkplekken op de lijst.').waitFor();
    await check(page, 'employer-workplaces-empty');
    // 12,3 hours: refused at the field before anything is sent.
    await page.getByLabel('Functie').fill('Assistent fietsenmaker');
    await page.getByLabel('Adres').fill('Dorpsstraat 12, Zoetermeer');
    await page.getByLabel('Uren per week').fill('12,3');
    await page.getByLabel('Aantal jongeren tegelijk').fill('2');
    await page.getByRole('button', { name: 'Werkplek toevoegen' }).click();
    await page.getByRole('link', { name: /Uren per week: Vul hele of halve getallen in/ }).waitFor();
    await page.getByLabel('Uren per week').fill('12,5');
    await page.getByRole('button', { name: 'Werkplek toevoegen' }).click();
    await page.getByText('12,5 uur per week').waitFor({ timeout: 30000 });
    for (const title of ['Bakkerij hulp', 'Magazijn']) {
      await page.getByLabel('Functie').fill(title);
      await page.getByLabel('Adres').fill('Markt 1, Zoetermeer');
      await page.getByLabel('Uren per week').fill('8');
      await page.getByLabel('Aantal jongeren tegelijk').fill('1');
      await page.getByRole('button', { name: 'Werkplek toevoegen' }).click();
      await page.getByRole('heading', { level: 2, name: title }).waitFor({ timeout: 30000 });
    }
    await check(page, 'employer-workplaces');
    await fitsPhone(page);

    // Taking one off the list asks first; "Annuleren" leaves it, "Ja" takes it off and says so.
    await page.getByRole('button', { name: 'Van de lijst halen: Magazijn' }).click();
    const question = page.getByRole('group', { name: /Werkplek Magazijn van de lijst halen\?/ });
    await question.waitFor();
    await expect(question.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).resolves.toBe(true);
    await check(page, 'employer-deactivate-question');
    await question.getByRole('button', { name: 'Annuleren' }).click();
    await expect(question.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Van de lijst halen: Magazijn' }).click();
    await page.getByRole('button', { name: 'Ja, van de lijst halen' }).click();
    await page.getByText('Werkplek Magazijn staat niet meer op de lijst. Lopende plaatsingen gaan door.').waitFor({ timeout: 30000 });
    await page.getByRole('button', { name: 'Weer aanbieden: Magazijn' }).waitFor();
    await check(page, 'employer-deactivated');
    const rows = await db.query('SELECT title, hours_per_week::float8 AS hours, active FROM workplaces WHERE employer_id = $1 ORDER BY title', [own.employerId]);
    expect(rows.rows).toEqual([
      { title: 'Assistent fietsenmaker', hours: 12.5, active: true },
      { title: 'Bakkerij hulp', hours: 8, active: true },
      { title: 'Magazijn', hours: 8, active: false },
    ]);

    // Placements: the start the host entered (2 December 2026), not the journey's last change.
    await page.getByRole('link', { name: 'Naar uw plaatsingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plaatsingen' }).waitFor();
    await page.getByText('gestart op 2 dec 2026').waitFor();
    await check(page, 'employer-placements');
    await fitsPhone(page);
    expect(PAYLOADS.start.startDate).toBe('2026-12-02');
    expect(pageCheck.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the coordinator gives an open task that is not overdue to the care provider, with a reason the timeline shows', async () => {
    const page = await signedIn('coordinator', `/trajecten/${referred}`, DESK);
    const open = page.locator('section:has(#open-tasks-title)');
    await open.getByRole('heading', { level: 2, name: 'Openstaande taken' }).waitFor();
    const card = open.locator('li').first();
    await card.waitFor();
    await expect(card.textContent()).resolves.not.toMatch(/te laat/);
    await card.locator('summary').click();
    // Sent without a reason: the error at the field, nothing sent.
    await card.getByLabel('Aan organisatie').selectOption({ label: `Test care_provider ${own.careProviderId.slice(0, 8)}` });
    await card.getByRole('button', { name: 'Toewijzen' }).click();
    await card.getByText('Vul dit veld in.').or(card.locator('.utrecht-form-field-error-message')).first().waitFor();
    await check(page, 'coordinator-reassign-form');
    await card.getByLabel('Reden').selectOption({ label: 'Afwezig (ziek of met verlof)' });
    await card.getByRole('button', { name: 'Toewijzen' }).click();
    await page.getByText('(Afwezig (ziek of met verlof))').waitFor({ timeout: 30000 });
    await open.locator('p', { hasText: `Aanmelding beoordelen · Test care_provider ${own.careProviderId.slice(0, 8)}` }).waitFor({ timeout: 30000 });
    await check(page, 'coordinator-reassigned');
    await page.setViewportSize(PHONE);
    await check(page, 'coordinator-reassigned-phone');
    await fitsPhone(page);
    const timeline = await db.query(`SELECT data FROM journey_events WHERE candidate_id = $1 AND type = 'task.reassigned'`, [referred]);
    expect(timeline.rows).toEqual([{ data: expect.objectContaining({ toOrganisationId: own.careProviderId, reason: 'ABSENT' }) }]);
    expect(pageCheck.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('the coordinator proposes a match at a workplace of the host with a free place, in half hours', async () => {
    // A host of its own with a workplace on the list and one off it.
    const host = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [host, `Fietsenmaker Wiel ${tag}`, 'EMPLOYER', own.municipalityId]);
    const hp = new HttpParties(api, { host: await bearer(api, host, ['employer']), coordinator: await bearer(api, own.municipalityId, ['coordinator']) });
    const offered = (await hp.post('host', '/workplaces', { title: 'Werkplaats', location: 'Markt 3', hoursPerWeek: 12.5, capacity: 1, supportOnSite: [] })).json();
    const off = (await hp.post('host', '/workplaces', { title: 'Winkel', location: 'Markt 4', hoursPerWeek: 8, capacity: 1, supportOnSite: [] })).json();
    await api.inject({ method: 'PATCH', url: `/workplaces/${off.id}`, headers: { authorization: hp.tokens.host, 'idempotency-key': randomUUID() }, payload: { active: false, version: off.version } });
    // A journey with its match to propose.
    const candidateId = randomUUID();
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Test', 'Candidate', '2006-01-01')`, [candidateId, own.municipalityId]);
    const j = await JourneyDriver.start(temporal.client, testRun().taskQueue, candidateId, { municipalityId: own.municipalityId, careProviderId: own.careProviderId, employerIds: [host] });
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.complete('intake.meeting', PAYLOADS.meeting);
    await j.complete('profile.talents', PAYLOADS.talents);
    await j.toMatchAt(host);
    const taskId = await hp.task('coordinator', candidateId, 'analyse.match');

    const page = await signedIn('coordinator', `/taken/${candidateId}/${encodeURIComponent(taskId)}`, DESK);
    await page.locator('form.task-form').waitFor();
    await page.locator('select[name="employerId"]').selectOption(host);
    const workplace = page.locator('select[name="workplaceId"]');
    await expect(workplace.locator('option').allTextContents()).resolves.toEqual(['Maak een keuze', 'Werkplaats (Markt 3)']);
    await workplace.selectOption(offered.id);
    await fillPayload(page, { roleCode: 'BIKE_REPAIR', hoursPerWeek: '12,5', durationWeeks: 26, proposedRoute: 'WAGE_COST_SUBSIDY' });
    await check(page, 'coordinator-match-workplace');
    await page.getByRole('button', { name: 'Versturen' }).click();
    // The place is taken once the match is in the read model.
    const deadline = Date.now() + 60000;
    while ((await hp.get('host', `/workplaces/${offered.id}`)).json().occupied !== 1) {
      if (Date.now() > deadline) throw new Error(`the match did not take the place: ${await page.locator('main').innerText()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const match = await db.query(`SELECT data FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed' AND data->>'taskType' = 'analyse.match'`, [candidateId]);
    expect(match.rows).toEqual([{ data: expect.objectContaining({ employerId: host, workplaceId: offered.id, hoursPerWeek: 12.5 }) }]);
    expect(pageCheck.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
