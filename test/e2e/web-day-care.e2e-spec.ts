import type { Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ageToday, PHONE, WorkingDay } from '../support/working-day';

/**
 * The job coach's working day (a care provider), through the screens only: a referral whose date
 * of birth in the future is refused in Dutch before anything is sent, then made with the wrong
 * year and corrected on the journey; the same young person referred a second time by mistake,
 * pointed out as a possible duplicate and marked as made in error after a confirmation; the care
 * tasks of the journey up to a running placement, each naming the young person in full; the young
 * person's own access log, where the host read the first name only. The coordinator and the
 * employer do their parts in their own browsers. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('a job coach’s working day, in the screens', () => {
  let day: WorkingDay;
  let milanId: string;
  let twiceId: string;
  const milan = { firstName: 'Milan', lastName: 'Jansen', dateOfBirth: '2006-09-30', situation: 'Dagbesteding drie dagen per week bij de houtwerkplaats; wil buiten werken.' };
  const milanName = `Milan Jansen (${ageToday(milan.dateOfBirth)} jaar)`;

  beforeAll(async () => {
    day = await WorkingDay.open('care', {
      coordinator: { organisation: 'Gemeente Zoetermeer', type: OrganisationType.MUNICIPALITY, user: 'Anouk Jansen', roles: ['coordinator'] },
      care: { organisation: 'Zorgcollectief De Linde', type: OrganisationType.CARE_PROVIDER, user: 'Sevda Yilmaz', roles: ['support-worker'] },
      employer: { organisation: 'Groenbedrijf Buitenwerk', type: OrganisationType.EMPLOYER, user: 'Bart Willems', roles: ['employer'], viewport: PHONE },
    });
  });

  afterAll(async () => {
    await day?.close();
  });

  const title = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  it('refers Milan: a date of birth in the future is refused in Dutch before sending; the wrong year goes through', async () => {
    const page = await day.fillReferral('care', { ...milan, dateOfBirth: '2036-09-30' });
    await page.getByRole('button', { name: 'Aanmelden' }).last().click();
    await page.locator('#referral-summary').getByText('De geboortedatum ligt in de toekomst').waitFor();
    await day.check(page, 'referral-future-date');
    // A slip of the year: 2007 for 2006.
    await page.locator('#referral-dateOfBirth').fill('2007-09-30');
    milanId = await day.sendReferral(page);
    await expect(title(page)).resolves.toBe(`Traject van Milan Jansen (${ageToday('2007-09-30')} jaar)`);
  });

  it('corrects the date of birth on the version read, with a reason; the journey then says the right age', async () => {
    const page = await day.visit('care', `/trajecten/${milanId}`);
    await page.getByRole('link', { name: 'Gegevens corrigeren' }).click();
    await page.locator('#correction-dateOfBirth').waitFor();
    await expect(page.locator('#correction-dateOfBirth').inputValue()).resolves.toBe('2007-09-30');
    await page.locator('#correction-dateOfBirth').fill(milan.dateOfBirth);
    await page.locator('#correction-reason').fill('Geboortejaar verkeerd overgenomen van het verwijsformulier');
    await day.check(page, 'correction');
    await page.getByRole('button', { name: 'Correctie opslaan' }).click();
    await page.getByText('De gegevens zijn gecorrigeerd.').waitFor();
    await day.check(page, 'corrected');
    await day.visit('care', `/trajecten/${milanId}`);
    await page.getByRole('heading', { level: 1, name: `Traject van ${milanName}` }).waitFor();
  });

  it('refers Milan a second time by mistake: the journey warns of a possible duplicate, and the mistake is marked after a confirmation', async () => {
    twiceId = await day.refer('care', milan);
    const page = await day.tab('care');
    const warning = page.locator('section:has(#duplicate-title)');
    await warning.getByText('Er loopt al een traject voor iemand met dezelfde naam en geboortedatum.').waitFor();
    // The job coach takes part in the other journey: the warning links to it.
    await expect(warning.getByRole('link', { name: 'Open het andere traject' }).getAttribute('href')).resolves.toBe(`/trajecten/${milanId}`);
    await day.check(page, 'duplicate-warning');
    await day.docShot(page, 'duplicate-warning');
    await day.atPhoneWidth(page, 'duplicate-warning-phone', async () => {
      // On a phone the warning reads top to bottom: its title and link are not squeezed into columns of a word or two.
      const box = await warning.getByRole('heading', { name: 'Mogelijk dubbel aangemeld' }).boundingBox();
      expect(box!.width).toBeGreaterThan(200);
    });
    await day.chooseAct(page, 'Aanmelding ten onrechte (vergissing)');
    await page.getByRole('heading', { name: 'Weet u het zeker?' }).waitFor();
    await page.getByText('U legt vast dat deze aanmelding een vergissing was.').waitFor();
    await day.check(page, 'referral-error-confirm');
    await page.getByRole('button', { name: 'Ja, de aanmelding was een vergissing' }).click();
    await page.getByRole('heading', { level: 1, name: 'De aanmelding is gesloten als vergissing' }).waitFor();
    await page.getByText('Uw organisatie kan de gegevens van deze jongere niet meer inzien.').waitFor();
    await day.check(page, 'referral-error-closed');
    await page.getByRole('link', { name: 'Naar de aanmeldingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.filter({ hasText: 'Ingetrokken; niet meer in te zien' }).first().waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.filter({ has: page.getByRole('link', { name: `Traject van ${milanName}` }) }).count()).resolves.toBe(1);
    await day.check(page, 'referrals');
    // The coordinator's timeline says it in its own words.
    const coordinator = await day.visit('coordinator', `/trajecten/${twiceId}`);
    await coordinator.getByText('meldde dat de aanmelding ten onrechte was; het traject is gesloten').waitFor();
  });

  it('does the care tasks up to a running placement, each page naming Milan in full with what it rests on', async () => {
    const named = async (page: Page, who: string) => {
      if (who === 'care') await day.expectTaskFor(page, milanName);
    };
    day.look['profile.talents'] = async (page, who) => {
      await named(page, who);
      await expect(page.getByRole('region', { name: 'Over wie' }).innerText()).resolves.toContain('Zorgcollectief De Linde');
      await day.check(page, 'profile-talents');
    };
    day.look['orientation.feedback'] = async (page, who) => {
      await named(page, who);
      if (who === 'care') await expect(page.locator('dl.facts dt:text-is("Werkgever") + dd').first().innerText()).resolves.toBe('Groenbedrijf Buitenwerk');
    };
    day.look['analyse.support-plan'] = async (page, who) => {
      await named(page, who);
      await expect(page.getByRole('region', { name: 'Wat u moet weten' }).innerText()).resolves.toContain('Nauwkeurig');
      await day.check(page, 'support-plan');
    };
    day.look['placement.agreement'] = async (page, who) => {
      await named(page, who);
      if (who === 'care') {
        await expect(page.getByRole('region', { name: 'Wat u moet weten' }).innerText()).resolves.toContain('Groenbedrijf Buitenwerk');
        await day.atPhoneWidth(page, 'agreement-phone');
      }
    };
    await day.walkToRunningPlacement(milanId, { carer: 'care', host: 'employer' });
    const page = await day.visit('care', `/trajecten/${milanId}`);
    await page.getByText('Plaatsing loopt · actief').waitFor();
    await day.check(page, 'journey-placed');
  });

  it('Milan’s own access log: the correction, and the host reading his first name for the placement', async () => {
    const page = await day.visit('care', `/trajecten/${milanId}`);
    await page.getByRole('link', { name: 'Inzagelog van deze jongere' }).click();
    const log = page.getByRole('list', { name: 'Inzagelog van deze jongere' });
    await log.getByRole('listitem').first().waitFor();
    await log.getByRole('listitem').filter({ hasText: 'Zorgcollectief De Linde (begeleider): gewijzigd (geboortedatum). Waarom: correctie van gegevens.' }).waitFor();
    const host = log.getByRole('listitem').filter({ hasText: 'Groenbedrijf Buitenwerk' });
    await expect(host.count()).resolves.toBeGreaterThan(0);
    for (const entry of await host.allInnerTexts()) {
      expect(entry).toContain('voornaam');
      expect(entry).not.toMatch(/achternaam|geboortedatum|situatie/);
    }
    await day.check(page, 'own-access-log');
    await day.atPhoneWidth(page, 'own-access-log-phone');
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
