import { Client } from 'pg';
import { OrganisationType } from '../libs/domain/src/organisation';
import { bootstrapPlatformAdmin } from './platform-admin';
import { CommandTimedOut, sendCommand } from './send-command';

/**
 * The pilot's parties and a handful of young people. Fictional names; fixed ids and
 * Idempotency-Keys, so a second start finds the same data instead of adding more.
 */
export const DEMO_MUNICIPALITY = { id: '6a1f0c2e-0000-4000-8000-000000000001', name: 'Gemeente Zoetermeer' };

export const DEMO_ORGANISATIONS = [
  { ...DEMO_MUNICIPALITY, type: OrganisationType.MUNICIPALITY },
  { id: '6a1f0c2e-0000-4000-8000-000000000011', name: 'Zorgcollectief De Linde', type: OrganisationType.CARE_PROVIDER },
  { id: '6a1f0c2e-0000-4000-8000-000000000012', name: 'Stichting Dagwerk', type: OrganisationType.CARE_PROVIDER },
  { id: '6a1f0c2e-0000-4000-8000-000000000021', name: 'VSO De Brug', type: OrganisationType.SCHOOL },
  { id: '6a1f0c2e-0000-4000-8000-000000000031', name: 'Fietsherstel Het Wiel', type: OrganisationType.EMPLOYER },
  { id: '6a1f0c2e-0000-4000-8000-000000000032', name: 'Lunchroom De Kruimel', type: OrganisationType.EMPLOYER },
  { id: '6a1f0c2e-0000-4000-8000-000000000033', name: 'Groenbedrijf Buitenwerk', type: OrganisationType.EMPLOYER },
];

const [GEMEENTE, LINDE, DAGWERK, BRUG, WIEL, KRUIMEL, BUITENWERK] = DEMO_ORGANISATIONS;

/** One venue of each new kind beside the regular employers above (which are REGULAR_EMPLOYER venues). */
export const DEMO_VENUES = [
  {
    id: '6a1f0c2e-0000-4000-8000-000000000041',
    name: 'Coöperatie De Zoete Kruimels',
    kind: 'SOCIAL_COOPERATIVE',
    data: { chamberOfCommerceNumber: '74125896', benefitLevelCents: 126000, outflowAfterMonths: 3 },
  },
  { id: '6a1f0c2e-0000-4000-8000-000000000042', name: 'Sociaal Bedrijf Zoetermeer', kind: 'SOCIAL_FIRM', data: { inclusionTargetBasisPoints: 5000 } },
  { id: '6a1f0c2e-0000-4000-8000-000000000043', name: 'Flexwerkplek Stadshart', kind: 'FLEX_WORKSPACE', data: { address: 'Stadhuisplein 1, Zoetermeer', seats: 12, socialSeats: 4 } },
];
const [COOPERATIVE, SOCIAL_FIRM, FLEX_WORKSPACE] = DEMO_VENUES;

/** One or two users per organisation (ids ...01xx); `npm start` prints them, /dev/users lists them. */
export const DEMO_USERS = [
  { id: '6a1f0c2e-0000-4000-8000-000000000101', organisation: GEMEENTE, subject: 'regisseur-1', name: 'Petra de Wit (regisseur)', roles: ['coordinator'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000102', organisation: GEMEENTE, subject: 'beheerder-1', name: 'Ahmed Bouali (beheerder)', roles: ['admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000111', organisation: LINDE, subject: 'begeleider-1', name: 'Kim Vermeulen (begeleider)', roles: ['support-worker', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000112', organisation: DAGWERK, subject: 'jobcoach-1', name: 'Ruben Hoekstra (jobcoach)', roles: ['support-worker', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000121', organisation: BRUG, subject: 'docent-1', name: 'Lisa Kramer (stagecoördinator)', roles: ['teacher', 'support-worker', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000131', organisation: WIEL, subject: 'ondernemer-1', name: 'Henk de Graaf (ondernemer)', roles: ['employer', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000132', organisation: KRUIMEL, subject: 'ondernemer-2', name: 'Yasmina El Idrissi (ondernemer)', roles: ['employer', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000133', organisation: BUITENWERK, subject: 'ondernemer-3', name: 'Bart Willems (ondernemer)', roles: ['employer', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000141', organisation: COOPERATIVE, subject: 'cooperatie-1', name: 'Gert Bosman (coöperatie)', roles: ['employer', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000142', organisation: SOCIAL_FIRM, subject: 'sociaal-bedrijf-1', name: 'Ingrid Postma (Sociaal Bedrijf)', roles: ['employer', 'admin'] },
  { id: '6a1f0c2e-0000-4000-8000-000000000143', organisation: FLEX_WORKSPACE, subject: 'flexwerkplek-1', name: 'Omar Haddou (flexwerkplek)', roles: ['employer', 'admin'] },
];

/** The platform's own admin, who registers municipalities (POST /municipalities). */
export const DEMO_PLATFORM = { id: '6a1f0c2e-0000-4000-8000-000000000002', name: 'Platformbeheer' };
export const DEMO_PLATFORM_ADMIN = { id: '6a1f0c2e-0000-4000-8000-000000000100', subject: 'platformbeheerder-1', name: 'Sam de Vries (platformbeheerder)' };

/** The demo users' addresses: their mail lands in Mailpit (`npm start` prints its web UI). */
export const demoEmail = (subject: string): string => `${subject}@demo.placement-engine.localhost`;

const userOf = (organisationId: string): string => DEMO_USERS.find((u) => u.organisation.id === organisationId)!.id;

export const DEMO_REFERRALS = [
  { key: 'demo-referral-sanne', referrer: LINDE, careProvider: LINDE, firstName: 'Sanne', lastName: 'Bakker', dateOfBirth: '2006-03-14' },
  { key: 'demo-referral-daan', referrer: LINDE, careProvider: LINDE, firstName: 'Daan', lastName: 'Visser', dateOfBirth: '2005-11-02' },
  { key: 'demo-referral-fleur', referrer: DAGWERK, careProvider: DAGWERK, firstName: 'Fleur', lastName: 'Smit', dateOfBirth: '2007-06-21' },
  { key: 'demo-referral-milan', referrer: DAGWERK, careProvider: DAGWERK, firstName: 'Milan', lastName: 'Jansen', dateOfBirth: '2006-09-30' },
  { key: 'demo-referral-noor', referrer: BRUG, careProvider: LINDE, firstName: 'Noor', lastName: 'de Boer', dateOfBirth: '2007-01-08' },
  { key: 'demo-referral-jesse', referrer: BRUG, careProvider: DAGWERK, firstName: 'Jesse', lastName: 'Mulder', dateOfBirth: '2006-12-17' },
];

/** Upserts the organisations, then refers the candidates through the real API. */
export async function seedDemoData(apiUrl: string, databaseUrl: string, log: (m: string) => void): Promise<void> {
  await seedDirectory(databaseUrl);
  const candidates = new Map<string, string>();
  const created = await referDemoCandidates(apiUrl, log, { onReferred: (key, candidateId) => candidates.set(key, candidateId) });
  await seedVenueWork(apiUrl, candidates);
  log(
    `Demo data: ${DEMO_ORGANISATIONS.length} organisations, ${DEMO_VENUES.length} venues (a social cooperative with a member, a Social Firm with a worker, ` +
      `a flex-work space with a participant), ${DEMO_USERS.length} users and a platform admin, ${DEMO_REFERRALS.length} journeys (${created} new).`,
  );
}

/** The organisations and users, and the platform admin (fixed ids: a second start changes nothing). */
async function seedDirectory(databaseUrl: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (const org of DEMO_ORGANISATIONS) {
      await db.query(
        `INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [org.id, org.name, org.type, DEMO_MUNICIPALITY.id],
      );
    }
    for (const venue of DEMO_VENUES) {
      await db.query(
        `INSERT INTO organisations (id, name, type, municipality_id, venue_kind, venue_data) VALUES ($1, $2, 'EMPLOYER', $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [venue.id, venue.name, DEMO_MUNICIPALITY.id, venue.kind, JSON.stringify(venue.data)],
      );
    }
    for (const user of DEMO_USERS) {
      await db.query(
        `INSERT INTO users (id, organisation_id, subject, name, roles, email) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [user.id, user.organisation.id, user.subject, user.name, user.roles, demoEmail(user.subject)],
      );
    }
    await bootstrapPlatformAdmin(db, { name: DEMO_PLATFORM_ADMIN.name, subject: DEMO_PLATFORM_ADMIN.subject, userId: DEMO_PLATFORM_ADMIN.id }, DEMO_PLATFORM);
  } finally {
    await db.end();
  }
}

/** How long one demo referral may take on a busy machine, 503s and retries included. */
export const DEMO_REFERRAL_TIMEOUT_MS = 180_000;

/**
 * Refers the demo candidates through the API, one by one, showing progress. A 503 ("retry with
 * the same Idempotency-Key") is retried as it says, with a growing pause, for a bounded time.
 * Returns how many journeys are new (the others were there from an earlier start).
 */
export async function referDemoCandidates(
  apiUrl: string,
  log: (m: string) => void,
  policy: { timeoutMs?: number; initialDelayMs?: number; onReferred?: (key: string, candidateId: string) => void } = {},
): Promise<number> {
  let created = 0;
  for (const [i, r] of DEMO_REFERRALS.entries()) {
    const label = `referral ${i + 1} of ${DEMO_REFERRALS.length} (${r.firstName})`;
    const authorization = await devToken(apiUrl, userOf(r.referrer.id));
    const body = JSON.stringify({
      municipalityId: DEMO_MUNICIPALITY.id,
      careProviderId: r.careProvider.id,
      candidate: { firstName: r.firstName, lastName: r.lastName, dateOfBirth: r.dateOfBirth },
      situation: 'Attends day-activities; wants to find out what work suits.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    });
    const timeoutMs = policy.timeoutMs ?? DEMO_REFERRAL_TIMEOUT_MS;
    let response: Response;
    try {
      response = await sendCommand(
        () => fetch(`${apiUrl}/referrals`, { method: 'POST', headers: { authorization, 'content-type': 'application/json', 'idempotency-key': r.key }, body }),
        {
          timeoutMs,
          initialDelayMs: policy.initialDelayMs,
          onRetry: ({ attempt, answer, delayMs, elapsedMs }) =>
            log(
              `Demo data: ${label}: ${answer}; retrying with the same Idempotency-Key in ${(delayMs / 1000).toFixed(1)} s ` +
                `(attempt ${attempt + 1}, ${Math.round(elapsedMs / 1000)} s of at most ${Math.round(timeoutMs / 1000)} s)`,
            ),
        },
      );
    } catch (error) {
      if (!(error instanceof CommandTimedOut)) throw error;
      throw new Error(`Demo ${label} (Idempotency-Key ${r.key}) got ${error.message}. The machine is too busy: start again; the same keys finish what was begun.`);
    }
    if (response.status !== 201) throw new Error(`Demo referral ${r.key} failed: ${response.status} ${await response.text()}`);
    policy.onReferred?.(r.key, ((await response.json()) as { candidateId: string }).candidateId);
    const replayed = response.headers.get('idempotent-replayed') === 'true';
    if (!replayed) created += 1;
    log(`Demo data: ${label} ${replayed ? 'was there already' : 'referred'}.`);
  }
  return created;
}

/**
 * Each new venue's monthly work, through the API with fixed Idempotency-Keys (a second start
 * changes nothing): Milan joins the cooperative with the municipality's consent and the
 * cooperative states his October; the Social Firm registers a banenafspraak worker; Noor works at
 * the flex-work space on a Monday morning, offers bookkeeping and reports her October revenue.
 */
async function seedVenueWork(apiUrl: string, candidates: Map<string, string>): Promise<void> {
  const milan = candidates.get('demo-referral-milan')!;
  const noor = candidates.get('demo-referral-noor')!;
  const commands: [string, string, string, Record<string, unknown>][] = [
    [GEMEENTE.id, '/cooperative-members', 'demo-member-milan', {
      venueId: COOPERATIVE.id, candidateId: milan, joinedOn: '2026-09-01',
      consent: { decisionDate: '2026-08-25', legalBasis: 'Participatiewet art. 31 lid 2 sub n', planReference: 'PvA-2026-0042' }, singleParent: false, medicalHourLimitation: false,
    }],
    [SOCIAL_FIRM.id, '/social-firm-workers', 'demo-firm-worker-1', {
      venueId: SOCIAL_FIRM.id, workerReference: 'SB-0001', employmentForm: 'JOBS_AGREEMENT', contractHoursPerWeek: 25.5, paidHoursPerWeek: 25.5,
      inTargetGroupRegister: true, registerBasis: 'PRACTICAL_EDUCATION', startedOn: '2026-01-05',
    }],
    [FLEX_WORKSPACE.id, '/flex-bookings', 'demo-flex-booking-noor', { venueId: FLEX_WORKSPACE.id, day: '2026-11-30', part: 'MORNING', tenantKind: 'SOCIAL', candidateId: noor }],
    [FLEX_WORKSPACE.id, '/flex-services', 'demo-flex-service-noor', { venueId: FLEX_WORKSPACE.id, candidateId: noor, name: 'Boekhouding', socialRateCents: 1500, marketRateCents: 4500 }],
    [FLEX_WORKSPACE.id, '/flex-revenue', 'demo-flex-revenue-noor-2026-10', { venueId: FLEX_WORKSPACE.id, candidateId: noor, month: '2026-10', netRevenueCents: 12500 }],
  ];
  for (const [organisationId, path, key, body] of commands) await demoCommand(apiUrl, organisationId, path, key, body);
  const members = (await (await fetch(`${apiUrl}/cooperative-members?venueId=${COOPERATIVE.id}`, { headers: { authorization: await devToken(apiUrl, userOf(GEMEENTE.id)) } })).json()) as { items: { id: string; candidateId: string }[] };
  const member = members.items.find((m) => m.candidateId === milan)!;
  await demoCommand(apiUrl, COOPERATIVE.id, '/cooperative-statements', 'demo-statement-milan-2026-10', {
    memberId: member.id, month: '2026-10', hoursWorked: 48, revenueInvoicedCents: 62000, revenueReceivedCents: 58000, declaredCostsCents: 6000, reserveDepositCents: 2000,
    reserveSpendingCents: 0, payoutCents: 50000,
  });
}

async function demoCommand(apiUrl: string, organisationId: string, path: string, key: string, body: Record<string, unknown>): Promise<void> {
  const response = await sendCommand(
    async () => fetch(`${apiUrl}${path}`, { method: 'POST', headers: { authorization: await devToken(apiUrl, userOf(organisationId)), 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) }),
    { timeoutMs: DEMO_REFERRAL_TIMEOUT_MS },
  );
  if (response.status !== 201) throw new Error(`Demo ${path} (${key}) failed: ${response.status} ${await response.text()}`);
}

/** A development token for a seeded user (the API's /dev/tokens endpoint). */
export async function devToken(apiUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${apiUrl}/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) throw new Error(`Minting a demo token failed: ${response.status} ${await response.text()}`);
  return `Bearer ${((await response.json()) as { accessToken: string }).accessToken}`;
}
