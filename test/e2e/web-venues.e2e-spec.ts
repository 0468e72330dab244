import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { HttpParties } from '../support/http-driver';
import { ensureWebAppBuilt, launchChromium, pageChecks, signInThroughPage } from '../support/browser';
import { bearer, createParties, endJourneysStartedSince, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };

/** The month before this one and next week's Monday (UTC), as the pages default to them. */
function lastMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}
function nextMonday(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7 - ((now.getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
}

/**
 * Each venue's monthly work in a real browser (Debian's chromium through playwright-core) against
 * the real stack: the venue on a phone-sized screen does one real act of its month through its
 * page (the cooperative a member's statement, the Social Firm a worker added and their hours
 * changed, the flex-work space a seat booked), the municipality's coordinator at a desk reads the
 * settlement, the inclusion share and the occupancy; axe-core on every page, a screenshot of each
 * under dist/test-output/web.
 */
describe('the venues’ pages, in a browser', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base: string;
  let own: TestParties;
  let p: HttpParties;
  let candidateId: string;
  let memberId: string;
  const startedAt = new Date();
  const tag = randomUUID().slice(0, 6);
  const venue: Record<string, string> = {};
  const users: Record<string, string> = {};
  const pages: Record<string, Page> = {};
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, 'venues');
  const { violations } = pageCheck;
  let shot = 0;

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());

    own = await createParties(db);
    users.coordinator = `coordinator-${tag}`;
    p = new HttpParties(api, {
      coordinator: await bearer(api, own.municipalityId, ['coordinator'], users.coordinator),
      care: await bearer(api, own.careProviderId, ['support-worker']),
    });
    const kinds: [string, Record<string, unknown>][] = [
      ['cooperative', { name: `Coöperatie De Kruimel ${tag}`, kind: 'SOCIAL_COOPERATIVE', socialCooperative: { chamberOfCommerceNumber: '12345678', benefitLevelCents: 70000, outflowAfterMonths: 3 } }],
      ['firm', { name: `Sociaal Bedrijf Polder ${tag}`, kind: 'SOCIAL_FIRM', socialFirm: {} }],
      ['flex', { name: `Flexwerkplek Stadshart ${tag}`, kind: 'FLEX_WORKSPACE', flexWorkspace: { address: 'Stadhuisplein 1', seats: 10, socialSeats: 4 } }],
    ];
    for (const [who, body] of kinds) {
      const created = await p.post('coordinator', '/venues', body);
      if (created.statusCode !== 201) throw new Error(`venue ${who}: ${created.statusCode} ${created.body}`);
      venue[who] = created.json().id;
      users[who] = `${who}-${tag}`;
      await seedUser(venue[who], ['employer'], users[who]);
      p.tokens[who] = await bearer(api, venue[who], ['employer'], users[who]);
    }
    // A young person of the municipality: a member of the cooperative with its consent, and a participant at the flex-work space.
    candidateId = await p.refer('care', referralBody(own, { candidate: { firstName: 'Noor', lastName: 'Venue', dateOfBirth: '1990-02-02' } }));
    const member = await p.post('coordinator', '/cooperative-members', {
      venueId: venue.cooperative, candidateId, joinedOn: '2026-01-05', consent: { decisionDate: '2026-01-02', legalBasis: 'Participatiewet art. 31 lid 2 sub n', planReference: 'PvA-2026-7' }, singleParent: false, medicalHourLimitation: false,
    });
    if (member.statusCode !== 201) throw new Error(`member: ${member.statusCode} ${member.body}`);
    memberId = member.json().id;
    const revenue = await p.post('flex', '/flex-revenue', { venueId: venue.flex, candidateId, month: lastMonth(), netRevenueCents: 12500 });
    if (revenue.statusCode !== 201) throw new Error(`revenue: ${revenue.statusCode} ${revenue.body}`);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await closeBrowser?.();
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** A party's tab, signed in through the sign-in page: a venue on a phone-sized screen, the coordinator at a desk. */
  async function as(who: string): Promise<Page> {
    if (pages[who]) return pages[who];
    const context = await browser.newContext({ viewport: who === 'coordinator' ? DESK : PHONE, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await signInThroughPage(page, base, '/plekken', users[who]);
    return (pages[who] = page);
  }

  /** axe-core and a screenshot, numbered in the order of the walk. */
  function check(page: Page, name: string): Promise<void> {
    return pageCheck.check(page, `${String(++shot).padStart(2, '0')}-${name}`);
  }

  /** Sends a form and waits for its words of success, pressing "Opnieuw proberen" when a busy machine answered 503. */
  async function send(page: Page, form: string, button: string, done: string): Promise<void> {
    await page.locator(`section:has(#${form}-title)`).getByRole('button', { name: button }).click();
    const retry = page.getByRole('button', { name: 'Opnieuw proberen' });
    const deadline = Date.now() + 60000;
    while (!(await page.getByText(done).isVisible())) {
      if (Date.now() > deadline) throw new Error(`${form}: not done: ${await page.locator('main').innerText()}`);
      if (await retry.isVisible()) await retry.click();
      await page.waitForTimeout(250);
    }
  }

  /** The page fits a 360 px screen: nothing wider than the window but the tables' own scrolling regions. */
  async function fitsPhone(page: Page): Promise<void> {
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
  }

  it('the social cooperative enters a member’s monthly statement; the coordinator reads the settled month, downloads the CSV and corrects the benefit level from a date', async () => {
    const coop = await as('cooperative');
    await coop.getByRole('heading', { level: 1, name: `Coöperatie De Kruimel ${tag}` }).waitFor();
    await check(coop, 'cooperative');
    await fitsPhone(coop);
    // Sent empty: the errors at their fields and in a summary, nothing sent.
    await coop.locator('#statement-month').fill('');
    await coop.getByRole('button', { name: 'Maandopgave versturen' }).click();
    await expect(coop.getByRole('alert').first().textContent()).resolves.toMatch(/fouten in het formulier/);
    await check(coop, 'cooperative-statement-errors');
    await coop.locator('#statement-memberId').selectOption(memberId);
    await coop.locator('#statement-month').fill(lastMonth());
    await coop.locator('#statement-hoursWorked').fill('62,5');
    const figures: [string, string][] = [['revenueInvoicedCents', '1.200,00'], ['revenueReceivedCents', '1000'], ['declaredCostsCents', '100'], ['reserveDepositCents', '100'], ['reserveSpendingCents', '0'], ['payoutCents', '800']];
    for (const [field, value] of figures) await coop.locator(`#statement-${field}`).fill(value);
    await send(coop, 'statement', 'Maandopgave versturen', 'Verstuurd. De maandopgave is vastgelegd.');
    await coop.locator('section:has(#coop-statements) table').getByText(/€\s800,00/).first().waitFor();
    await check(coop, 'cooperative-statement-sent');
    // The same month again without a reason: the API's 409 in words, nothing recorded.
    await coop.locator('#statement-memberId').selectOption(memberId);
    await coop.locator('#statement-hoursWorked').fill('10');
    for (const [field] of figures) await coop.locator(`#statement-${field}`).fill('0');
    await coop.getByRole('button', { name: 'Maandopgave versturen' }).click();
    await coop.getByText('Een nieuwe opgave is een correctie: vul de reden van de correctie in').waitFor();
    // The API's English detail is never shown: the conflict reads in the app's own words only.
    await expect(coop.getByRole('alert').filter({ hasText: 'Een nieuwe opgave is een correctie' }).textContent()).resolves.not.toMatch(/correctionReason|nothing was recorded/);
    await check(coop, 'cooperative-statement-409');
    const rows = await db.query(`SELECT month, version, net_result_cents FROM cooperative_statements WHERE member_id = $1`, [memberId]);
    expect(rows.rows).toEqual([{ month: lastMonth(), version: 1, net_result_cents: 80000 }]);

    const coordinator = await as('coordinator');
    await coordinator.getByRole('link', { name: `Coöperatie De Kruimel ${tag}` }).click();
    const settlement = coordinator.locator('section:has(#coop-settlement) table');
    await settlement.waitFor();
    // €800 net: 25% exempted is €200 (under the €264 cap), €600 set off against the benefit.
    await expect(settlement.innerText()).resolves.toMatch(/€\s800,00\s+Algemeen\s+€\s200,00\s+€\s600,00\s+1\s+1\s+Nee/);
    await check(coordinator, 'coordinator-cooperative');
    const download = coordinator.waitForEvent('download');
    await coordinator.getByRole('button', { name: 'Download verrekening (CSV)' }).click();
    const csv = readFileSync((await (await download).path())!, 'utf8');
    expect(csv).toContain(`${lastMonth()},${venue.cooperative},${memberId},${candidateId},1,80000,80000,STANDARD`);

    // The coordinator corrects the benefit level from last month on (€850): that month's €800 is no longer at or above it.
    await coordinator.locator('#venue-data-form-validFrom').fill(`${lastMonth()}-01`);
    await coordinator.locator('#venue-data-form-benefitLevelCents').fill('850');
    await coordinator.locator('#venue-data-form-reason').fill('Bijstandsnorm aangepast');
    await send(coordinator, 'venue-data-form', 'Correctie vastleggen', 'De correctie is vastgelegd');
    await coordinator.locator('section:has(#venue-data) table').getByText('Bijstandsnorm aangepast').waitFor();
    await expect(settlement.innerText()).resolves.toMatch(/€\s600,00\s+1\s+0\s+Nee/);
    await check(coordinator, 'coordinator-cooperative-corrected');
    expect((await db.query(`SELECT venue_data->>'benefitLevelCents' AS level FROM organisations WHERE id = $1`, [venue.cooperative])).rows[0].level).toBe('70000');
  });

  it('the Social Firm adds a worker and changes their hours from a date; the coordinator reads the inclusion share beside the market’s', async () => {
    const firm = await as('firm');
    await firm.getByRole('heading', { level: 1, name: `Sociaal Bedrijf Polder ${tag}` }).waitFor();
    await firm.locator('#worker-workerReference').fill('SB-7');
    await firm.locator('#worker-employmentForm').selectOption('JOBS_AGREEMENT');
    await firm.locator('#worker-contractHoursPerWeek').fill('25,5');
    await firm.locator('#worker-paidHoursPerWeek').fill('25,5');
    await firm.locator('#worker-inTargetGroupRegister').check();
    await firm.locator('#worker-registerBasis').selectOption('INDICATION');
    await firm.locator('#worker-startedOn').fill('2026-01-05');
    await send(firm, 'worker', 'Medewerker toevoegen', 'Toegevoegd aan het register.');
    await firm.locator('section:has(#firm-register) table').getByText('SB-7').waitFor();
    await check(firm, 'firm-worker-added');
    await fitsPhone(firm);
    const workerId = (await db.query(`SELECT id FROM social_firm_workers WHERE venue_id = $1 AND worker_reference = 'SB-7'`, [venue.firm])).rows[0].id;
    await firm.locator('#worker-change-workerId').selectOption(workerId);
    await firm.locator('#worker-change-effectiveFrom').fill(`${lastMonth()}-01`);
    await firm.locator('#worker-change-paidHoursPerWeek').fill('12,75');
    await firm.locator('#worker-change-reason').fill('Op eigen verzoek minder uren');
    await send(firm, 'worker-change', 'Wijziging vastleggen', 'De wijziging is vastgelegd');
    await firm.locator('section:has(#firm-history) table').getByText('Op eigen verzoek minder uren').waitFor();
    // Last month: one worker, all included; 12.75 of 25.5 hours is half a banenafspraak job.
    await firm.getByText('Banenafspraak: 0,5 banen').waitFor();
    await check(firm, 'firm-hours-changed');

    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/plekken/${venue.firm}`);
    const share = coordinator.locator('section[aria-labelledby="firm-share"] table');
    await share.waitFor();
    await expect(share.innerText()).resolves.toMatch(/Naar aantal medewerkers\s+100%\s+50%\s+5%/);
    await coordinator.locator('section[aria-labelledby="firm-share"] .chart svg').waitFor();
    await check(coordinator, 'coordinator-firm');
  });

  it('the flex-work space books a participant’s seat; the occupancy shows it to the space and the coordinator', async () => {
    const flex = await as('flex');
    await flex.getByRole('heading', { level: 1, name: `Flexwerkplek Stadshart ${tag}` }).waitFor();
    await flex.locator('#booking-day').fill(nextMonday());
    await flex.locator('#booking-part-MORNING').check();
    await flex.locator('#booking-tenantKind-SOCIAL').check();
    await flex.locator('#booking-candidateId').selectOption(candidateId);
    await send(flex, 'booking', 'Plek boeken', 'Geboekt.');
    const occupancy = flex.locator('section:has(#flex-occupancy) table');
    await occupancy.getByText('1 van 4').waitFor();
    await check(flex, 'flex-booked');
    await fitsPhone(flex);
    expect((await db.query(`SELECT booked_social FROM flex_slots WHERE venue_id = $1`, [venue.flex])).rows).toEqual([{ booked_social: 1 }]);

    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/plekken/${venue.flex}`);
    await coordinator.locator('section:has(#flex-occupancy) table').getByText('1 van 4').waitFor();
    // €125 net revenue last month: the €100 goal met, no contribution due.
    await expect(coordinator.locator('section:has(#flex-revenue) table').innerText()).resolves.toMatch(/€\s125,00\s+€\s100,00\s+Ja\s+€\s0,00\s+Nee/);
    await check(coordinator, 'coordinator-flex');
    await coordinator.getByRole('button', { name: 'English' }).click();
    await coordinator.getByRole('heading', { level: 2, name: /Occupancy from/ }).waitFor();

    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('the venues name their young people by first name only, the coordinator in full; each list read is logged once', async () => {
    // A placed young person in the Social Firm's register (as entering a placed journey writes it).
    await db.query(
      `INSERT INTO social_firm_workers (id, venue_id, municipality_id, candidate_id, worker_reference, employment_form, contract_hours_hundredths, paid_hours_hundredths, in_target_group_register, started_on)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'TRIAL_PLACEMENT', 1600, 1600, false, '2026-01-05')`,
      [venue.firm, own.municipalityId, candidateId, `journey-${candidateId}`],
    );
    const head = async () => (await db.query(`SELECT coalesce(max(chain_seq), 0)::int AS n FROM access_log WHERE municipality_id = $1`, [own.municipalityId])).rows[0].n as number;
    const reads = async (organisationId: string, endpoint: string, after: number) =>
      (await db.query(`SELECT candidate_id, candidate_ids, purpose, fields FROM access_log WHERE organisation_id = $1 AND endpoint = $2 AND chain_seq > $3`, [organisationId, endpoint, after])).rows;
    for (const [who, url, endpoint, field] of [
      ['cooperative', `/cooperative-members?venueId=${venue.cooperative}`, 'GET /cooperative-members', 'membership'],
      ['flex', '/flex-revenue', 'GET /flex-revenue', 'revenue'],
      ['firm', '/social-firm-workers', 'GET /social-firm-workers', 'register'],
    ] as const) {
      const before = await head();
      const response = await p.get(who, url);
      expect(response.statusCode).toBe(200);
      const named = response.json().items.filter((i: { candidateId?: string }) => i.candidateId === candidateId);
      expect(named.length).toBeGreaterThan(0);
      for (const item of named) expect(item.person).toEqual({ firstName: 'Noor', referrerName: expect.any(String), step: 'CONNECT', daysRunning: expect.any(Number) });
      expect(response.body).not.toMatch(/"lastName"|"age"|Venue"|1990-02-02/);
      expect(await reads(venue[who], endpoint, before)).toEqual([{ candidate_id: null, candidate_ids: [candidateId], purpose: 'PLACEMENT', fields: ['firstName', field] }]);
    }
    const before = await head();
    const full = (await p.get('coordinator', `/cooperative-members?venueId=${venue.cooperative}`)).json().items[0].person;
    expect(full).toMatchObject({ firstName: 'Noor', lastName: 'Venue', age: expect.any(Number) });
    expect(await reads(own.municipalityId, 'GET /cooperative-members', before)).toEqual([
      { candidate_id: null, candidate_ids: [candidateId], purpose: 'MUNICIPAL_TASK', fields: ['firstName', 'lastName', 'dateOfBirth', 'membership'] },
    ]);

    // On the pages: the venues' tables and pickers say "Noor", never a reference or the surname.
    const coop = await as('cooperative');
    await coop.reload();
    const members = coop.locator('section:has(#coop-members) table');
    await members.getByRole('cell', { name: 'Noor', exact: true }).waitFor();
    await expect(coop.locator('#statement-memberId option').allInnerTexts()).resolves.toContainEqual(expect.stringMatching(/^Lid Noor \(sinds /));
    await expect(coop.locator('main').innerText()).resolves.not.toMatch(new RegExp(`Venue|${candidateId.slice(0, 8)}`));
    await check(coop, 'cooperative-named');
    const flex = await as('flex');
    await flex.reload();
    await flex.locator('section:has(#flex-revenue) table').getByRole('cell', { name: 'Noor', exact: true }).waitFor();
    await expect(flex.locator('#revenue-candidateId option').allInnerTexts()).resolves.toContain('Deelnemer Noor');
    await check(flex, 'flex-named');
    const firm = await as('firm');
    await firm.reload();
    await firm.locator('section:has(#firm-register) table').getByRole('cell', { name: 'Noor', exact: true }).waitFor();
    await expect(firm.locator('main').innerText()).resolves.not.toMatch(/Venue|journey-/);
    await check(firm, 'firm-named');
    // The coordinator's tab may be in English since the walk above.
    const coordinator = await as('coordinator');
    await coordinator.goto(`${base}/plekken/${venue.flex}`);
    await coordinator.locator('section:has(#flex-revenue) table').getByRole('cell', { name: /^Noor Venue \(\d+ (jaar|years)\)$/ }).waitFor();
    await check(coordinator, 'coordinator-flex-named');
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
