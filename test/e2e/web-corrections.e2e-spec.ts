import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Browser, Page, Request } from 'playwright-core';
import nl from '../../apps/web/src/locales/nl.json';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { tomorrow } from '../../libs/contracts/src/invalid-payloads';
import { dutchDate } from '../../libs/domain/src/candidate-dates';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ensureWebAppBuilt, launchChromium, pageChecks, signedInTab, untilDone } from '../support/browser';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, endJourneysStartedSince, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

/**
 * Mistakes put right in the screens, in a real browser: a wrong date of birth, and a task's date
 * after today, refused in Dutch by the same rule as the API, a young person referred twice pointed out, the data corrected on the
 * version read, and the acts that close a journey confirmed first and followed by a page that says
 * what happened. axe-core on every page; screenshots under dist/test-output/web.
 */
describe('correcting mistakes in the web app, in a browser', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  let own: TestParties;
  let p: HttpParties;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const users: Record<string, string> = {};
  const pages: Record<string, Page> = {};
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, `corrections-${tag}`);
  const lastName = `Tweemaal${tag}`;
  let shot = 0;

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
    own = await createParties(db);
    const otherCare = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherCare, `Stichting Anders ${tag}`, OrganisationType.CARE_PROVIDER, own.municipalityId]);
    const cast: [string, string, string[]][] = [
      ['coordinator', own.municipalityId, ['coordinator']],
      ['care', own.careProviderId, ['support-worker']],
      ['otherCare', otherCare, ['support-worker']],
    ];
    p = new HttpParties(api, {});
    for (const [who, organisationId, roles] of cast) {
      users[who] = `${who}-${tag}`;
      await seedUser(organisationId, roles, users[who]);
      p.tokens[who] = await bearer(api, organisationId, roles, users[who]);
    }
    // The other care provider referred the same young person before.
    await p.refer('otherCare', referralBody(own, { careProviderId: otherCare, candidate: { firstName: 'Lotte', lastName, dateOfBirth: '2006-05-05' } }));
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  async function as(who: string, viewport = DESK): Promise<Page> {
    return (pages[who] ??= await signedInTab(browser, base, users[who], { viewport, errors: pageErrors }));
  }

  function check(page: Page, name: string): Promise<void> {
    return pageCheck.check(page, `${String(++shot).padStart(2, '0')}-${name}`);
  }

  /** Chooses an act on the journey page and sends it: a closing act then asks for confirmation. */
  async function chooseAct(page: Page, act: string, reason?: string): Promise<void> {
    await page.locator('#act').selectOption({ label: act });
    if (reason) await page.locator('#act-reason').selectOption({ label: reason });
    await page.getByRole('button', { name: 'Uitvoeren' }).click();
    await page.getByRole('heading', { name: 'Weet u het zeker?' }).waitFor();
  }

  let candidateId: string;

  it('a date of birth in the future is refused in Dutch before sending; the referral then points out the young person referred before', async () => {
    const care = await as('care');
    await care.goto(`${base}/aanmelden`);
    await care.locator('#referral-firstName').fill('Lotte');
    await care.locator('#referral-lastName').fill(lastName);
    await care.locator('#referral-dateOfBirth').fill('2031-04-12');
    await care.locator('#referral-situation').fill('Dagbesteding; wil werk proberen.');
    await care.locator('#referral-givenBy-CANDIDATE').check();
    await care.locator('#referral-givenAt').fill('2027-01-05');
    await care.locator('#referral-confirmed').check();
    await care.getByRole('button', { name: 'Aanmelden' }).click();
    const summary = care.locator('#referral-summary');
    await summary.getByText('De geboortedatum ligt in de toekomst').waitFor();
    await summary.getByText('De datum van de toestemming ligt in de toekomst').waitFor();
    await check(care, 'referral-future-dates');
    await care.locator('#referral-dateOfBirth').fill('2006-05-05');
    await care.locator('#referral-givenAt').fill('2026-11-02');
    await care.getByRole('button', { name: 'Aanmelden' }).click();
    await untilDone(care, async () => /\/trajecten\/[0-9a-f-]{36}$/.test(care.url()), 'referral');
    candidateId = care.url().split('/').pop()!;
    const warning = care.locator('section:has(#duplicate-title)');
    await warning.getByText('Er loopt al een traject voor iemand met dezelfde naam en geboortedatum.').waitFor();
    // Another provider's client: that a journey exists, and to call the municipality; no link.
    await warning.getByText('Neem contact op met de gemeente').waitFor();
    expect(await warning.getByRole('link').count()).toBe(0);
    await check(care, 'journey-duplicate-care');
  });

  it('the coordinator sees the same warning with the link to the journey referred before', async () => {
    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/trajecten/${candidateId}`);
    const link = coordinator.locator('section:has(#duplicate-title)').getByRole('link', { name: 'Open het andere traject' });
    await link.waitFor();
    await check(coordinator, 'journey-duplicate-coordinator');
    await link.click();
    await coordinator.waitForURL((url) => /\/trajecten\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(candidateId));
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
  });

  it('the job coach corrects the date of birth on the version read, with a reason; the same date rule holds, at phone width too', async () => {
    const care = await as('care');
    await care.goto(`${base}/trajecten/${candidateId}`);
    await care.getByRole('link', { name: 'Gegevens corrigeren' }).click();
    await care.waitForURL(/\/corrigeren$/);
    await care.locator('#correction-dateOfBirth').waitFor();
    expect(await care.locator('#correction-dateOfBirth').inputValue()).toBe('2006-05-05');
    await care.locator('#correction-dateOfBirth').fill('2031-05-05');
    await care.getByRole('button', { name: 'Correctie opslaan' }).click();
    await care.locator('#correction-summary').getByText('De geboortedatum ligt in de toekomst').waitFor();
    await care.locator('#correction-summary').getByText('Reden van de correctie: Vul dit veld in.').waitFor();
    await check(care, 'correction-errors');
    await care.locator('#correction-dateOfBirth').fill('2006-06-05');
    await care.locator('#correction-reason').fill('Maand verkeerd overgenomen van het verwijsformulier');
    await care.getByRole('button', { name: 'Correctie opslaan' }).click();
    await untilDone(care, () => care.getByText('De gegevens zijn gecorrigeerd.').isVisible(), 'correction');
    await care.setViewportSize(PHONE);
    await check(care, 'correction-done-phone');
    await care.setViewportSize(DESK);
    const data = (await p.get('care', `/journeys/${candidateId}/candidate?purpose=CARE_DELIVERY`)).json();
    expect(data).toMatchObject({ dateOfBirth: '2006-06-05', version: 2 });
  });

  it('a referral made in error asks for confirmation, then says what happened; the referral row has no dead link; the timeline says it in its own words', async () => {
    const care = await as('care');
    await care.goto(`${base}/trajecten/${candidateId}`);
    await chooseAct(care, 'Aanmelding ten onrechte (vergissing)');
    await care.getByText('U legt vast dat deze aanmelding een vergissing was.').waitFor();
    await check(care, 'confirm-referral-error');
    // Going back changes nothing.
    await care.getByRole('button', { name: 'Nee, ga terug' }).click();
    expect((await p.get('care', `/journeys/${candidateId}`)).json().status).toBe('ACTIVE');
    await chooseAct(care, 'Aanmelding ten onrechte (vergissing)');
    await care.getByRole('button', { name: 'Ja, de aanmelding was een vergissing' }).click();
    await untilDone(care, async () => care.url().endsWith(`/trajecten/${candidateId}/gesloten/referral-error`), 'closed page');
    await care.getByRole('heading', { level: 1, name: 'De aanmelding is gesloten als vergissing' }).waitFor();
    await care.getByText('Uw organisatie kan de gegevens van deze jongere niet meer inzien.').waitFor();
    await check(care, 'closed-referral-error');
    await care.getByRole('link', { name: 'Naar de aanmeldingen' }).click();
    await care.waitForURL(/\/aanmeldingen$/);
    await care.getByText('Ingetrokken; niet meer in te zien').first().waitFor();
    await check(care, 'referrals-after-closing');
    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/trajecten/${candidateId}`);
    await coordinator.getByText('meldde dat de aanmelding ten onrechte was; het traject is gesloten').waitFor();
    expect(await coordinator.getByText('trok het traject in').count()).toBe(0);
    await check(coordinator, 'timeline-referral-error');
  });

  it('a task date the API refuses (an intake meeting tomorrow) is refused in the form before sending, in the same Dutch words; today is taken', async () => {
    const id = await p.refer('care', referralBody(own, { candidate: { firstName: 'Mila', lastName: `Morgen${tag}`, dateOfBirth: '2006-08-08' } }));
    await p.complete('coordinator', id, 'intake.accept', PAYLOADS.accept);
    const taskId = await p.task('coordinator', id, 'intake.meeting');
    const taskUrl = `/journeys/${id}/tasks/${encodeURIComponent(taskId)}/complete`;
    // The API refuses the date with a code; the web app words that code from its locale file.
    const refused = await p.post('coordinator', taskUrl, { payload: { meetingDate: tomorrow(), goalCodes: ['RETAIL'] } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'payload.meetingDate', code: 'IN_FUTURE' })]);
    const words = nl.fieldCode.IN_FUTURE;

    const coordinator = await as('coordinator');
    const sent: string[] = [];
    const record = (request: Request): void => {
      if (request.method() === 'POST' && request.url().endsWith(taskUrl)) sent.push(request.url());
    };
    coordinator.on('request', record);
    try {
      await coordinator.goto(`${base}/taken/${id}/${encodeURIComponent(taskId)}`);
      const form = coordinator.locator('form.task-form');
      await form.waitFor();
      await form.getByLabel('Datum van het gesprek').fill(tomorrow());
      await form.getByRole('button', { name: 'Versturen' }).click();
      const error = form.locator('[id$="-meetingDate-error"]');
      await error.waitFor();
      expect(await error.textContent()).toBe(words);
      await form.getByRole('alert').getByText(`Datum van het gesprek: ${words}`).waitFor();
      expect(await form.getByLabel('Datum van het gesprek').getAttribute('aria-invalid')).toBe('true');
      await check(coordinator, 'task-date-after-today');
      expect(sent).toEqual([]);
      await form.getByLabel('Datum van het gesprek').fill(dutchDate());
      await form.getByRole('button', { name: 'Versturen' }).click();
      await coordinator.getByText('Verstuurd. De taak is afgerond.').waitFor({ timeout: 60000 });
      expect(sent).toHaveLength(1);
    } finally {
      coordinator.off('request', record);
    }
  });

  it('a withdrawal asks for confirmation and the after-page names the reason chosen', async () => {
    const id = await p.refer('care', referralBody(own, { candidate: { firstName: 'Sem', lastName: `Verhuist${tag}`, dateOfBirth: '2005-02-02' } }));
    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/trajecten/${id}`);
    await chooseAct(coordinator, 'Intrekken (toestemming ingetrokken)', 'Verhuisd');
    await coordinator.getByRole('button', { name: 'Ja, trek het traject in' }).click();
    await untilDone(coordinator, async () => coordinator.url().includes(`/trajecten/${id}/gesloten/withdraw`), 'withdrawn page');
    await coordinator.getByRole('heading', { level: 1, name: 'Het traject is ingetrokken' }).waitFor();
    await coordinator.getByText('Reden: Verhuisd').waitFor();
    await check(coordinator, 'closed-withdraw');
    await coordinator.getByRole('link', { name: 'Naar het traject' }).click();
    await coordinator.getByText('trok het traject in').waitFor();
  });

  it('no page broke an axe rule or threw a script error', () => {
    expect(pageCheck.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
