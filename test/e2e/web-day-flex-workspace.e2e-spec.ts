import { ageToday, daysAgo, nextMonday, venueCast, WorkingDay } from '../support/working-day';

/**
 * The flex-work space's working day (on a phone), through the screens only: as the host of a young
 * person's journey it answers the orientation, rates the day, accepts the placement, signs and
 * starts it; its placed participant can then be booked a seat and have her month's net revenue
 * recorded, named by first name. The coordinator sees the occupancy and the revenue against the
 * goal, the participant named in full. The coordinator and the job coach do their parts in their
 * own browsers. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('a flex-work space’s working day, in the screens', () => {
  let day: WorkingDay;
  let noorId: string;
  const noor = { firstName: 'Noor', lastName: 'de Boer', dateOfBirth: '2007-01-08', situation: 'Wil een eigen bedrijf in boekhouding; dagbesteding twee dagen per week.' };
  const thisMonth = daysAgo(0).slice(0, 7);

  beforeAll(async () => {
    day = await WorkingDay.open('flex-workspace', venueCast('Fatma Kaya', { organisation: 'Zorgcollectief De Linde', user: 'Noah Peters' }, { key: 'flex', organisation: 'Flexwerkplek Stadshart', user: 'Omar Haddou', kind: 'FLEX_WORKSPACE', data: { address: 'Stadhuisplein 1, Zoetermeer', seats: 12, socialSeats: 4 } }));
  });

  afterAll(async () => {
    await day?.close();
  });

  it('hosts Noor from the orientation to a running placement, knowing her as Noor', async () => {
    day.knowsByFirstName('flex', ['orientation.respond', 'placement.start'], 'Noor');
    noorId = await day.refer('care', noor);
    await day.walkToRunningPlacement(noorId, { carer: 'care', host: 'flex', match: { proposedRoute: 'SELF_EMPLOYMENT' } });
  });

  it('books Noor a seat for Monday morning and records her net revenue of this month', async () => {
    const page = await day.venuePage('flex');
    await page.locator('#booking-day').fill(nextMonday());
    await page.locator('#booking-part-MORNING').check();
    await page.locator('#booking-tenantKind-SOCIAL').check();
    await page.locator('#booking-candidateId').selectOption({ label: 'Deelnemer Noor' });
    await day.sendVenueForm(page, 'booking', 'Plek boeken', 'Geboekt.');
    await page.locator('section:has(#flex-occupancy) table').getByText('1 van 4').waitFor();
    await day.check(page, 'booked');
    await page.locator('#revenue-candidateId').selectOption({ label: 'Deelnemer Noor' });
    await page.locator('#revenue-month').fill(thisMonth);
    await page.locator('#revenue-netRevenueCents').fill('85,50');
    await day.sendVenueForm(page, 'revenue', 'Omzet versturen', 'Verstuurd. De omzet is vastgelegd.');
    await expect(day.main(page)).resolves.not.toMatch(/de Boer|\d+ jaar/);
    await day.check(page, 'revenue');
  });

  it('the coordinator sees the occupancy and the revenue against the goal, Noor named in full', async () => {
    const page = await day.venuePage('coordinator', 'flex');
    await page.locator('section:has(#flex-occupancy) table').getByText('1 van 4').waitFor();
    const revenue = page.locator('section:has(#flex-revenue) table');
    await revenue.getByRole('cell', { name: `Noor de Boer (${ageToday(noor.dateOfBirth)} jaar)` }).waitFor();
    await expect(revenue.innerText()).resolves.toMatch(/€\s85,50/);
    await day.check(page, 'coordinator-flex');
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
