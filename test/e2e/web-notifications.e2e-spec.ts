import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Page } from 'playwright-core';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { HttpParties } from '../support/http-driver';
import { fillPayload, pageChecks, pageWidth, signInAsDemoUser, startBrowserStack, type BrowserStack } from '../support/browser';
import { bearer, createParties, referralBody, untilNoticesTold, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1280, height: 900 };

/**
 * Notifications in the web app, in a real browser against the real stack: the header's bell with
 * the unread count, the list (newest first, mark read, all read, each to its task, more on
 * demand) and the notification preferences the mails' footer names; axe-core on every page, a
 * screenshot of each at desk and phone width under dist/test-output/web.
 */
describe('notifications in the web app, in a browser', () => {
  let stack: BrowserStack;
  let api: NestFastifyApplication;
  let db: PgClient;
  let base: string;
  let own: TestParties;
  let p: HttpParties;
  const candidates: string[] = [];
  const tag = randomUUID().slice(0, 6);
  const users: Record<string, string> = {};
  const pageErrors: string[] = [];
  const pageCheck = pageChecks(testRun().runId, 'notifications');
  const { violations } = pageCheck;
  let shot = 0;

  beforeAll(async () => {
    stack = await startBrowserStack();
    ({ api, db, base } = stack);

    own = await createParties(db);
    users.coordinator = `coordinator-${tag}`;
    users.care = `care-${tag}`;
    p = new HttpParties(api, {
      coordinator: await bearer(api, own.municipalityId, ['coordinator'], users.coordinator),
      care: await bearer(api, own.careProviderId, ['support-worker'], users.care),
    });
    // Two referrals and one intake accepted: three new tasks for the coordinator, the intake meeting newest.
    for (const firstName of ['Noor', 'Daan']) candidates.push(await p.refer('care', referralBody(own, { candidate: { firstName, lastName: 'Melding', dateOfBirth: '2007-05-05' } })));
    // A notification is made when its notice is told, which on a loaded machine can come after a
    // later act's: the referrals' are told first, so the intake meeting's is the newest.
    await untilNoticesTold(db, candidates);
    await p.complete('coordinator', candidates[0], 'intake.accept', PAYLOADS.accept);
    await p.task('coordinator', candidates[0], 'intake.meeting');
    await untilNoticesTold(db, candidates);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function as(who: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await stack.browser.newContext({ viewport, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    context.setDefaultTimeout(60000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
    await page.goto(`${base}/taken`);
    await signInAsDemoUser(page, users[who]);
    await page.waitForURL(/\/taken$/);
    return page;
  }

  function check(page: Page, name: string): Promise<void> {
    return pageCheck.check(page, `${String(++shot).padStart(2, '0')}-${name}`);
  }

  /** The bell in the header, by its accessible name: "Meldingen 2 ongelezen", or "Meldingen" when all are read. */
  function bell(page: Page, unread: number) {
    return page.locator('header').getByRole('link', { name: unread ? new RegExp(`^Meldingen\\s+${unread}\\s+ongelezen$`) : /^Meldingen$/ });
  }

  async function fitsPhone(page: Page): Promise<void> {
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  }

  /** A fact of the task page's list (Stap, Uiterlijk, Status, Werkgever...). */
  const facts = (page: Page, term: string) => page.locator(`dl.facts dt:text-is("${term}") + dd`).first().innerText();

  const unreadOf = async (who: string) => (await p.get(who, '/notifications/unread-count')).json().unread as number;

  /** The access-log entries of the organisation's notification list reads since a chain position. */
  const listReadsSince = async (organisationId: string, after: number) =>
    (
      await db.query(`SELECT candidate_ids, purpose, fields FROM access_log WHERE organisation_id = $1 AND endpoint = 'GET /notifications' AND chain_seq > $2 ORDER BY chain_seq`, [organisationId, after])
    ).rows;
  const head = async () => (await db.query(`SELECT coalesce(max(chain_seq), 0)::int AS n FROM access_log WHERE municipality_id = $1`, [own.municipalityId])).rows[0].n as number;

  it('the list names whom each notification is about, as far as the reader may see, and logs the read once', async () => {
    const before = await head();
    const items = (await p.get('coordinator', '/notifications')).json().items as { candidateId: string; person?: Record<string, unknown> }[];
    expect(items).toHaveLength(3);
    for (const n of items) expect(n.person).toMatchObject({ firstName: n.candidateId === candidates[0] ? 'Noor' : 'Daan', lastName: 'Melding', age: expect.any(Number) });
    const reads = await listReadsSince(own.municipalityId, before);
    expect(reads).toEqual([{ candidate_ids: expect.arrayContaining(candidates), purpose: 'MUNICIPAL_TASK', fields: ['firstName', 'lastName', 'dateOfBirth'] }]);
    expect(reads[0].candidate_ids).toHaveLength(2);
  });

  it('the coordinator sees the unread count in the bell, reads the list newest first, marks read one by one and all at once, and follows one to its task', async () => {
    expect(await unreadOf('coordinator')).toBe(3);
    const page = await as('coordinator', DESK);
    await bell(page, 3).waitFor();
    await check(page, 'inbox-with-bell');

    await bell(page, 3).click();
    await page.waitForURL(/\/meldingen$/);
    await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor();
    const items = page.locator('ul.notification-list > li');
    // The list comes in one answer, after the heading.
    await items.first().waitFor();
    await expect(items.count()).resolves.toBe(3);
    const titles = await page.locator('.notification-list__title').allInnerTexts();
    expect(titles[0]).toMatch(/Nieuwe taak: Intakegesprek/i);
    expect(titles.slice(1).every((t) => /Nieuwe taak: /.test(t))).toBe(true);
    await expect(page.locator('.badge--unread').count()).resolves.toBe(3);
    // Two "Nieuwe taak" items about different young people are told apart by name.
    await expect(items.nth(0).innerText()).resolves.toContain('Noor Melding (');
    await expect(page.locator(`li:has(a[href^="/taken/${candidates[1]}/"])`).innerText()).resolves.toContain('Daan Melding (');
    await check(page, 'list-3-unread');

    // One marked read by its button: the count goes down, in the list and in the bell.
    const first = items.nth(0);
    await first.getByRole('button', { name: /^Markeer als gelezen: / }).click();
    await bell(page, 2).waitFor();
    await first.getByRole('button', { name: /^Markeer als gelezen/ }).waitFor({ state: 'detached' });
    expect(await unreadOf('coordinator')).toBe(2);

    // Following one to its task opens the task page, and reads it.
    const second = items.nth(1);
    const link = second.getByRole('link', { name: /^Naar de taak\s*: / });
    const href = await link.getAttribute('href');
    const notification = (await p.get('coordinator', '/notifications')).json().items[1];
    expect(notification).toMatchObject({ candidateId: candidates[1], taskType: 'intake.accept' });
    expect(href).toBe(`/taken/${notification.candidateId}/${encodeURIComponent(notification.taskId)}`);
    await link.click();
    await page.waitForURL((url) => url.pathname === href);
    await page.locator('form.task-form').waitFor();
    await bell(page, 1).waitFor();
    expect(await unreadOf('coordinator')).toBe(1);

    // Completed there, the task page says so (not the status it was read with).
    await expect(facts(page, 'Status')).resolves.toBe('Open');
    await fillPayload(page, PAYLOADS.accept);
    await page.locator('form.task-form button[type="submit"]').click();
    await page.getByText('Verstuurd. De taak is afgerond.').waitFor({ timeout: 90000 });
    await expect(facts(page, 'Status')).resolves.toBe('Afgerond');
    await check(page, 'task-completed');

    // Its next task is a new notification: the bell counts it on the next page change.
    await untilNoticesTold(db, candidates);
    expect(await unreadOf('coordinator')).toBe(2);
    await page.locator('nav.main-nav').getByRole('link', { name: 'Taken', exact: true }).click();
    await page.waitForURL(/\/taken$/);
    await bell(page, 2).waitFor();

    // In the list: the rest all at once.
    await bell(page, 2).click();
    await page.waitForURL(/\/meldingen$/);
    await expect(page.locator('.notification-list__title').first().innerText()).resolves.toMatch(/Nieuwe taak: Intakegesprek/);
    await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
    await page.getByText('Alle meldingen zijn als gelezen gemarkeerd.').waitFor();
    await bell(page, 0).waitFor();
    await expect(page.locator('.badge--unread').count()).resolves.toBe(0);
    expect(await unreadOf('coordinator')).toBe(0);
    await check(page, 'list-all-read');
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('a long list loads more on demand, on a phone', async () => {
    // 24 older notifications for the care user (as the dispatcher writes them), beyond the first page of 20.
    const [{ id: careUserId }] = (await db.query(`SELECT id FROM users WHERE organisation_id = $1 AND subject = $2`, [own.careProviderId, users.care])).rows;
    await db.query(
      `INSERT INTO notifications (id, user_id, candidate_id, sequence, kind, event_type, delivery, title, link, occurred_at, created_at)
       SELECT gen_random_uuid(), $1, $2, 1000 + n, 'JOURNEY_ACT', 'journey.paused', 'IMMEDIATE', 'Traject gepauzeerd', $3, now() - n * interval '1 hour', now() - n * interval '1 hour'
       FROM generate_series(1, 24) AS n`,
      [careUserId, candidates[0], `http://127.0.0.1:3000/trajecten/${candidates[0]}`],
    );
    const total = (await db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [careUserId])).rows[0].n as number;
    const page = await as('care', PHONE);
    await bell(page, await unreadOf('care')).click();
    const items = page.locator('ul.notification-list > li');
    await items.nth(19).waitFor();
    await expect(items.count()).resolves.toBe(20);
    await fitsPhone(page);
    await check(page, 'phone-list');
    await page.getByRole('button', { name: 'Meer laden' }).click();
    await items.nth(total - 1).waitFor();
    await expect(items.count()).resolves.toBe(total);
    await expect(page.getByRole('button', { name: 'Meer laden' }).count()).resolves.toBe(0);
    // A journey act links to the journey.
    await expect(items.last().getByRole('link', { name: /^Naar het traject\s*: / }).getAttribute('href')).resolves.toBe(`/trajecten/${candidates[0]}`);
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('the preferences the mails name (meldingsvoorkeuren): chosen per kind, with the digest and the language, and still so after a reload', async () => {
    for (const [who, viewport] of [['coordinator', DESK], ['care', PHONE]] as const) {
      const page = await as(who, viewport);
      await page.goto(`${base}/meldingen`);
      await page.getByRole('heading', { level: 1, name: 'Meldingen' }).waitFor().catch(async (error: Error) => {
        throw new Error(`${page.url()}: ${await page.locator('body').innerText()}`, { cause: error });
      });
      await page.getByRole('link', { name: 'meldingsvoorkeuren' }).click();
      await page.waitForURL(/\/meldingsvoorkeuren$/);
      await page.getByRole('heading', { level: 1, name: 'Meldingsvoorkeuren' }).waitFor();
      const reminder = page.getByRole('group', { name: 'Een herinnering voordat een taak klaar moet zijn' });
      await expect(reminder.getByRole('radio', { name: 'Direct, per e-mail' }).isChecked()).resolves.toBe(true);
      await check(page, `${who}-preferences`);
      if (viewport === PHONE) await fitsPhone(page);

      await reminder.getByRole('radio', { name: 'In het dagoverzicht' }).check();
      await page.getByRole('group', { name: 'Een wijziging in een traject waar uw organisatie aan werkt' }).getByRole('radio', { name: 'Niet' }).check();
      await page.getByLabel(/^Elke dag een dagoverzicht/).check();
      await page.getByLabel('Taal van e-mails en meldingen').selectOption('en');
      await page.getByRole('button', { name: 'Voorkeuren opslaan' }).click();
      await page.getByText('Uw meldingsvoorkeuren zijn opgeslagen.').waitFor();
      await check(page, `${who}-preferences-saved`);

      await page.reload();
      const reloaded = page.getByRole('group', { name: 'Een herinnering voordat een taak klaar moet zijn' });
      await expect(reloaded.getByRole('radio', { name: 'In het dagoverzicht' }).isChecked()).resolves.toBe(true);
      await expect(page.getByRole('group', { name: 'Een wijziging in een traject waar uw organisatie aan werkt' }).getByRole('radio', { name: 'Niet' }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel(/^Elke dag een dagoverzicht/).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Taal van e-mails en meldingen').inputValue()).resolves.toBe('en');
      expect((await p.get(who, '/notification-preferences')).json()).toEqual({
        language: 'en',
        kinds: { TASK_ASSIGNED: 'IMMEDIATE', TASK_REMINDER: 'DIGEST', TASK_ESCALATED: 'IMMEDIATE', JOURNEY_ACT: 'OFF' },
        dailyDigest: true,
      });
    }
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });
  it('the orientation feedback says which host it is about, in the inbox and on the task page', async () => {
    users.employer = `employer-${tag}`;
    p.tokens.employer = await bearer(api, own.employerId, ['employer'], users.employer);
    await p.complete('coordinator', candidates[0], 'intake.meeting', PAYLOADS.meeting);
    await p.complete('care', candidates[0], 'profile.talents', PAYLOADS.talents);
    await p.complete('coordinator', candidates[0], 'orientation.propose', PAYLOADS.propose(own.employerId));
    await p.complete('employer', candidates[0], 'orientation.respond', { decision: 'ACCEPT' });
    const host = (await db.query(`SELECT name FROM organisations WHERE id = $1`, [own.employerId])).rows[0].name as string;
    const taskId = await p.task('care', candidates[0], 'orientation.feedback');
    const detail = (await p.get('care', `/journeys/${candidates[0]}/tasks/${encodeURIComponent(taskId)}?purpose=CARE_DELIVERY`)).json();
    expect(detail.task.host).toEqual({ organisationId: own.employerId, name: host });
    expect((await p.get('care', `/tasks?journey=${candidates[0]}`)).json().items.find((t: { taskId: string }) => t.taskId === taskId).host).toEqual({ organisationId: own.employerId, name: host });
    // A task about no host names none.
    expect((await p.get('coordinator', `/tasks?journey=${candidates[1]}`)).json().items.every((t: { host?: unknown }) => t.host === undefined)).toBe(true);

    const page = await as('care', PHONE);
    const card = page.locator(`li[data-task-type="orientation.feedback"][data-candidate="${candidates[0]}"]`);
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain(`Werkgever: ${host}`);
    await check(page, 'care-inbox-feedback');
    await card.locator('a.task-list__title').click();
    await page.locator('form.task-form').waitFor();
    await expect(facts(page, 'Werkgever')).resolves.toBe(host);
    await fitsPhone(page);
    await check(page, 'care-feedback-task');

    // The host's notification names the young person by first name only.
    await untilNoticesTold(db, candidates);
    const before = await head();
    const hosted = (await p.get('employer', '/notifications')).json().items as { candidateId: string; person?: Record<string, unknown> }[];
    expect(hosted.length).toBeGreaterThan(0);
    for (const n of hosted) {
      expect(n.person).toMatchObject({ firstName: 'Noor' });
      for (const hidden of ['lastName', 'age', 'referredAt']) expect(n.person).not.toHaveProperty(hidden);
    }
    expect(await listReadsSince(own.employerId, before)).toEqual([{ candidate_ids: [candidates[0]], purpose: 'PLACEMENT', fields: ['firstName'] }]);
    const employer = await as('employer', PHONE);
    await employer.goto(`${base}/meldingen`);
    const shown = await employer.locator('ul.notification-list').innerText();
    expect(shown).toContain('Noor');
    expect(shown).not.toContain('Melding (');
    await check(employer, 'employer-notifications');
    expect(pageErrors).toEqual([]);
    expect(violations).toEqual([]);
  });
});
