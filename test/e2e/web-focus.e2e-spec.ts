import type { Page } from 'playwright-core';
import nl from '../../apps/web/src/locales/nl.json';
import { HttpParties } from '../support/http-driver';
import { axeViolations, pageChecks, signedInTab, startBrowserStack, untilDone, type BrowserStack } from '../support/browser';
import { bearer, createParties, referralBody, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

/** Next week's Monday (UTC), inside the two weeks the flex page shows. */
function nextMonday(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7 - ((now.getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
}

type Doc = { querySelectorAll: (s: string) => ArrayLike<{ id: string }> };

/**
 * What axe's WCAG run leaves out and a screen reader or a label still trips over: landmarks of one
 * role and one name (axe's best-practice rule landmark-unique), and one id used twice.
 */
async function landmarksAndIds(page: Page): Promise<{ landmarks: string[]; duplicateIds: string[] }> {
  await axeViolations(page); // injects axe-core
  const landmarks = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: { nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'rule', values: ['landmark-unique'] }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => JSON.stringify(n.target)));
  });
  const duplicateIds = await page.evaluate(() => {
    const ids = Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('[id]')).map((e) => e.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  return { landmarks, duplicateIds };
}

/** The focus ring of the element that has the focus now. */
function focusRing(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle: (e: unknown) => Record<string, string> };
    const style = g.getComputedStyle(g.document.activeElement);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.outlineOffset, style.boxShadow].join(' | ');
  });
}

/**
 * The web app in a browser for a person on a keyboard, a screen reader or a slow line: the
 * dashboard and a venue's page name each landmark once and each id once (the flex page's "Maand"
 * labels its own field), text fields and buttons show one focus ring, and a send that cannot reach
 * the server says so in Dutch, after a "bezig" notice, with the form's input kept for "try again".
 */
describe('focus, landmarks and a slow or lost line in the web app, in a browser', () => {
  let stack: BrowserStack;
  let own: TestParties;
  const tag = Date.now().toString(36);
  const users = { coordinator: `focus-coordinator-${tag}`, flex: `focus-flex-${tag}`, care: `focus-care-${tag}` };
  let flexVenue: string;
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, 'focus');

  beforeAll(async () => {
    stack = await startBrowserStack();
    own = await createParties(stack.db);
    const p = new HttpParties(stack.api, {
      coordinator: await bearer(stack.api, own.municipalityId, ['coordinator'], users.coordinator),
      care: await bearer(stack.api, own.careProviderId, ['support-worker'], users.care),
    });
    // A journey, so the dashboard has figures with tables; a flex-work space with a booking, so its page has its tables.
    await p.refer('care', referralBody(own, { candidate: { firstName: 'Fenna', lastName: 'Focus', dateOfBirth: '2006-05-05' } }));
    const created = await p.post('coordinator', '/venues', { name: `Flexwerkplek Focus ${tag}`, kind: 'FLEX_WORKSPACE', flexWorkspace: { address: 'Stadhuisplein 2', seats: 10, socialSeats: 4 } });
    if (created.statusCode !== 201) throw new Error(`venue: ${created.statusCode} ${created.body}`);
    flexVenue = created.json().id;
    p.tokens.flex = await bearer(stack.api, flexVenue, ['employer'], users.flex);
    const booked = await p.post('flex', '/flex-bookings', { venueId: flexVenue, day: nextMonday(), part: 'MORNING', tenantKind: 'MARKET', tenantName: 'Bakkerij Focus' });
    if (booked.statusCode !== 201) throw new Error(`booking: ${booked.statusCode} ${booked.body}`);
  });

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(pageCheck.violations).toEqual([]);
  });

  it('the dashboard and the flex page: landmarks and ids once each, the month filter apart from the form, one focus ring', async () => {
    const dashboard = await signedInTab(stack.browser, stack.base, users.coordinator, { viewport: DESK, path: '/dashboard', errors: pageErrors });
    await dashboard.getByRole('heading', { level: 1, name: nl.dashboard.title }).waitFor({ timeout: 60000 });
    await dashboard.locator('.figure .table-scroll').first().waitFor({ timeout: 60000 });
    expect(await landmarksAndIds(dashboard)).toEqual({ landmarks: [], duplicateIds: [] });
    await pageCheck.check(dashboard, 'dashboard');

    const flex = await signedInTab(stack.browser, stack.base, users.flex, { viewport: PHONE, path: `/plekken/${flexVenue}`, errors: pageErrors });
    await flex.locator('section:has(#flex-occupancy) .table-scroll').waitFor({ timeout: 60000 });
    await flex.locator('#revenue-title').waitFor();
    expect(await landmarksAndIds(flex)).toEqual({ landmarks: [], duplicateIds: [] });
    // The form's "Maand" names the form's own month field, the filter's names the filter.
    const form = flex.locator('section:has(#revenue-title)');
    expect(await form.getByLabel(nl.venues.month, { exact: true }).count()).toBe(1);
    expect(await form.getByLabel(nl.venues.month, { exact: true }).evaluate((e) => e.closest('form')?.className)).toBe('task-form');
    await pageCheck.check(flex, 'flex');

    // One focus ring: a text field and the button after it, both reached by keyboard.
    await form.getByLabel(nl.venues.cooperative.correctionReason, { exact: false }).focus();
    const field = await focusRing(flex);
    await flex.keyboard.press('Tab');
    expect(await flex.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe(nl.venues.flex.revenueSubmit);
    const button = await focusRing(flex);
    expect(field).toContain('solid');
    expect(field).toBe(button);
    await dashboard.context().close();
    await flex.context().close();
  }, 240000);

  it('a referral that cannot reach the server: "bezig" first, then the reason in Dutch, the input kept for "try again"', async () => {
    const page = await signedInTab(stack.browser, stack.base, users.care, { viewport: PHONE, path: '/aanmelden', errors: pageErrors });
    await page.getByRole('heading', { level: 1, name: nl.referral.title }).waitFor({ timeout: 60000 });
    await page.locator(`#referral-municipalityId option[value="${own.municipalityId}"]`).waitFor({ state: 'attached', timeout: 60000 });
    await page.selectOption('#referral-municipalityId', own.municipalityId);
    await page.getByLabel(nl.referral.firstName).fill('Lotte');
    await page.getByLabel(nl.referral.lastName).fill('Lijnloos');
    await page.getByLabel(nl.referral.dateOfBirth).fill('2006-06-06');
    await page.getByLabel(nl.referral.situation, { exact: false }).fill('Dagbesteding, drie dagen per week.');
    await page.getByLabel(nl.referral.givenBy_CANDIDATE).check();
    await page.getByLabel(nl.referral.givenAt).fill('2026-11-02');
    await page.getByLabel(nl.referral.confirmed).check();

    // The line is slow, then gone: the send hangs a while and then fails as a lost connection does.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/referrals', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      await held;
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: nl.referral.submit }).click();
    const busy = page.getByRole('status').filter({ hasText: nl.interaction.busy });
    await busy.waitFor({ timeout: 30000 });
    release();
    await page.getByRole('alert').filter({ hasText: nl.problem.network }).waitFor({ timeout: 30000 });
    await busy.waitFor({ state: 'detached', timeout: 30000 });
    expect(await page.getByLabel(nl.referral.firstName).inputValue()).toBe('Lotte');
    expect(await page.getByLabel(nl.referral.lastName).inputValue()).toBe('Lijnloos');
    expect(await page.getByLabel(nl.referral.givenAt).inputValue()).toBe('2026-11-02');
    expect(await page.getByLabel(nl.referral.confirmed).isChecked()).toBe(true);
    await pageCheck.check(page, 'referral-offline');

    // The line is back: "try again" sends what was kept (pressed again should a busy machine answer 503).
    await page.unroute('**/referrals');
    await untilDone(page, async () => /\/trajecten\/[0-9a-f-]+$/.test(new URL(page.url()).pathname), 'the referral sent again');
    await page.context().close();
  }, 240000);
});
