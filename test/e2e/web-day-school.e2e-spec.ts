import { OrganisationType } from '../../libs/domain/src/organisation';
import { ageToday, PHONE, WorkingDay } from '../support/working-day';

/**
 * The school's working day (a VSO stage coordinator), through the screens only: it refers a
 * school leaver of 17, with the consent of a parent, and names no care provider, so the care
 * tasks come to the school; it does them up to a running placement, each page naming Jesse in full;
 * its referrals say where he is now. The coordinator and the bakery do their parts in their own
 * browsers. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('a school’s working day, in the screens', () => {
  let day: WorkingDay;
  let jesseId: string;
  const jesse = {
    firstName: 'Jesse',
    lastName: 'Mulder',
    dateOfBirth: '2009-04-12',
    situation: 'Schoolverlater praktijkonderwijs; liep stage bij een bakker en wil daar verder in.',
    consentBy: 'LEGAL_REPRESENTATIVE' as const,
  };
  const jesseName = `Jesse Mulder (${ageToday(jesse.dateOfBirth)} jaar)`;

  beforeAll(async () => {
    day = await WorkingDay.open('school', {
      coordinator: { organisation: 'Gemeente Zoetermeer', type: OrganisationType.MUNICIPALITY, user: 'Eva Bos', roles: ['coordinator'] },
      school: { organisation: 'VSO De Brug', type: OrganisationType.SCHOOL, user: 'Lisa Kramer', roles: ['teacher'] },
      employer: { organisation: 'Bakkerij Van Dam', type: OrganisationType.EMPLOYER, user: 'Sander Kok', roles: ['employer'], viewport: PHONE },
    });
  });

  afterAll(async () => {
    await day?.close();
  });

  it('refers a school leaver with a parent’s consent, and no care provider', async () => {
    const page = await day.fillReferral('school', jesse);
    await expect(page.locator('#referral-careProviderId').inputValue()).resolves.toBe('');
    await day.check(page, 'referral');
    jesseId = await day.sendReferral(page);
    await page.getByRole('heading', { level: 1, name: `Traject van ${jesseName}` }).waitFor();
    await expect(page.locator('dl.facts dt:text-is("Zorgaanbieder") + dd').innerText()).resolves.toBe('geen');
    await expect(page.locator('dl.facts dt:text-is("Aangemeld door") + dd').innerText()).resolves.toBe('VSO De Brug');
    await day.check(page, 'journey');
  });

  it('does the care tasks itself up to a running placement, each naming Jesse in full', async () => {
    for (const type of ['profile.talents', 'orientation.feedback', 'analyse.support-plan', 'placement.agreement']) {
      day.look[type] = async (page, who) => {
        if (who !== 'school') return;
        await day.expectTaskFor(page, jesseName);
        await expect(page.getByRole('region', { name: 'Over wie' }).innerText()).resolves.toContain('VSO De Brug');
        if (type === 'profile.talents') await day.check(page, 'profile-talents');
      };
    }
    // The school's inbox names him the way the coordinator's does.
    await day.connect(jesseId);
    const row = await day.inboxRow('school', jesseId, 'profile.talents');
    await expect(row.locator('a.task-list__title').innerText()).resolves.toBe(`Talenten en interesses: ${jesseName}`);
    await expect(row.innerText()).resolves.toContain('aangemeld door VSO De Brug');
    await day.check(row.page(), 'inbox');
    await day.discover(jesseId, { carer: 'school', host: 'employer' });
    await day.analyse(jesseId, { carer: 'school', host: 'employer' });
    await day.place(jesseId, { carer: 'school', host: 'employer' });
  });

  it('its referrals say where Jesse is now, at a desk and on a phone', async () => {
    const page = await day.tab('school');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Aanmeldingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    const row = page.locator('table tbody tr').filter({ hasText: jesseName });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/Aangenomen[\s\S]*Plaatsing loopt · actief · nu bij Bakkerij Van Dam/);
    await day.check(page, 'referrals');
    await day.atPhoneWidth(page, 'referrals-phone');
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
