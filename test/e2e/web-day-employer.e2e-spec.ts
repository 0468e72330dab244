import type { Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { PRIVACY_MARKERS } from '../support/personal-markers';
import { daysAgo, offerWorkplace, PHONE, privateDetails, WorkingDay } from '../support/working-day';

/**
 * The employer's working day (a lunchroom, on a phone), through the screens only: it offers a
 * workplace, hears of an orientation request by mail and follows the link, answers it, rates the
 * day, accepts the placement on what the offer says, signs and starts it. Every page it sees and
 * every mail it gets names the young person by first name only: no surname, age, date of birth,
 * BSN or word of health, where the job coach's page of the same young person shows them (the
 * positive control of the same scan). The coordinator and the job coach do their parts in their
 * own browsers. axe-core on every page.
 */
// A walk through the screens takes a minute on a quiet machine; other engineers' tests share its two cores.
jest.setTimeout(300_000);

describe('an employer’s working day, in the screens', () => {
  let day: WorkingDay;
  let fleurId: string;
  const fleur = {
    firstName: 'Fleur',
    lastName: 'Smit',
    dateOfBirth: '2007-06-21',
    situation: 'Heeft autisme en ADHD en gebruikt medicatie; dagbesteding drie dagen per week. Wil graag met mensen werken.',
  };
  /** A made-up number that passes the eleven test; it must never reach a host's screen (nor a log or a Temporal history). */
  const bsn = PRIVACY_MARKERS.bsn;
  const workplace = 'Medewerker bediening (Dorpsstraat 5, Zoetermeer)';
  /** Every page and mail the employer saw, and what each showed. */
  const seen: { where: string; text: string }[] = [];

  beforeAll(async () => {
    day = await WorkingDay.open('employer', {
      coordinator: { organisation: 'Gemeente Zoetermeer', type: OrganisationType.MUNICIPALITY, user: 'Joost van Dam', roles: ['coordinator'] },
      care: { organisation: 'Stichting Dagwerk', type: OrganisationType.CARE_PROVIDER, user: 'Ruben Hoekstra', roles: ['support-worker'] },
      employer: { organisation: 'Lunchroom De Kruimel', type: OrganisationType.EMPLOYER, user: 'Yasmina El Idrissi', roles: ['employer'], viewport: PHONE },
    });
    // What the employer looks at on each of its task pages: the first name, and what it needs to work with her.
    for (const type of ['orientation.respond', 'orientation.feedback', 'placement.offer', 'placement.agreement', 'placement.start']) {
      day.look[type] = async (page, who) => {
        if (who !== 'employer') return;
        await day.expectTaskFor(page, 'Fleur');
        await see(page, type);
      };
    }
  });

  afterAll(async () => {
    await day?.close();
  });

  /** Keeps what the page shows, for the scan. */
  async function see(page: Page, where: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    seen.push({ where, text: await page.locator('body').innerText() });
  }

  const fact = (page: Page, term: string) => page.locator(`dl.facts dt:text-is("${term}") + dd`).first().innerText();

  it('offers a workplace on a phone', async () => {
    const page = await day.tab('employer');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Werkplekken' }).click();
    await page.getByRole('heading', { level: 1, name: 'Werkplekken' }).waitFor();
    await offerWorkplace(page, { title: 'Medewerker bediening', location: 'Dorpsstraat 5, Zoetermeer', hours: '16', capacity: '1', support: ['Een rustige plek'] });
    await see(page, 'workplaces');
    await day.check(page, 'workplaces');
  });

  it('hears of the orientation by mail, and takes the young person from there to a running placement', async () => {
    fleurId = await day.refer('care', fleur);
    // The coordinator records her BSN on the journey: a number failing the eleven test is refused at the field, in Dutch.
    const coordinator = await day.visit('coordinator', `/trajecten/${fleurId}`);
    await coordinator.getByLabel('BSN (9 cijfers)').fill('123456789');
    await coordinator.getByRole('button', { name: 'BSN vastleggen' }).click();
    await coordinator.locator('#bsn-value-error').getByText('Dit is geen geldig burgerservicenummer (BSN). Controleer de 9 cijfers.').waitFor();
    await coordinator.getByLabel('BSN (9 cijfers)').fill(bsn);
    await coordinator.getByRole('button', { name: 'BSN vastleggen' }).click();
    await coordinator.getByText('Het BSN is vastgelegd.').waitFor();
    await day.check(coordinator, 'coordinator-bsn-recorded');
    await day.connect(fleurId);
    // The request reaches the employer as a mail; the link in it opens the task on the phone.
    day.arrive['orientation.respond'] = async () => {
      const [mail] = (await day.mail.expect(day.email('employer'), 1)).filter((m) => m.subject.includes('Reageren op oriëntatieverzoek'));
      expect(mail).toBeDefined();
      seen.push({ where: `mail "${mail.subject}"`, text: `${mail.subject}\n${mail.text}` });
      expect(mail.text).toContain('Fleur');
      const link = /https?:\/\/\S+\/taken\/[^\s)>\]]+/.exec(mail.text)?.[0];
      expect(link).toBeDefined();
      const page = await day.tab('employer');
      await page.goto(link!);
      await page.locator('form.task-form').waitFor();
      await day.check(page, 'orientation-respond-from-mail');
      await day.docShot(page, 'employer-phone', { fullPage: true });
      return page;
    };
    // The offer: what she will do, how long, and the support agreed, never why.
    const offer = day.look['placement.offer']!;
    day.look['placement.offer'] = async (page, who) => {
      await offer(page, who);
      await expect(fact(page, 'Functie')).resolves.toBe('Bediening');
      await expect(fact(page, 'Uren en duur')).resolves.toBe('16 uur per week, 26 weken');
      await expect(fact(page, 'Afgesproken ondersteuning')).resolves.toBe('Jobcoach');
      await day.check(page, 'placement-offer');
    };
    const parts = { carer: 'care', host: 'employer', match: { roleCode: 'HOSPITALITY_SERVICE', workplace } };
    await day.discover(fleurId, parts);
    await day.analyse(fleurId, parts);
    await day.place(fleurId, parts);

    // Its placements: Fleur, since today; the workplace taken.
    const page = await day.tab('employer');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Plaatsingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plaatsingen' }).waitFor();
    const started = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Amsterdam' }).format(new Date(`${daysAgo(0)}T12:00:00Z`));
    await page.getByText(`gestart op ${started}`).waitFor();
    await expect(day.main(page)).resolves.toContain('Fleur');
    await see(page, 'placements');
    await day.check(page, 'placements');
  });

  it('the journey, the inbox and the notifications name Fleur by her first name only', async () => {
    const page = await day.visit('employer', `/trajecten/${fleurId}`);
    await page.getByRole('heading', { level: 1, name: 'Traject van Fleur' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Wat er gebeurde' }).waitFor();
    await page.locator('.timeline li').first().waitFor();
    await expect(page.getByRole('heading', { name: 'Persoonsgegevens' }).count()).resolves.toBe(0);
    await see(page, 'journey');
    await day.check(page, 'journey');
    await page.locator('nav.main-nav').getByRole('link', { name: 'Taken', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Taken' }).waitFor();
    await page.locator('ul.task-list').or(page.getByText('Geen taken in deze weergave.')).first().waitFor();
    await see(page, 'inbox');
    await day.check(page);
    await page.locator('header a.notification-bell').click();
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    await page.locator('ul.notification-list > li').first().waitFor();
    await expect(page.locator('ul.notification-list').innerText()).resolves.toContain('Fleur');
    await see(page, 'notifications');
    await day.check(page, 'notifications');
    // Every mail the employer got, too.
    for (const mail of await day.mail.to(day.email('employer'))) seen.push({ where: `mail "${mail.subject}"`, text: `${mail.subject}\n${mail.text}\n${mail.html}` });
  });

  it('nothing the employer saw shows a word of health, the surname, the age, the date of birth or the BSN; the same scan finds them on the job coach’s page', async () => {
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.map(({ where, text }) => [where, privateDetails(text, { ...fleur, bsn })]).filter(([, found]) => found.length)).toEqual([]);
    // The positive control: the job coach reads Fleur's data for her support, and the scan finds each of them there.
    const page = await day.visit('care', `/trajecten/${fleurId}`);
    await page.getByLabel('Doel', { exact: true }).selectOption('CARE_DELIVERY');
    await page.getByRole('button', { name: 'Bekijken' }).click();
    await page.locator('dl.facts').getByText(fleur.situation).waitFor();
    await day.check(page, 'care-journey-personal-data');
    const found = privateDetails(await page.locator('body').innerText(), { ...fleur, bsn });
    for (const what of ['health word "autisme"', 'health word "ADHD"', 'health word "medicatie"', 'surname', 'date of birth', 'age']) expect(found).toContain(what);
    // The BSN is the municipality's alone: the coordinator's page shows it when asked, and the scan finds it there.
    const coordinator = await day.visit('coordinator', `/trajecten/${fleurId}`);
    await coordinator.getByRole('button', { name: 'BSN tonen' }).click();
    await coordinator.locator('section:has(#bsn-title) dd').getByText(bsn).waitFor();
    await day.check(coordinator, 'coordinator-bsn-shown');
    expect(privateDetails(await coordinator.locator('body').innerText(), { ...fleur, bsn })).toEqual(expect.arrayContaining(['BSN', 'surname', 'age']));
  });

  it('no page had a script error or an axe violation, and none made a phone scroll sideways', () => {
    day.expectNoPageProblems();
  });
});
