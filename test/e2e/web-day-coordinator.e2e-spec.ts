import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { OUTCOME_LABELS } from '../../libs/domain/src/pipeline-labels';
import { parseCsv } from '../support/csv';
import { ageToday, PHONE, WorkingDay } from '../support/working-day';

/**
 * The coordinator's working day (Gemeente Zoetermeer), through the screens only: two referrals
 * come in from a care provider, the bell counts them and counts down as they are read, the intake
 * rests on what the referral says, and every decision up to a running placement shows what it
 * rests on. The job coach and the bike repairer do their parts in their own browsers. A young
 * person who moved away is withdrawn after a confirmation; the access log is paged and its chain
 * checked; the dashboard's outcomes are the pipeline summary the page read, and its CSV opens as
 * semicolon-separated UTF-8. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('a coordinator’s working day, in the screens', () => {
  let day: WorkingDay;
  let sanneId: string;
  let daanId: string;
  const sanne = { firstName: 'Sanne', lastName: 'Bakker', dateOfBirth: '2006-03-14', situation: 'Dagbesteding drie dagen per week; wil buiten werken en houdt van fietsen.' };
  const daan = { firstName: 'Daan', lastName: 'Visser', dateOfBirth: '2005-11-02', situation: 'Dagbesteding twee dagen per week; zoekt werk met zijn handen.' };
  const sanneName = `Sanne Bakker (${ageToday(sanne.dateOfBirth)} jaar)`;
  const daanName = `Daan Visser (${ageToday(daan.dateOfBirth)} jaar)`;

  beforeAll(async () => {
    day = await WorkingDay.open('coordinator', {
      coordinator: { organisation: 'Gemeente Zoetermeer', type: OrganisationType.MUNICIPALITY, user: 'Petra de Wit', roles: ['coordinator'] },
      care: { organisation: 'Zorgcollectief De Linde', type: OrganisationType.CARE_PROVIDER, user: 'Kim Vermeulen', roles: ['support-worker'] },
      employer: { organisation: 'Fietsherstel Het Wiel', type: OrganisationType.EMPLOYER, user: 'Henk de Graaf', roles: ['employer'], viewport: PHONE },
    });
  });

  afterAll(async () => {
    await day?.close();
  });

  /** A fact of a task page's "Over wie" or "Wat u moet weten" list. */
  const fact = (page: Page, section: string, term: string) => page.getByRole('region', { name: section }).locator(`dt:text-is("${term}") + dd`).first().innerText();

  it('two referrals come in: the bell counts them, and counts down as they are read', async () => {
    sanneId = await day.refer('care', sanne);
    daanId = await day.refer('care', daan);
    const page = await day.tab('coordinator');
    // The notifications come a moment after the referrals: the bell is asked again on every page change.
    for (const deadline = Date.now() + 60_000; !(await day.bell(page, 2).isVisible()); ) {
      if (Date.now() > deadline) throw new Error(`the bell says ${await day.unread(page)} unread, not 2`);
      await page.reload();
      await page.locator('header a.notification-bell').waitFor();
    }
    // The inbox tells the two apart: name, age, who referred them.
    const sanneRow = (await day.inboxRow('coordinator', sanneId, 'intake.accept')).first();
    await expect(sanneRow.locator('a.task-list__title').innerText()).resolves.toBe(`Aanmelding beoordelen: ${sanneName}`);
    await expect(sanneRow.innerText()).resolves.toContain('aangemeld door Zorgcollectief De Linde');
    await expect(page.locator(`li[data-candidate="${daanId}"] a.task-list__title`).innerText()).resolves.toBe(`Aanmelding beoordelen: ${daanName}`);
    await day.check(page, 'inbox');
    await day.docShot(page, 'inbox');

    await day.bell(page, 2).click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    const items = page.locator('ul.notification-list > li');
    await items.nth(1).waitFor();
    await expect(items.count()).resolves.toBe(2);
    const daanItem = items.filter({ hasText: daanName });
    const sanneItem = items.filter({ hasText: sanneName });
    await day.check(page, 'notifications');
    await day.docShot(page, 'notifications');
    await daanItem.getByRole('button', { name: /^Markeer als gelezen/ }).click();
    await day.bell(page, 1).waitFor();
    // Following one to its task reads it too.
    await sanneItem.getByRole('link', { name: /^Naar de taak/ }).click();
    await page.locator('form.task-form').waitFor();
    await day.bell(page, 0).waitFor();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(`Aanmelding beoordelen: ${sanneName}`);
  });

  it('every decision up to a running placement shows what it rests on', async () => {
    day.look['intake.accept'] = async (page) => {
      await expect(fact(page, 'Over wie', 'Naam')).resolves.toBe('Sanne Bakker');
      await expect(fact(page, 'Over wie', 'Leeftijd')).resolves.toBe(`${ageToday(sanne.dateOfBirth)} jaar`);
      await expect(fact(page, 'Over wie', 'Aangemeld door')).resolves.toBe('Zorgcollectief De Linde');
      await expect(fact(page, 'Over wie', 'Situatie (bij aanmelding)')).resolves.toBe(sanne.situation);
      await day.check(page, 'intake-accept');
    };
    day.look['orientation.propose'] = async (page) => {
      await expect(fact(page, 'Wat u moet weten', 'Doelen uit het intakegesprek')).resolves.toBe('Buiten werken');
      await expect(fact(page, 'Wat u moet weten', 'Talenten')).resolves.toBe('Nauwkeurig');
      await expect(fact(page, 'Wat u moet weten', 'Interesses')).resolves.toBe('Fietsen');
      await expect(page.getByRole('group', { name: /^Werkplekken \(werkgevers\)/ }).innerText()).resolves.toContain('Fietsherstel Het Wiel');
      await day.check(page, 'orientation-propose');
    };
    day.look['discover.conclude'] = async (page) => {
      const orientations = await page.getByRole('region', { name: 'Oriëntaties' }).innerText();
      for (const shown of ['Fietsherstel Het Wiel', 'Antwoord: ', 'Fietsherstel Het Wiel gaf een 4 van 5', 'Zorgcollectief De Linde gaf een 4 van 5', 'beveelt de werkplek aan']) expect(orientations).toContain(shown);
      await expect(fact(page, 'Wat u moet weten', 'Doelen uit het intakegesprek')).resolves.toBe('Buiten werken');
      await day.check(page, 'discover-conclude');
      await day.docShot(page, 'task-form', { fullPage: true });
    };
    day.look['analyse.match'] = async (page) => {
      await expect(page.getByRole('region', { name: 'Oriëntaties' }).innerText()).resolves.toContain('Fietsherstel Het Wiel gaf een 4 van 5');
      await expect(fact(page, 'Wat u moet weten', 'Afgesproken ondersteuning')).resolves.toBe('Jobcoach');
      await day.check(page, 'analyse-match');
    };
    day.look['analyse.decision'] = async (page) => {
      await expect(fact(page, 'Wat u moet weten', 'Werkgever')).resolves.toBe('Fietsherstel Het Wiel');
      await expect(fact(page, 'Wat u moet weten', 'Uren en duur')).resolves.toBe('16 uur per week, 26 weken');
      await expect(fact(page, 'Wat u moet weten', 'Voorgestelde route')).resolves.toBe('Loonkostensubsidie');
      await day.check(page, 'analyse-decision');
    };
    await day.walkToRunningPlacement(sanneId, { carer: 'care', host: 'employer' });

    const page = await day.visit('coordinator', `/trajecten/${sanneId}`);
    await page.getByRole('heading', { level: 1, name: `Traject van ${sanneName}` }).waitFor();
    await page.getByText('Plaatsing loopt · actief').waitFor();
    // Where the young person is now, without reading the timeline.
    await expect(page.locator('dl.facts dt:text-is("Nu bij") + dd').innerText()).resolves.toBe('Fietsherstel Het Wiel');
    await day.check(page, 'journey-placed');
    await day.docShot(page, 'journey');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Plaatsingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plaatsingen' }).waitFor();
    await page.locator('main').getByText(sanneName).first().waitFor();
    await day.check(page, 'placements');
  });

  it('a young person who moved away is withdrawn after a confirmation, and the page says what happened', async () => {
    const page = await day.visit('coordinator', `/trajecten/${daanId}`);
    await page.getByRole('heading', { level: 1, name: `Traject van ${daanName}` }).waitFor();
    await day.chooseAct(page, 'Intrekken (toestemming ingetrokken)', 'Verhuisd');
    await page.getByRole('heading', { name: 'Weet u het zeker?' }).waitFor();
    await day.check(page, 'withdraw-confirm');
    await page.getByRole('button', { name: 'Ja, trek het traject in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Het traject is ingetrokken' }).waitFor();
    await page.getByText('Reden: Verhuisd').waitFor();
    await day.check(page, 'withdrawn');
    await page.getByRole('link', { name: 'Naar het traject' }).click();
    await page.getByText('trok het traject in').waitFor();
  });

  it('the access log, page by page, and its chain checked', async () => {
    // The log shows 50 rows a page. The day so far made about that many reads (how many of them
    // are the inbox's polling depends on the machine's speed): the coordinator looks at Daan's
    // journey again until the log holds more than one page, so its paging is walked every time.
    let page = await day.visit('coordinator', '/toegangslog');
    for (let round = 0; ; round++) {
      const summary = page.getByText(/^\d+ regels? getoond;/);
      await summary.waitFor();
      if ((await summary.innerText()).includes('er zijn er meer')) break;
      if (round === 30) throw new Error(`the access log stays one page: ${await summary.innerText()}`);
      const journey = await day.visit('coordinator', `/trajecten/${daanId}`);
      await journey.getByRole('heading', { level: 1, name: `Traject van ${daanName}` }).waitFor();
      page = await day.visit('coordinator', '/toegangslog');
    }
    const rows = page.locator('table tbody tr');
    await page.getByText('50 regels getoond; er zijn er meer.').waitFor();
    await expect(rows.count()).resolves.toBe(50);
    await day.check(page, 'access-log');
    for (let shown = 50; await page.getByRole('button', { name: 'Meer laden' }).isVisible(); ) {
      await page.getByRole('button', { name: 'Meer laden' }).click();
      const before = shown;
      for (const deadline = Date.now() + 30_000; (shown = await rows.count()) === before; ) {
        if (Date.now() > deadline) throw new Error('"Meer laden" loaded nothing');
        await page.waitForTimeout(100);
      }
    }
    const total = await rows.count();
    expect(total).toBeGreaterThan(50);
    await page.getByText(`${total} regels getoond; dit zijn ze allemaal.`).waitFor();
    const text = await page.locator('table').innerText();
    expect(text).toContain('Uitvoering van de gemeentelijke taak');
    expect(text).toContain('Kim Vermeulen, Zorgcollectief De Linde');
    expect(text).not.toMatch(/MUNICIPAL_TASK|firstName/);
    await page.getByRole('button', { name: 'Controleer de keten' }).click();
    const chain = page.locator('[role="status"]').filter({ hasText: 'De keten is intact' });
    await chain.waitFor();
    expect(Number(/(\d+) regels gecontroleerd/.exec(await chain.innerText())?.[1])).toBeGreaterThanOrEqual(total);
    await day.check(page, 'access-log-chain');
  });

  it('the dashboard’s outcomes are the pipeline summary, and its CSV opens as semicolon-separated UTF-8', async () => {
    const page = await day.tab('coordinator');
    const read = page.waitForResponse((r) => new URL(r.url()).pathname === '/pipeline/summary' && r.request().method() === 'GET');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Dashboard' }).click();
    const summary = (await (await read).json()) as { outcomes: Record<string, number> };
    // What this day did: one orientation, one placement started, one withdrawal.
    expect(summary.outcomes).toMatchObject({ orientations: 1, placementsStarted: 1, withdrawals: 1, exits: 0 });
    const outcomes = page.locator('section[aria-labelledby="fig-outcomes"] table');
    await outcomes.waitFor();
    for (const [code, l] of Object.entries(OUTCOME_LABELS)) {
      const row = outcomes.locator('tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${l.nl.replace(/[()]/g, '\\$&')}$`, 'i') }) });
      expect([code, await row.locator('td').innerText()]).toEqual([code, String(summary.outcomes[code])]);
    }
    await day.check(page, 'dashboard');
    await day.docShot(page, 'dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download cijfers voor Excel (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('pijplijn.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = parseCsv(bytes.toString('utf8'), ';');
    expect(csv[0]).toEqual(['Onderdeel', 'Code', 'Naam', 'Maat', 'Waarde']);
    for (const [code, value] of Object.entries(summary.outcomes)) expect([code, csv.find((r) => r[0] === 'uitkomst' && r[1] === code)?.[4]]).toEqual([code, String(value)]);
    expect(csv.find((r) => r[0] === 'zorgaanbieder')?.[2]).toBe('Zorgcollectief De Linde');
    await day.atPhoneWidth(page, 'dashboard-phone');
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
