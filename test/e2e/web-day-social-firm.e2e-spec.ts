import { ageToday, daysAgo, venueCast, WorkingDay } from '../support/working-day';

/**
 * The Social Firm's working day (on a phone), through the screens only: as the host of a young
 * person's journey it answers the orientation, rates the day, accepts the placement, signs and
 * starts it; the placed young person then stands in its register by first name, with the match's
 * hours, and the firm records a change of the hours from today with its reason. The coordinator
 * reads the firm's inclusion share this month, the young person named in full. The coordinator
 * and the job coach do their parts in their own browsers. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('a Social Firm’s working day, in the screens', () => {
  let day: WorkingDay;
  let lucasId: string;
  const lucas = { firstName: 'Lucas', lastName: 'Mulder', dateOfBirth: '2005-02-17', situation: 'Dagbesteding in de fietsenwerkplaats; wil een baan met een vast ritme.' };

  beforeAll(async () => {
    day = await WorkingDay.open('social-firm', venueCast('Mark de Jong', { organisation: 'Stichting Dagwerk', user: 'Fenna Dekker' }, { key: 'firm', organisation: 'Sociaal Bedrijf Zoetermeer', user: 'Ingrid Postma', kind: 'SOCIAL_FIRM', data: { inclusionTargetBasisPoints: 5000 } }));
  });

  afterAll(async () => {
    await day?.close();
  });

  it('hosts Lucas from the orientation to a running placement, knowing him as Lucas', async () => {
    day.knowsByFirstName('firm', ['orientation.respond', 'placement.offer'], 'Lucas');
    lucasId = await day.refer('care', lucas);
    await day.walkToRunningPlacement(lucasId, { carer: 'care', host: 'firm', match: { proposedRoute: 'JOBS_AGREEMENT' } });
  });

  it('finds Lucas in its register with the match’s hours, and records more hours from today', async () => {
    const page = await day.venuePage('firm');
    const register = page.locator('section:has(#firm-register) table');
    const row = register.locator('tbody tr').filter({ has: page.getByRole('cell', { name: 'Lucas', exact: true }) });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/Proefplaatsing\s+16\s+16/);
    await expect(day.main(page)).resolves.not.toMatch(/Mulder|journey-/);
    await day.check(page, 'register');
    await page.locator('#worker-change-workerId').selectOption({ label: 'Lucas' });
    await page.locator('#worker-change-effectiveFrom').fill(daysAgo(0));
    await page.locator('#worker-change-paidHoursPerWeek').fill('20');
    await page.locator('#worker-change-contractHoursPerWeek').fill('20');
    await page.locator('#worker-change-reason').fill('Meer uren na de eerste week');
    await day.sendVenueForm(page, 'worker-change', 'Wijziging vastleggen', 'De wijziging is vastgelegd');
    await page.locator('section:has(#firm-history) table').getByText('Meer uren na de eerste week').waitFor();
    await expect(row.innerText()).resolves.toMatch(/Proefplaatsing\s+20\s+20/);
    await day.check(page, 'register-changed');
  });

  it('the coordinator reads the firm’s inclusion share this month', async () => {
    const page = await day.venuePage('coordinator', 'firm');
    await page.locator('#inclusion-month').fill(daysAgo(0).slice(0, 7));
    await page.locator('section:has(#firm-inclusion)').getByRole('button', { name: 'Tonen' }).click();
    const share = page.locator('section[aria-labelledby="firm-share"] table');
    await share.waitFor();
    await expect(share.innerText()).resolves.toContain('Naar aantal medewerkers');
    await day.check(page, 'coordinator-firm');
    // The coordinator's placements name him in full.
    await page.locator('nav.main-nav').getByRole('link', { name: 'Plaatsingen' }).click();
    await page.locator('main').getByText(`Lucas Mulder (${ageToday(lucas.dateOfBirth)} jaar)`).first().waitFor();
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
