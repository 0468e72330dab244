import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ensureWebAppBuilt, launchChromium, pageChecks, signInAsDemoUser } from '../support/browser';
import { HttpParties } from '../support/http-driver';
import { bearer, endJourneysStartedSince, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Casework in the screens: the coordinator can tell the young people in the inbox apart, and a
 * task page shows what its decision rests on (the intake: who, age, referrer, situation; the end
 * of discovering: the orientations and how they went). Checked at desk and phone width, with axe.
 */
describe('who the screens are about, in a browser', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  let p: HttpParties;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const org: Record<string, string> = {};
  const subject: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const checks = pageChecks(testRun().runId, 'who');
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
    org.municipality = randomUUID();
    const rows: [string, string, string][] = [
      ['municipality', `Gemeente Wiestad ${tag}`, OrganisationType.MUNICIPALITY],
      ['care', `Zorg Het Anker ${tag}`, OrganisationType.CARE_PROVIDER],
      ['employer', `Kwekerij Groen ${tag}`, OrganisationType.EMPLOYER],
    ];
    for (const [name, title, type] of rows) {
      org[name] ??= randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], title, type, org.municipality]);
    }
    const tokens: Record<string, string> = {};
    for (const [who, roles] of [
      ['municipality', ['coordinator']],
      ['care', ['support-worker']],
      ['employer', ['employer']],
    ] as const) {
      subject[who] = `${who}-${tag}`;
      tokens[who] = await bearer(api, org[who], [...roles], subject[who]);
    }
    p = new HttpParties(api, tokens);
    const refer = (firstName: string, lastName: string, dateOfBirth: string, situation: string) =>
      p.refer('care', {
        municipalityId: org.municipality,
        careProviderId: org.care,
        candidate: { firstName, lastName, dateOfBirth },
        situation,
        consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
      });
    ids.fatima = await refer('Fatima', 'El Idrissi', '2007-05-20', 'Woont bij haar oma; wil graag buiten werken.');
    ids.daan = await refer('Daan', 'Verhoeven', '2005-10-02', 'Dagbesteding vier dagen per week; houdt van techniek.');
    // Daan goes through an orientation at the nursery, which the employer and the care provider then rate.
    await p.complete('municipality', ids.daan, 'intake.accept', PAYLOADS.accept);
    await p.complete('municipality', ids.daan, 'intake.meeting', PAYLOADS.meeting);
    await p.complete('care', ids.daan, 'profile.talents', PAYLOADS.talents);
    await p.complete('municipality', ids.daan, 'orientation.propose', PAYLOADS.propose(org.employer));
    await p.complete('employer', ids.daan, 'orientation.respond', PAYLOADS.accepts);
    await p.complete('employer', ids.daan, 'orientation.feedback', { rating: 5, fitCodes: ['TEAM'], recommend: true });
    await p.complete('care', ids.daan, 'orientation.feedback', { rating: 3, fitCodes: ['TEAM'], recommend: true });
    await p.task('municipality', ids.daan, 'discover.conclude', 60000);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  async function signedIn(who: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await page.goto(`${base}/taken`);
    await signInAsDemoUser(page, subject[who]);
    await page.waitForURL(/\/taken$/);
    return page;
  }

  const ageToday = (dateOfBirth: string): number => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const [by, bm, bd] = dateOfBirth.split('-').map(Number);
    const [ty, tm, td] = today.split('-').map(Number);
    return ty - by - (tm * 100 + td < bm * 100 + bd ? 1 : 0);
  };

  for (const [width, viewport] of [
    ['desk', DESK],
    ['phone', PHONE],
  ] as const) {
    it(`the coordinator tells the young people apart and decides on what the task page shows (${width})`, async () => {
      const page = await signedIn('municipality', viewport);
      await page.goto(`${base}/taken?weergave=team`);
      const fatima = page.locator(`li[data-candidate="${ids.fatima}"][data-task-type="intake.accept"]`);
      const daan = page.locator(`li[data-candidate="${ids.daan}"][data-task-type="discover.conclude"]`);
      await fatima.waitFor({ timeout: 60000 });
      await daan.waitFor({ timeout: 60000 });
      const fatimaAge = ageToday('2007-05-20');
      await expect(fatima.locator('a.task-list__title').innerText()).resolves.toBe(`Aanmelding beoordelen: Fatima El Idrissi (${fatimaAge} jaar)`);
      await expect(daan.locator('a.task-list__title').innerText()).resolves.toBe(`Ontdekken afronden: Daan Verhoeven (${ageToday('2005-10-02')} jaar)`);
      await expect(fatima.innerText()).resolves.toContain(`aangemeld door Zorg Het Anker ${tag}`);
      await expect(fatima.getByRole('link', { name: `Traject van Fatima El Idrissi (${fatimaAge} jaar)` }).count()).resolves.toBe(1);
      await checks.check(page, `${width}-inbox`);

      // The intake: who, how old, who referred, what the referral says.
      await fatima.locator('a.task-list__title').click();
      await page.getByRole('heading', { level: 1, name: `Aanmelding beoordelen: Fatima El Idrissi (${fatimaAge} jaar)` }).waitFor();
      const text = await page.getByRole('region', { name: 'Over wie' }).innerText();
      for (const shown of ['Fatima El Idrissi', `${fatimaAge} jaar`, `Zorg Het Anker ${tag}`, 'Woont bij haar oma; wil graag buiten werken.']) expect(text).toContain(shown);
      await page.locator('form.task-form').waitFor();
      await checks.check(page, `${width}-intake-accept`);

      // Concluding discovering: the orientation, how it went and why.
      await page.goto(`${base}/taken?weergave=team`);
      await daan.locator('a.task-list__title').click();
      await page.getByRole('heading', { level: 1, name: /^Ontdekken afronden: Daan Verhoeven/ }).waitFor();
      const orientations = await page.getByRole('region', { name: 'Oriëntaties' }).innerText();
      for (const shown of [`Kwekerij Groen ${tag}`, 'Antwoord: ', `Kwekerij Groen ${tag} gaf een 5 van 5`, `Zorg Het Anker ${tag} gaf een 3 van 5`, 'beveelt de werkplek aan']) expect(orientations).toContain(shown);
      await expect(page.getByRole('region', { name: 'Wat u moet weten' }).innerText()).resolves.toContain('Doelen uit het intakegesprek');
      const tried = await page.locator('section[aria-labelledby="task-attempts"]').innerText();
      expect(tried).toContain('Oriëntatie');
      expect(tried).toContain(`Kwekerij Groen ${tag}`);
      await checks.check(page, `${width}-discover-conclude`);

      // The journey says whose it is.
      await page.goto(`${base}/trajecten/${ids.fatima}`);
      await page.getByRole('heading', { level: 1, name: `Traject van Fatima El Idrissi (${fatimaAge} jaar)` }).waitFor();
      // The purpose picker offers the municipality's own purposes only, its public task first.
      const purpose = page.getByLabel('Doel', { exact: true });
      await expect(purpose.inputValue()).resolves.toBe('MUNICIPAL_TASK');
      await expect(purpose.locator('option').allInnerTexts()).resolves.toEqual(['Uitvoering van de gemeentelijke taak', 'Intake en toeleiding', 'Bemiddeling en plaatsing', 'Verzoek van de jongere', 'Correctie van gegevens']);
      await page.getByRole('button', { name: 'Bekijken' }).click();
      await page.locator('dl.facts').getByText('El Idrissi', { exact: true }).waitFor();
      await checks.check(page, `${width}-journey`);
      await page.context().close();
      expect(pageErrors).toEqual([]);
      expect(checks.violations).toEqual([]);
    });
  }

  it('the care provider sees its referrals by name; the employer the young person by first name only', async () => {
    const care = await signedIn('care', DESK);
    await care.goto(`${base}/aanmeldingen`);
    const table = care.locator('table');
    await table.getByRole('cell', { name: /^Fatima El Idrissi \(\d+ jaar\)$/ }).waitFor();
    await expect(table.innerText()).resolves.toContain('Daan Verhoeven');
    await checks.check(care, 'care-referrals');
    // The care provider's purposes: no municipal task; supporting the young person chosen.
    await care.goto(`${base}/trajecten/${ids.fatima}`);
    const purpose = care.getByLabel('Doel', { exact: true });
    await purpose.waitFor();
    await expect(purpose.inputValue()).resolves.toBe('CARE_DELIVERY');
    await expect(purpose.locator('option').allInnerTexts()).resolves.toEqual(['Intake en toeleiding', 'Begeleiding van de jongere', 'Bemiddeling en plaatsing', 'Verzoek van de jongere', 'Correctie van gegevens']);
    await checks.check(care, 'care-journey');
    await care.context().close();

    const employer = await signedIn('employer', PHONE);
    await employer.goto(`${base}/trajecten/${ids.daan}`);
    await employer.getByRole('heading', { level: 1, name: 'Traject van Daan' }).waitFor();
    await expect(employer.locator('main').innerText()).resolves.not.toMatch(/Verhoeven|Fatima|2005|jaar\)|techniek/);
    await checks.check(employer, 'employer-journey');
    await employer.context().close();
    expect(pageErrors).toEqual([]);
    expect(checks.violations).toEqual([]);
  });
});
