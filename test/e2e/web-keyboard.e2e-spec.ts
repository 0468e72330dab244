import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ensureWebAppBuilt, launchChromium, pageChecks, PROVIDER_SIGN_IN_HEADING } from '../support/browser';
import { HttpParties } from '../support/http-driver';
import { focused, Keyboard } from '../support/keyboard';
import { bearer, endJourneysStartedSince, seedUser, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };
const LAST_LINK = 'Toegankelijkheidsverklaring';

/**
 * Keyboard only, on every page of the web app, against the real stack: from a fresh load Tab
 * reaches every control with its focus visible and leaves the page again, Shift+Tab comes all the
 * way back (no keyboard trap), and the page's main controls are operated with Tab, Enter, Space and
 * typing alone. The municipality's reconciliation reports, organisations and users and the
 * transfer of a journey are done this way, with axe-core on each of their pages.
 */
describe('the web app, by keyboard alone', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  let http: HttpParties;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const org: Record<string, string> = {};
  const users: Record<string, string> = {};
  const { shots, violations, check } = pageChecks(testRun().runId, 'keyboard');
  const unseen: string[] = [];
  const pageErrors: string[] = [];
  const open: Page[] = [];

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
    const municipality = (org.municipality = randomUUID());
    const rows: [string, string, OrganisationType][] = [
      ['municipality', `Gemeente Toetsstad ${tag}`, OrganisationType.MUNICIPALITY],
      ['care', `Zorg Het Anker ${tag}`, OrganisationType.CARE_PROVIDER],
      ['care2', `Zorg De Haven ${tag}`, OrganisationType.CARE_PROVIDER],
      ['employer', `Kwekerij Groen ${tag}`, OrganisationType.EMPLOYER],
    ];
    for (const [name, title, type] of rows) {
      org[name] ??= randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], title, type, municipality]);
    }
    const cast: [string, string, string[]][] = [
      ['coordinator', 'municipality', ['coordinator', 'admin']],
      ['care', 'care', ['support-worker', 'admin']],
      ['employer', 'employer', ['employer']],
    ];
    for (const [who, organisation, roles] of cast) {
      users[who] = `kb-${who}-${tag}`;
      await seedUser(org[organisation], roles, users[who]);
    }
    http = new HttpParties(api, {
      care: await bearer(api, org.care, ['support-worker', 'admin'], users.care),
      coordinator: await bearer(api, org.municipality, ['coordinator', 'admin'], users.coordinator),
    });
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** A tab of the party's own, signed in with the keyboard alone: on the sign-in page and at the OpenID provider. */
  async function signedIn(who: string): Promise<{ page: Page; keys: Keyboard }> {
    const context = await browser.newContext({ viewport: who === 'employer' ? PHONE : DESK, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    const page = await context.newPage();
    open.push(page);
    page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
    const keys = keyboard(page, `${who} /inloggen`);
    await page.goto(`${base}/inloggen`);
    await page.getByRole('button', { name: 'Inloggen via uw organisatie' }).waitFor();
    await keys.toText('Inloggen via uw organisatie');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: PROVIDER_SIGN_IN_HEADING }).waitFor();
    const atProvider = keyboard(page, `${who} at the OpenID provider`);
    await atProvider.toId('zoek');
    await page.keyboard.type(users[who]);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: new RegExp(`^${users[who]} – `) }).waitFor();
    await atProvider.toText(`${users[who]} – `);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/taken$/);
    return { page, keys };
  }

  const keyboard = (page: Page, where: string) => new Keyboard(page, where, unseen);


  /** A fresh load of the page: Tab through it and back (no trap, focus always visible). */
  async function walk(page: Page, path: string): Promise<void> {
    await keyboard(page, path).noTrap(`${base}${path}`, LAST_LINK);
  }

  it('every page: Tab reaches every control with visible focus and no trap; the main controls work with keys alone', async () => {
    try {
      await everyPage();
    } catch (error) {
      // What each open tab showed when it failed, in the message and as screenshots.
      const seen: string[] = [];
      for (const [i, page] of open.entries()) {
        await page.screenshot({ path: join(shots, `keyboard-failed-${i}.png`), fullPage: true }).catch(() => undefined);
        seen.push(`${page.url()}: ${(await page.locator('main').innerText().catch(() => '')).slice(0, 600)}`);
      }
      throw new Error(`${(error as Error).message}\n${seen.join('\n')}`, { cause: error });
    }
  }, 900000);

  async function everyPage(): Promise<void> {
    const candidateId = await http.refer('care', {
      municipalityId: org.municipality,
      careProviderId: org.care,
      candidate: { firstName: 'Noor', lastName: `Toets${tag}`, dateOfBirth: '2007-02-02' },
      situation: 'Dagbesteding, wil met planten werken.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    });

    // The coordinator: the inbox (views, filters, claim), the task page (errors in a summary that leads to the field).
    const { page: m } = await signedIn('coordinator');
    await walk(m, '/meldingen');
    await walk(m, '/meldingsvoorkeuren');
    await walk(m, '/taken?weergave=team');
    let keys = keyboard(m, '/taken');
    await m.locator(`li[data-candidate="${candidateId}"]`).first().waitFor({ timeout: 60000 });
    await keys.toId('filter-step');
    await m.keyboard.type('Verbinden');
    await keys.toText('Toepassen');
    await m.keyboard.press('Enter');
    await m.waitForURL(/stap=CONNECT/);
    await keys.toText(/^Oppakken: /);
    await m.keyboard.press('Space');
    // The button keeps the focus while it works and after: Enter gives the task back.
    await m.getByRole('button', { name: /^Teruggeven: / }).first().waitFor();
    await expect(focused(m)).resolves.toMatchObject({ text: expect.stringMatching(/^Teruggeven: /) });
    await m.keyboard.press('Enter');
    await m.getByRole('button', { name: /^Oppakken: / }).first().waitFor();
    await keys.toText(/^Te laat/, { back: true });
    await m.keyboard.press('Enter');
    await m.waitForURL(/weergave=te-laat/);

    const taskId = await http.task('coordinator', candidateId, 'intake.accept', 60000);
    const taskPath = `/taken/${candidateId}/${encodeURIComponent(taskId)}`;
    await walk(m, taskPath);
    keys = keyboard(m, taskPath);
    await keys.to((f) => f.text.startsWith('Versturen'), 'the submit button');
    await m.keyboard.press('Enter');
    await m.getByRole('alert').first().waitFor();
    await keys.to((f) => f.name.startsWith('a ') || f.name.startsWith('a#'), 'the first error in the summary', { max: 5 });
    await m.keyboard.press('Enter');
    await expect(m.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } } }).document.activeElement.tagName)).resolves.toMatch(/INPUT|SELECT|TEXTAREA|FIELDSET/);

    // The journey page: the coordinator transfers the journey to another care provider, by keyboard.
    const journeyPath = `/trajecten/${candidateId}`;
    await walk(m, journeyPath);
    keys = keyboard(m, journeyPath);
    await keys.toId('act');
    await m.keyboard.type('Overdragen');
    await m.locator('#act-careProvider').waitFor();
    await keys.toId('act-careProvider');
    await m.keyboard.type(`Zorg De Haven ${tag}`);
    await keys.toText('Uitvoeren');
    await m.keyboard.press('Enter');
    await m.getByRole('status').filter({ hasText: 'Gedaan.' }).waitFor({ timeout: 60000 });
    await m.getByText(`Zorg De Haven ${tag}`).first().waitFor();
    expect((await http.get('coordinator', `/journeys/${candidateId}`)).json().careProviderId).toBe(org.care2);
    await check(m, 'journey-transferred');

    // Reconciliation reports: start one, open its report when it is done.
    await walk(m, '/controles');
    keys = keyboard(m, '/controles');
    await keys.toText('Nu controleren');
    await m.keyboard.press('Enter');
    await m.getByText('De controle is gestart').waitFor();
    await m.getByRole('cell', { name: 'Klaar', exact: true }).first().waitFor({ timeout: 120000 });
    await check(m, 'reconciliations');
    await keys.toText('Bekijk rapport');
    await m.keyboard.press('Enter');
    await m.getByRole('heading', { level: 1, name: 'Controlerapport' }).waitFor();
    await m.getByRole('heading', { level: 2, name: 'Bevindingen' }).waitFor();
    await m.getByText(/Geen afwijkingen gevonden|Soort/).first().waitFor();
    await check(m, 'reconciliation-report');
    await walk(m, new URL(m.url()).pathname);

    // Organisations: register an employer, open its users, add a user with a role.
    await walk(m, '/organisaties');
    keys = keyboard(m, '/organisaties');
    await keys.toText('Organisatie toevoegen');
    await m.keyboard.press('Enter');
    await m.locator('#organisation-name[aria-invalid="true"]').waitFor();
    await check(m, 'organisations-errors');
    await keys.toId('organisation-name', { back: true });
    await m.keyboard.type(`Hoveniersbedrijf Blad ${tag}`);
    await keys.toId('organisation-type');
    await m.keyboard.type('werkgever');
    await keys.toText('Organisatie toevoegen');
    await m.keyboard.press('Enter');
    await m.getByText(`Hoveniersbedrijf Blad ${tag} is toegevoegd.`).waitFor();
    await m.getByRole('cell', { name: `Hoveniersbedrijf Blad ${tag}`, exact: true }).waitFor();
    await check(m, 'organisations');
    await m.goto(`${base}/organisaties`);
    await m.getByRole('cell', { name: `Hoveniersbedrijf Blad ${tag}`, exact: true }).waitFor();
    keys = keyboard(m, '/organisaties');
    await keys.toText(`Gebruikers van Hoveniersbedrijf Blad ${tag}`);
    await m.keyboard.press('Enter');
    await m.getByRole('heading', { level: 1, name: `Gebruikers van Hoveniersbedrijf Blad ${tag}` }).waitFor();
    await keys.toId('user-name');
    await m.keyboard.type(`Els Blad ${tag}`);
    await keys.toId('user-email');
    await m.keyboard.type('els@example.nl');
    await keys.toId('user-role-employer');
    await m.keyboard.press('Space');
    await keys.toText('Gebruiker toevoegen');
    await m.keyboard.press('Enter');
    await m.getByText(`Els Blad ${tag} is toegevoegd.`).waitFor();
    await m.getByRole('cell', { name: `Els Blad ${tag}`, exact: true }).waitFor();
    await check(m, 'organisation-users');
    const added = await db.query(
      `SELECT u.roles, u.email, u.active FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE o.name = $1 AND o.municipality_id = $2 AND o.type = 'EMPLOYER'`,
      [`Hoveniersbedrijf Blad ${tag}`, org.municipality],
    );
    expect(added.rows).toEqual([{ roles: ['employer'], email: 'els@example.nl', active: true }]);
    // The admin stops the new user's sign-in, by keyboard.
    await keys.toText(`Niet meer laten inloggen: Els Blad ${tag}`, { back: true });
    await m.keyboard.press('Enter');
    await m.getByText('Deze gebruiker kan niet meer inloggen.').waitFor();
    await m.getByRole('cell', { name: 'niet actief', exact: true }).waitFor();
    expect((await db.query('SELECT active FROM users WHERE name = $1', [`Els Blad ${tag}`])).rows).toEqual([{ active: false }]);
    await walk(m, new URL(m.url()).pathname);

    // The coordinator's other pages: dashboard (filters applied by keyboard), referrals, placements, access log, the statement, not found.
    await walk(m, '/dashboard');
    keys = keyboard(m, '/dashboard');
    await keys.toText('Toepassen');
    await m.keyboard.press('Enter');
    await m.getByRole('heading', { level: 2, name: 'Trajecten per stap' }).waitFor();
    await walk(m, '/aanmeldingen');
    keys = keyboard(m, '/aanmeldingen');
    await keys.toText(/^Traject van /);
    await m.keyboard.press('Enter');
    await m.waitForURL(/\/trajecten\//);
    for (const path of ['/plaatsingen', '/toegangslog', '/toegankelijkheid', `/trajecten/${randomUUID()}`]) await walk(m, path);

    // The care provider: the referral form by keyboard (errors first, then sent), its referrals, its own users.
    const { page: c } = await signedIn('care');
    await walk(c, '/aanmelden');
    keys = keyboard(c, '/aanmelden');
    await keys.toText('Aanmelden', { max: 60 }).then(async (f) => (f.name.startsWith('button') ? f : keys.toText('Aanmelden')));
    await c.keyboard.press('Enter');
    await c.getByRole('alert').first().waitFor();
    await keys.toId('referral-municipalityId', { back: true, max: 60 }).catch(() => keys.toId('referral-municipalityId'));
    await c.keyboard.type(`Gemeente Toetsstad ${tag}`);
    await keys.toId('referral-firstName');
    await c.keyboard.type('Daan');
    await keys.toId('referral-lastName');
    await c.keyboard.type(`Toets${tag}`);
    await keys.toId('referral-dateOfBirth');
    await c.keyboard.type('03042007');
    await keys.toId('referral-situation');
    await c.keyboard.type('Dagbesteding.');
    await keys.toId('referral-givenBy-CANDIDATE');
    await c.keyboard.press('Space');
    await keys.toId('referral-givenAt');
    await c.keyboard.type('02112026');
    await keys.toId('referral-confirmed');
    await c.keyboard.press('Space');
    await keys.to((f) => f.name.startsWith('button') && f.text === 'Aanmelden', 'the submit button');
    await c.keyboard.press('Enter');
    await c.waitForURL(/\/trajecten\/[0-9a-f-]{36}$/, { timeout: 120000 });
    for (const path of ['/aanmeldingen', `/organisaties/${org.care}`]) await walk(c, path);

    // The employer on a phone: a workplace added by keyboard; its placements.
    const { page: e } = await signedIn('employer');
    await walk(e, '/werkplekken');
    keys = keyboard(e, '/werkplekken');
    await keys.toId('workplace-title');
    await e.keyboard.type('Hulp in de kas');
    await keys.toId('workplace-location');
    await e.keyboard.type('Tuinlaan 3, Zoetermeer');
    await keys.toId('workplace-hoursPerWeek');
    await e.keyboard.type('12');
    await keys.toId('workplace-capacity');
    await e.keyboard.type('1');
    await keys.toText('Werkplek toevoegen');
    await e.keyboard.press('Enter');
    await e.getByRole('heading', { level: 2, name: 'Hulp in de kas' }).waitFor();
    for (const path of ['/plaatsingen', '/taken']) await walk(e, path);

    // Signed out: the sign-in page itself.
    const context = await browser.newContext({ viewport: PHONE, locale: 'nl-NL' });
    await walk(await context.newPage(), '/inloggen');

    expect(unseen).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  }
});
