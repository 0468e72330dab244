import type { Page } from 'playwright-core';
import nl from '../../apps/web/src/locales/nl.json';
import { taskCatalogue } from '../../libs/domain/src/method/catalogue';
import { HttpParties } from '../support/http-driver';
import { pageChecks, signInAsDemoUser, startBrowserStack, type BrowserStack } from '../support/browser';
import { bearer, createParties, referralBody } from '../support/stack';
import { testRun } from '../support/test-run';

const APP = nl.app.title;
const titled = (page: string, section?: string) => `${section ? `${page} — ${section}` : page} | ${APP}`;

/** Waits until the tab shows this title (the app sets it once the page's heading is drawn). */
const untilTitle = (page: Page, title: string) => page.waitForFunction((wanted) => (globalThis as unknown as { document: { title: string } }).document.title === wanted, title);

/**
 * Each page names the document for itself (WCAG 2.4.2), so a tab, the history and a screen reader
 * tell them apart: the page, the section it sits in, then the app; never a young person's name.
 * A mistyped address gets the app's own "not found" with a way back, with status 404.
 */
describe('page titles in the web app, in a browser', () => {
  let stack: BrowserStack;
  let base: string;
  let candidateId: string;
  let taskId: string;
  const coordinator = `titles-coordinator-${Date.now().toString(36)}`;
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, 'titles');

  beforeAll(async () => {
    stack = await startBrowserStack();
    base = stack.base;
    const own = await createParties(stack.db);
    const p = new HttpParties(stack.api, {
      coordinator: await bearer(stack.api, own.municipalityId, ['coordinator'], coordinator),
      care: await bearer(stack.api, own.careProviderId, ['support-worker']),
    });
    candidateId = await p.refer('care', referralBody(own, { candidate: { firstName: 'Titia', lastName: 'Kopregel', dateOfBirth: '2007-03-03' } }));
    taskId = await p.task('coordinator', candidateId, 'intake.accept', 60000);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('gives the sign-in page, each main page and a task page their own title, and a mistyped address its "not found"', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    context.setDefaultTimeout(60000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/taken`);
    await page.getByRole('heading', { level: 1, name: nl.signIn.title }).waitFor();
    await untilTitle(page, titled(nl.signIn.title));
    await signInAsDemoUser(page, coordinator);
    await page.waitForURL(/\/taken$/);

    const pages: [string, string][] = [
      ['/taken', nl.inbox.title],
      ['/aanmeldingen', nl.referrals.title],
      ['/werkplekken', nl.workplaces.title],
      ['/plaatsingen', nl.placements.title],
      ['/dashboard', nl.dashboard.title],
      ['/toegangslog', nl.accessLog.title],
      ['/meldingen', nl.notifications.title],
      ['/meldingsvoorkeuren', nl.notifications.preferencesTitle],
      ['/toegankelijkheid', nl.accessibility.title],
    ];
    const seen = new Set<string>();
    for (const [path, heading] of pages) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await untilTitle(page, titled(heading));
      seen.add(await page.title());
    }
    expect(seen.size).toBe(pages.length);

    // A task: its type inside "Taken", without the young person's name that its heading shows.
    const label = taskCatalogue().find((entry) => entry.type === 'intake.accept')!.label.nl;
    await page.goto(`${base}/taken/${candidateId}/${encodeURIComponent(taskId)}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${label}: `) }).waitFor();
    await untilTitle(page, titled(label, nl.inbox.title));
    expect(await page.title()).not.toMatch(/Titia|Kopregel/);
    await pageCheck.check(page, 'task');

    // The journey: "Traject", not whose.
    await page.goto(`${base}/trajecten/${candidateId}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${nl.journey.title}`) }).waitFor();
    await untilTitle(page, titled(nl.journey.title));
    expect(await page.title()).not.toMatch(/Titia|Kopregel/);

    // A mistyped address: the app's own page with status 404 and a way back to the tasks.
    const response = await page.goto(`${base}/dashbord`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: nl.notFound.title }).waitFor();
    await untilTitle(page, titled(nl.notFound.title));
    await pageCheck.check(page, 'not-found');
    await page.getByRole('link', { name: nl.notFound.back }).click();
    await page.waitForURL(/\/taken$/);
    await untilTitle(page, titled(nl.inbox.title));

    expect(pageCheck.violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
