import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { axeViolations, ensureWebAppBuilt, fillPayload, launchChromium, pageWidth, screenshotDir, signedInTab, untilDone, type AxeViolation } from './browser';
import { MailpitInbox } from './mailpit';
import { endJourneysStartedSince, sql, startApi, startWorker } from './stack';
import { testRun } from './test-run';

export const DESK = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

/** One party of a working day: its organisation, and the one person of it who signs in. */
export interface CastMember {
  organisation: string;
  type: OrganisationType;
  /** The person's name: how they sign in and how the screens name them. Unique in the run (the sign-in search finds it). */
  user: string;
  roles: string[];
  /** A venue's kind and its data (a host of another kind than a regular employer). */
  venue?: { kind: 'SOCIAL_COOPERATIVE' | 'SOCIAL_FIRM' | 'FLEX_WORKSPACE'; data: Record<string, unknown> };
  /** Hosts and venues work on a phone, the others at a desk. */
  viewport?: { width: number; height: number };
}

/**
 * The cast of a venue's day: the municipality's coordinator (Gemeente Zoetermeer), a care
 * provider's job coach (`care`), and the venue itself, a host that works on a phone.
 */
export function venueCast(
  coordinator: string,
  care: { organisation: string; user: string },
  venue: { key: string; organisation: string; user: string } & NonNullable<CastMember['venue']>,
): Record<string, CastMember> {
  return {
    coordinator: { organisation: 'Gemeente Zoetermeer', type: OrganisationType.MUNICIPALITY, user: coordinator, roles: ['coordinator'] },
    care: { ...care, type: OrganisationType.CARE_PROVIDER, roles: ['support-worker'] },
    [venue.key]: { organisation: venue.organisation, type: OrganisationType.EMPLOYER, user: venue.user, roles: ['employer'], viewport: PHONE, venue: { kind: venue.kind, data: venue.data } },
  };
}

/** A young person as the referrer writes them down. */
export interface Young {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  situation: string;
  /** The care provider (a key of the cast) a school names; a care provider refers its own clients. */
  careProvider?: string;
  /** Who gave the consent: the young person (the default) or a parent or guardian. */
  consentBy?: 'CANDIDATE' | 'LEGAL_REPRESENTATIVE';
}

/** Who does what on a journey: the care tasks (`carer`: a care provider, or a school that named none) and the host's. */
export interface Parts {
  carer: string;
  host: string;
  /** The match: a workplace of the host (by its title and address as the list says it), other fields of the payload. */
  match?: { workplace?: string } & Record<string, unknown>;
}

/** What a person looks at on a task page before deciding (assertions of a spec, run before the form is sent). */
export type Look = (page: Page, who: string) => Promise<void>;

/** A task's screen name, as the catalogue labels it (Dutch). */
export const TASK_TITLES: Record<string, string> = {
  'intake.accept': 'Aanmelding beoordelen',
  'intake.meeting': 'Intakegesprek',
  'discover.conclude': 'Ontdekken afronden',
};

/** The age today (Europe/Amsterdam) of someone born on this day. */
export function ageToday(dateOfBirth: string): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm * 100 + td < bm * 100 + bd ? 1 : 0);
}

/** A day some days before today, `YYYY-MM-DD` (a consent given last week). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A working day in the screens: the real worker and API, chromium, and a cast of parties of one
 * fresh municipality, each signed in through the sign-in page in a browser context of its own. The
 * acts are what a person does ("accept the referral", "propose orientation"): open the task from
 * the inbox, look at what the decision rests on, fill the form, send it. No API calls: the only
 * thing a test reads besides the screens is Mailpit, as a person reads their mail.
 */
export class WorkingDay {
  readonly violations: { page: string; violations: AxeViolation[] }[] = [];
  readonly pageErrors: string[] = [];
  /** Pages a phone had to scroll sideways. */
  readonly tooWide: string[] = [];
  /** Per task type, what the spec checks on the task page before the form is sent. */
  readonly look: Partial<Record<string, Look>> = {};
  /** Per task type, how the person gets to the task page when not from the inbox (say, a link in a mail). */
  readonly arrive: Partial<Record<string, (who: string, candidateId: string) => Promise<Page>>> = {};
  readonly mail = new MailpitInbox(testRun().mailpitUrl);
  private readonly tabs: Record<string, Page> = {};
  private readonly shots: string;
  private shot = 0;

  private constructor(
    readonly name: string,
    readonly tag: string,
    readonly cast: Record<string, CastMember>,
    readonly org: Record<string, string>,
    readonly users: Record<string, string>,
    readonly base: string,
    readonly browser: Browser,
    readonly db: PgClient,
    private readonly stop: () => Promise<void>,
  ) {
    this.shots = screenshotDir(testRun().runId);
  }

  /**
   * Starts the stack and registers the cast (`coordinator` is the municipality's): organisations
   * and users as the municipality's admin would have registered them, each user with an e-mail
   * address in Mailpit. The worker's links in mails point at this API.
   */
  static async open(name: string, cast: Record<string, CastMember>, apiOverrides: Record<string, string> = {}): Promise<WorkingDay> {
    const startedAt = new Date();
    ensureWebAppBuilt();
    const [api, db] = await Promise.all([startApi(apiOverrides), sql()]);
    await api.listen(0, '127.0.0.1');
    const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    let worker: INestApplicationContext | undefined;
    let closeBrowser: (() => Promise<void>) | undefined;
    const stop = async () => {
      await endJourneysStartedSince(startedAt);
      await closeBrowser?.();
      await api.close();
      await worker?.close();
      await db.end();
    };
    try {
      worker = await startWorker({ PUBLIC_URL: base });
      const launched = await launchChromium();
      closeBrowser = launched.close;
      const tag = randomUUID().slice(0, 6);
      const { org, users } = await register(db, cast, tag);
      return new WorkingDay(name, tag, cast, org, users, base, launched.browser, db, stop);
    } catch (error) {
      await stop().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /** The party's e-mail address (its mail lands in the run's Mailpit). */
  email(who: string): string {
    return `${who}.${this.tag}@werkdag.example`;
  }

  /** The party's browser tab, signed in through the sign-in page (opened once, then reused). */
  async tab(who: string, path = '/taken'): Promise<Page> {
    if (this.tabs[who]) return this.tabs[who];
    const page = await signedInTab(this.browser, this.base, this.users[who], { viewport: this.cast[who].viewport ?? DESK, path, errors: this.pageErrors });
    page.context().setDefaultTimeout(30_000);
    return (this.tabs[who] = page);
  }

  /** Opens a page of the app in the party's tab, as following a link or typing the address would. */
  async visit(who: string, path: string): Promise<Page> {
    const page = await this.tab(who, path);
    if (new URL(page.url()).pathname + new URL(page.url()).search !== path) await page.goto(`${this.base}${path}`);
    return page;
  }

  /**
   * axe-core on the page as it is now, and on a phone whether it fits the screen (nothing wider than
   * the window: no sideways scrolling); with a name, a screenshot of it too
   * (dist/test-output/web/<run>/day-<spec>-NN-<name>.png).
   */
  async check(page: Page, name?: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    const found = await axeViolations(page);
    const label = `${this.name}: ${name ?? new URL(page.url()).pathname}`;
    if (found.length) this.violations.push({ page: label, violations: found });
    const width = page.viewportSize()?.width ?? DESK.width;
    if (width <= PHONE.width) {
      const drawn = await pageWidth(page);
      if (drawn > width) this.tooWide.push(`${label}: ${drawn} px on a ${width} px screen`);
    }
    if (name) await page.screenshot({ path: join(this.shots, `day-${this.name}-${String(++this.shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /**
   * With DOCS_SCREENSHOTS=1, a screenshot for the README (docs/web/<file>.png): the window as the
   * person sees it, or the whole page. The README's pictures are retaken by running the walks so.
   */
  async docShot(page: Page, file: string, { fullPage = false } = {}): Promise<void> {
    if (process.env.DOCS_SCREENSHOTS !== '1') return;
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: resolve(__dirname, '..', '..', 'docs', 'web', `${file}.png`), fullPage });
  }

  /** The same page at phone width (a screenshot and axe there too), then back at the party's own width. */
  async atPhoneWidth(page: Page, name: string, also?: (page: Page) => Promise<void>): Promise<void> {
    const own = page.viewportSize() ?? DESK;
    await page.setViewportSize(PHONE);
    await this.check(page, name);
    await also?.(page);
    await page.setViewportSize(own);
  }

  /** The visible text of the page's main part. */
  main(page: Page): Promise<string> {
    return page.locator('main').innerText();
  }

  // ---- acts ------------------------------------------------------------------------------------

  /** The referrer opens the referral form from the menu and fills it in, the young person's consent with it (not sent yet). */
  async fillReferral(who: string, young: Young): Promise<Page> {
    const page = await this.tab(who);
    await page.locator('nav.main-nav').getByRole('link', { name: 'Aanmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Een jongere aanmelden' }).waitFor();
    if (young.careProvider) await page.locator('#referral-careProviderId').selectOption(this.org[young.careProvider]);
    await page.locator('#referral-firstName').fill(young.firstName);
    await page.locator('#referral-lastName').fill(young.lastName);
    await page.locator('#referral-dateOfBirth').fill(young.dateOfBirth);
    await page.locator('#referral-situation').fill(young.situation);
    await page.locator(`#referral-givenBy-${young.consentBy ?? 'CANDIDATE'}`).check();
    await page.locator('#referral-givenAt').fill(daysAgo(3));
    await page.locator('#referral-confirmed').check();
    return page;
  }

  /** Sends the referral form; lands on the new journey. Returns its id. */
  async sendReferral(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Aanmelden' }).last().click();
    await untilDone(page, async () => /\/trajecten\/[0-9a-f-]{36}$/.test(page.url()), 'the referral');
    await page.getByRole('heading', { level: 1, name: /^Traject van / }).waitFor();
    return page.url().split('/').pop()!;
  }

  /** The referrer refers a young person through the form, with their consent; lands on the new journey. Returns its id. */
  async refer(who: string, young: Young): Promise<string> {
    const page = await this.fillReferral(who, young);
    await this.check(page);
    return this.sendReferral(page);
  }

  /**
   * The party's inbox row of this task on the journey, once it is there: to the inbox by its link
   * in the menu, read again while the row is not there yet, as a person would.
   */
  async inboxRow(who: string, candidateId: string, type: string) {
    const page = await this.tab(who);
    const row = page.locator(`li[data-task-type="${type}"][data-candidate="${candidateId}"]`);
    const deadline = Date.now() + 60_000;
    if (new URL(page.url()).pathname === '/taken') await page.reload();
    else await page.locator('nav.main-nav').getByRole('link', { name: 'Taken', exact: true }).click();
    for (;;) {
      await page.locator('ul.task-list').or(page.getByText('Geen taken in deze weergave.')).first().waitFor();
      if (await row.count()) return row;
      if (Date.now() > deadline) throw new Error(`${who}'s inbox shows no ${type} on ${candidateId}: ${await this.main(page)}`);
      await page.waitForTimeout(300);
      await page.reload();
    }
  }

  /** Opens the task from the inbox: the task page with what the decision rests on and its form. */
  async openTask(who: string, candidateId: string, type: string): Promise<Page> {
    const row = await this.inboxRow(who, candidateId, type);
    const page = row.page();
    await row.locator('a.task-list__title').click();
    await page.locator('form.task-form').waitFor();
    return page;
  }

  /**
   * The party does its task: opens it from the inbox (or as `arrive` says) and decides it there.
   */
  async task(who: string, candidateId: string, type: string, payload: Record<string, unknown>, more?: (page: Page) => Promise<void>): Promise<Page> {
    const page = await (this.arrive[type]?.(who, candidateId) ?? this.openTask(who, candidateId, type));
    await this.decide(who, page, type, payload, more);
    return page;
  }

  /**
   * Decides the task open on the page: looks at it (axe, and the spec's `look` for this task type),
   * fills the form with the payload (and `more`, what the payload cannot say), sends it, and waits
   * until the page says it is done.
   */
  async decide(who: string, page: Page, type: string, payload: Record<string, unknown>, more?: (page: Page) => Promise<void>): Promise<void> {
    await page.locator('form.task-form').waitFor();
    try {
      await this.look[type]?.(page, who);
    } catch (error) {
      await page.screenshot({ path: join(this.shots, `day-${this.name}-failed-${who}-${type}.png`), fullPage: true });
      throw error;
    }
    await this.check(page);
    await fillPayload(page, payload);
    await more?.(page);
    await page.locator('form.task-form button[type="submit"]').click();
    await untilDone(page, () => page.getByText('Verstuurd. De taak is afgerond.').isVisible(), `${who} ${type}`);
  }

  acceptReferral(candidateId: string): Promise<Page> {
    return this.task('coordinator', candidateId, 'intake.accept', PAYLOADS.accept);
  }

  recordIntakeMeeting(candidateId: string): Promise<Page> {
    return this.task('coordinator', candidateId, 'intake.meeting', { meetingDate: daysAgo(1), goalCodes: ['WORK_OUTDOORS'] });
  }

  profileTalents(carer: string, candidateId: string): Promise<Page> {
    return this.task(carer, candidateId, 'profile.talents', PAYLOADS.talents);
  }

  proposeOrientation(candidateId: string, ...hosts: string[]): Promise<Page> {
    return this.task('coordinator', candidateId, 'orientation.propose', PAYLOADS.propose(...hosts.map((h) => this.org[h])));
  }

  answerOrientation(host: string, candidateId: string, yes = true): Promise<Page> {
    return this.task(host, candidateId, 'orientation.respond', yes ? PAYLOADS.accepts : PAYLOADS.declines);
  }

  giveOrientationFeedback(who: string, candidateId: string): Promise<Page> {
    return this.task(who, candidateId, 'orientation.feedback', PAYLOADS.feedback);
  }

  concludeDiscovery(candidateId: string): Promise<Page> {
    return this.task('coordinator', candidateId, 'discover.conclude', PAYLOADS.ready);
  }

  writeSupportPlan(carer: string, candidateId: string): Promise<Page> {
    return this.task(carer, candidateId, 'analyse.support-plan', PAYLOADS.supportPlan);
  }

  /** The match at a host, in one of its roles; at one of its workplaces when named (by its title and address, as the list says it). */
  proposeMatch(candidateId: string, host: string, { workplace, ...extra }: { workplace?: string } & Record<string, unknown> = {}): Promise<Page> {
    return this.task('coordinator', candidateId, 'analyse.match', { ...PAYLOADS.match(this.org[host]), ...extra }, async (page) => {
      if (workplace) await page.locator('select[name="workplaceId"]').selectOption({ label: workplace });
    });
  }

  decideFunding(candidateId: string): Promise<Page> {
    return this.task('coordinator', candidateId, 'analyse.decision', PAYLOADS.approve);
  }

  acceptPlacementOffer(host: string, candidateId: string): Promise<Page> {
    return this.task(host, candidateId, 'placement.offer', PAYLOADS.accepts);
  }

  signAgreement(who: string, candidateId: string): Promise<Page> {
    return this.task(who, candidateId, 'placement.agreement', { signed: true, signedOn: daysAgo(0) });
  }

  startPlacement(host: string, candidateId: string): Promise<Page> {
    return this.task(host, candidateId, 'placement.start', { startDate: daysAgo(0) });
  }

  /** Connect: the coordinator accepts the referral and holds the intake meeting. */
  async connect(candidateId: string): Promise<void> {
    await this.acceptReferral(candidateId);
    await this.recordIntakeMeeting(candidateId);
  }

  /** Discover: talents, an orientation day at the host, its answer and both parties' feedback, concluded. */
  async discover(candidateId: string, { carer, host }: Parts): Promise<void> {
    await this.profileTalents(carer, candidateId);
    await this.proposeOrientation(candidateId, host);
    await this.answerOrientation(host, candidateId);
    await this.giveOrientationFeedback(host, candidateId);
    await this.giveOrientationFeedback(carer, candidateId);
    await this.concludeDiscovery(candidateId);
  }

  /** Analyse: the support plan, the match at the host, the funding decided. */
  async analyse(candidateId: string, { carer, host, match = {} }: Parts): Promise<void> {
    await this.writeSupportPlan(carer, candidateId);
    await this.proposeMatch(candidateId, host, match);
    await this.decideFunding(candidateId);
  }

  /** Place: the host accepts, all three sign, the host starts the placement. */
  async place(candidateId: string, { carer, host }: Parts): Promise<void> {
    await this.acceptPlacementOffer(host, candidateId);
    for (const who of ['coordinator', carer, host]) await this.signAgreement(who, candidateId);
    await this.startPlacement(host, candidateId);
  }

  /**
   * From a referral's intake to a running placement at `host`: every act by the party that owns
   * it, in its own tab, through the screens. `carer` does the care tasks (the care provider, or a
   * school that named none).
   */
  async walkToRunningPlacement(candidateId: string, parts: Parts): Promise<void> {
    await this.connect(candidateId);
    await this.discover(candidateId, parts);
    await this.analyse(candidateId, parts);
    await this.place(candidateId, parts);
  }

  /** No page had a script error or an axe violation, and none made a phone scroll sideways. */
  expectNoPageProblems(): void {
    expect({ pageErrors: this.pageErrors, violations: this.violations, tooWide: this.tooWide }).toEqual({ pageErrors: [], violations: [], tooWide: [] });
  }

  /** The task page's title names the young person as this party may: "<task>: <name>". */
  async expectTaskFor(page: Page, name: string): Promise<void> {
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(new RegExp(`: ${name.replace(/[()]/g, '\\$&')}$`));
  }

  /** On these task pages the host knows the young person by first name only (axe and a screenshot of each). */
  knowsByFirstName(host: string, types: string[], firstName: string): void {
    for (const type of types) {
      this.look[type] = async (page, who) => {
        if (who !== host) return;
        await this.expectTaskFor(page, firstName);
        await this.check(page, `${host}-${type.replace('.', '-')}`);
      };
    }
  }

  /** The venue's page of its own monthly work (or, for the coordinator, the venue's page from the list of venues). */
  async venuePage(who: string, venue?: string): Promise<Page> {
    const page = await this.tab(who);
    await page.locator('nav.main-nav').getByRole('link', { name: 'Plekken', exact: true }).click();
    if (venue) await page.getByRole('link', { name: this.cast[venue].organisation }).click();
    await page.getByRole('heading', { level: 1, name: this.cast[venue ?? who].organisation }).waitFor();
    return page;
  }

  /** Sends one of a venue page's forms (by its id) and waits for its words of success, trying again when the app offers it. */
  async sendVenueForm(page: Page, form: string, button: string, done: string): Promise<void> {
    await page.locator(`section:has(#${form}-title)`).getByRole('button', { name: button }).click();
    await untilDone(page, () => page.getByText(done).isVisible(), form, 60_000);
  }

  /** Chooses an act on the journey page and sends it; an act that ends the journey then asks "Weet u het zeker?". */
  async chooseAct(page: Page, act: string, reason?: string): Promise<void> {
    await page.locator('#act').selectOption({ label: act });
    if (reason) await page.locator('#act-reason').selectOption({ label: reason });
    await page.getByRole('button', { name: 'Uitvoeren' }).click();
  }

  /** The header's bell, by its accessible name: "Meldingen 3 ongelezen", or "Meldingen" when all are read. */
  bell(page: Page, unread: number) {
    return page.locator('header').getByRole('link', { name: unread ? new RegExp(`^Meldingen\\s+${unread}\\s+ongelezen$`) : /^Meldingen$/ });
  }

  /** The unread count the bell says now. */
  async unread(page: Page): Promise<number> {
    const name = await page.locator('header a.notification-bell').innerText();
    return Number(/(\d+)/.exec(name)?.[1] ?? 0);
  }
}

/** The cast's organisations (one fresh municipality) and users, registered directly in the directory. */
async function register(db: PgClient, cast: Record<string, CastMember>, tag: string): Promise<{ org: Record<string, string>; users: Record<string, string> }> {
  const org: Record<string, string> = {};
  const users: Record<string, string> = {};
  const municipality = Object.entries(cast).find(([, m]) => m.type === OrganisationType.MUNICIPALITY);
  if (!municipality) throw new Error('a working day needs a municipality in its cast');
  const municipalityId = randomUUID();
  const byName = new Map<string, string>();
  for (const [who, member] of [municipality, ...Object.entries(cast).filter(([k]) => k !== municipality[0])]) {
    // Two people of one organisation share it.
    let id = byName.get(member.organisation);
    if (!id) {
      id = who === municipality[0] ? municipalityId : randomUUID();
      byName.set(member.organisation, id);
      await db.query(`INSERT INTO organisations (id, name, type, municipality_id, venue_kind, venue_data) VALUES ($1, $2, $3, $4, $5, coalesce($6::jsonb, '{}'))`, [
        id,
        member.organisation,
        member.type,
        municipalityId,
        member.venue?.kind ?? null,
        member.venue ? JSON.stringify(member.venue.data) : null,
      ]);
    }
    org[who] = id;
    users[who] = member.user;
    await db.query(`INSERT INTO users (id, organisation_id, subject, name, roles, email) VALUES ($1, $2, $3, $3, $4, $5)`, [
      randomUUID(),
      id,
      member.user,
      member.roles,
      `${who}.${tag}@werkdag.example`,
    ]);
  }
  return { org, users };
}

/** An employer offers a workplace, on its page of workplaces: what, where, hours a week, how many at once, support on site. */
export async function offerWorkplace(page: Page, w: { title: string; location: string; hours: string; capacity: string; support?: string[] }): Promise<void> {
  await page.getByLabel('Functie').fill(w.title);
  await page.getByLabel('Adres').fill(w.location);
  await page.getByLabel('Uren per week').fill(w.hours);
  await page.getByLabel('Aantal jongeren tegelijk').fill(w.capacity);
  for (const support of w.support ?? []) await page.getByLabel(support).check();
  await page.getByRole('button', { name: 'Werkplek toevoegen' }).click();
  await page.getByRole('heading', { level: 2, name: w.title }).waitFor();
}

/** Next week's Monday, `YYYY-MM-DD` (UTC): a working day ahead, as a booking form defaults to. */
export function nextMonday(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7 - ((now.getUTCDay() + 6) % 7))).toISOString().slice(0, 10);
}

/** Words of health and support needs (special-category data) a host's screens must never show. */
export const HEALTH_WORDS = ['autisme', 'ADHD', 'medicatie', 'diagnose', 'depressie', 'angst', 'epilepsie', 'psychisch', 'GGZ', 'therapie', 'verslaving', 'beperking'];

/**
 * What a host may not see of a young person, as found in a text: a health word, the surname, the
 * date of birth in any of the ways a page writes it, the age, the BSN. Empty when none is there.
 */
export function privateDetails(text: string, young: { lastName: string; dateOfBirth: string; bsn?: string }): string[] {
  const [y, m, d] = young.dateOfBirth.split('-');
  const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
  const month = months[Number(m) - 1];
  const day = String(Number(d));
  const patterns: [string, RegExp][] = [
    ...HEALTH_WORDS.map((w): [string, RegExp] => [`health word "${w}"`, new RegExp(`\\b${w}`, 'i')]),
    ['surname', new RegExp(`\\b${young.lastName}\\b`)],
    ['date of birth', new RegExp(`${y}-${m}-${d}|${d}-${m}-${y}|${day}-${Number(m)}-${y}|${d}/${m}/${y}|\\b${day} (${month}|${month.slice(0, 3)})\\.? ${y}`, 'i')],
    ['age', new RegExp(`\\b${ageToday(young.dateOfBirth)} jaar\\b`)],
    ...(young.bsn ? [['BSN', new RegExp(young.bsn.split('').join('[ .]?'))] as [string, RegExp]] : []),
  ];
  return patterns.filter(([, re]) => re.test(text)).map(([what]) => what);
}
