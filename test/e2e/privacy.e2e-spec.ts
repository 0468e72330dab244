import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { initialGrants } from '../../libs/domain/src/privacy';
import { JourneyClient } from '../../libs/temporal/src/journeys';
import { PRIVACY_MARKERS as M } from '../support/personal-markers';
import { bearer, createParties, referralBody, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

const PARTIES = ['coordinator', 'care', 'school', 'employer', 'otherEmployer', 'foreign'] as const;
type Party = (typeof PARTIES)[number];
const WITHHELD_FROM_HOSTS = [M.lastName, M.dateOfBirth, M.email, M.phone, M.situation];

/**
 * Privacy by design: the consent ledger per party and purpose, the purpose-bound tamper-evident
 * access log, the young person's rights (export, rectification, their view of the log, erasure),
 * the BSN, and retention. Real API, worker, Temporal and PostgreSQL.
 */
describe('privacy', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let otherEmployerId: string;
  const t: Record<string, string> = {};

  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });
  const send = (who: string, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: unknown, key: string | false = randomUUID()) =>
    api.inject({ method, url, headers: { authorization: t[who], ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as object });

  async function taskOf(who: string, candidateId: string, type: string): Promise<string> {
    const inbox = (await get(who, `/tasks?journey=${candidateId}&type=${type}`)).json();
    expect(inbox.items).toHaveLength(1);
    return inbox.items[0].taskId as string;
  }

  async function complete(who: string, candidateId: string, type: string, payload: unknown): Promise<void> {
    const taskId = await taskOf(who, candidateId, type);
    const response = await send(who, 'POST', `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`, { payload });
    expect(response.statusCode).toBe(200);
  }

  /** A school refers (with the care provider) a young person with these data; the journey gets as far as the employer's orientation. */
  async function referToOrientation(data: { firstName: string; lastName: string; dateOfBirth: string; email: string; phone: string; situation: string }): Promise<{ candidateId: string; hostTask: string }> {
    const { situation, ...candidate } = data;
    const referral = await send('school', 'POST', '/referrals', referralBody(own, { careProviderId: own.careProviderId, candidate, situation }));
    expect(referral.statusCode).toBe(201);
    const candidateId = referral.json().candidateId as string;
    await complete('coordinator', candidateId, 'intake.accept', { decision: 'ACCEPT' });
    await complete('coordinator', candidateId, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: ['RETAIL'] });
    await complete('care', candidateId, 'profile.talents', { talentCodes: ['FRIENDLY'], interestCodes: ['FOOD'] });
    await complete('coordinator', candidateId, 'orientation.propose', { employerIds: [own.employerId] });
    return { candidateId, hostTask: await taskOf('employer', candidateId, 'orientation.respond') };
  }

  const markerData = { firstName: M.firstName, lastName: M.lastName, dateOfBirth: M.dateOfBirth, email: M.email, phone: M.phone, situation: M.situation };
  const consent = (grants: unknown[], extra: Record<string, unknown> = {}) => ({ givenBy: 'CANDIDATE', givenAt: '2026-11-20T10:00:00Z', grants, ...extra });
  const countRows = async (table: string, candidateId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE candidate_id = $1`, [candidateId])).rows[0].n as number;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    otherEmployerId = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherEmployerId, 'Another host', OrganisationType.EMPLOYER, own.municipalityId]);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.municipalityAdmin = await bearer(api, own.municipalityId, ['admin'], 'municipality-admin');
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.school = await bearer(api, own.schoolId, ['teacher']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.otherEmployer = await bearer(api, otherEmployerId, ['employer']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  describe('the consent matrix: consent states x parties x endpoints', () => {
    type Row = Record<Party, number>;
    const row = (...s: number[]): Row => Object.fromEntries(PARTIES.map((p, i) => [p, s[i]])) as Row;
    const endpoints = (id: string, hostTask: string) => ({
      candidate: `/journeys/${id}/candidate?purpose=PLACEMENT`,
      timeline: `/journeys/${id}/timeline`,
      task: `/journeys/${id}/tasks/${encodeURIComponent(hostTask)}?purpose=PLACEMENT`,
      consents: `/journeys/${id}/consents?purpose=PLACEMENT`,
      export: `/journeys/${id}/export`,
      accessLog: `/journeys/${id}/access-log`,
    });
    const care3 = row(200, 200, 200, 403, 404, 404);
    const STATES: Record<string, { change?: (id: string) => unknown; expect: Record<keyof ReturnType<typeof endpoints>, Row>; withheld: Partial<Record<Party, string[]>> }> = {
      given: {
        expect: { candidate: row(200, 200, 200, 200, 404, 404), timeline: row(200, 200, 200, 200, 404, 404), task: row(404, 404, 404, 200, 404, 404), consents: care3, export: care3, accessLog: care3 },
        withheld: { employer: WITHHELD_FROM_HOSTS },
      },
      'withdrawn for one party (the host)': {
        change: () => consent([...initialGrants(), { to: { organisationId: own.employerId }, categories: [], purposes: [] }]),
        expect: {
          candidate: row(200, 200, 200, 404, 404, 404),
          timeline: row(200, 200, 200, 404, 404, 404),
          // The host's open task went to the coordinator.
          task: row(200, 404, 404, 404, 404, 404),
          consents: row(200, 200, 200, 404, 404, 404),
          export: row(200, 200, 200, 404, 404, 404),
          accessLog: row(200, 200, 200, 404, 404, 404),
        },
        withheld: { employer: [M.firstName, ...WITHHELD_FROM_HOSTS] },
      },
      'withdrawn for one category (support needs and health)': {
        change: () => consent(initialGrants().map((g) => ({ ...g, categories: g.categories.filter((c) => c !== 'SUPPORT_AND_HEALTH') }))),
        expect: { candidate: row(200, 200, 200, 200, 404, 404), timeline: row(200, 200, 200, 200, 404, 404), task: row(404, 404, 404, 200, 404, 404), consents: care3, export: care3, accessLog: care3 },
        withheld: { care: [M.situation], school: [M.situation], employer: WITHHELD_FROM_HOSTS },
      },
      'withdrawn entirely': {
        change: () => consent([], { withdrawAll: true }),
        expect: {
          candidate: row(200, 404, 404, 404, 404, 404),
          timeline: row(200, 404, 404, 404, 404, 404),
          task: row(404, 404, 404, 404, 404, 404),
          consents: row(200, 404, 404, 404, 404, 404),
          export: row(200, 404, 404, 404, 404, 404),
          accessLog: row(200, 404, 404, 404, 404, 404),
        },
        withheld: { care: Object.values(markerData), school: Object.values(markerData), employer: Object.values(markerData) },
      },
    };

    for (const [state, spec] of Object.entries(STATES)) {
      it(`${state}: each party gets what the consent allows, and no withheld field appears in any body`, async () => {
        const { candidateId, hostTask } = await referToOrientation(markerData);
        if (spec.change) {
          const changed = await send('care', 'POST', `/journeys/${candidateId}/consents`, spec.change(candidateId));
          expect(changed.statusCode).toBe(201);
        }
        const urls = endpoints(candidateId, hostTask);
        const got: string[] = [];
        for (const [endpoint, url] of Object.entries(urls) as [keyof typeof urls, string][]) {
          for (const party of PARTIES) {
            const response = await get(party, url);
            got.push(`${endpoint} ${party} ${response.statusCode}`);
            for (const marker of spec.withheld[party] ?? []) {
              if (response.body.includes(marker)) got.push(`${endpoint} ${party} shows ${marker}`);
            }
          }
        }
        const expected = (Object.entries(spec.expect) as [string, Row][]).flatMap(([endpoint, r]) => PARTIES.map((p) => `${endpoint} ${p} ${r[p]}`));
        expect(got).toEqual(expected);

        // What they do see: the municipality everything on its legal basis; the care parties what the consent leaves them.
        const asCoordinator = (await get('coordinator', urls.candidate)).json();
        expect(asCoordinator).toMatchObject({ firstName: M.firstName, lastName: M.lastName, situation: M.situation, email: M.email, phone: M.phone });
        if (state === 'given') {
          expect((await get('employer', urls.candidate)).json()).toEqual({ candidateId, version: 1, firstName: M.firstName });
          expect((await get('employer', urls.task)).json()).toMatchObject({ profile: { talentCodes: ['FRIENDLY'] } });
        }
        if (state.startsWith('withdrawn for one category')) {
          expect((await get('care', urls.candidate)).json()).toEqual({
            candidateId,
            version: 1,
            firstName: M.firstName,
            lastName: M.lastName,
            dateOfBirth: M.dateOfBirth,
            email: M.email,
            phone: M.phone,
            consent: expect.any(Object),
          });
          // Answering an orientation does not need the support needs: the host keeps its task.
          expect((await get('employer', `/tasks?journey=${candidateId}`)).json().items).toHaveLength(1);
        }
        if (state.startsWith('withdrawn for one party')) {
          const timeline = (await get('coordinator', `/journeys/${candidateId}/timeline?limit=500`)).json().items;
          expect(timeline.filter((e: { type: string }) => e.type === 'journey.consent-changed')).toEqual([
            expect.objectContaining({ data: { version: 2, organisationIds: [own.employerId] } }),
          ]);
          expect(timeline.at(-1)).toMatchObject({ type: 'task.reassigned', data: { toOrganisationId: own.municipalityId, reason: 'CONSENT_WITHDRAWN' } });
          const ledger = (await get('care', urls.consents)).json();
          expect(ledger.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
          expect(ledger.parties).toEqual(
            expect.arrayContaining([
              expect.objectContaining({ organisationId: own.municipalityId, legalBasis: 'PUBLIC_TASK', categories: ['IDENTITY', 'CONTACT', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS'] }),
              expect.objectContaining({ organisationId: own.employerId, role: 'HOST', categories: [] }),
            ]),
          );
        }
        if (state === 'withdrawn entirely') {
          expect((await get('coordinator', `/journeys/${candidateId}`)).json().status).toBe('WITHDRAWN');
        }
      });
    }
  });

  it('a personal-data read needs a purpose from the list; the purpose must be one the consent gives the party', async () => {
    const { candidateId } = await referToOrientation(markerData);
    const before = await countRows('access_log', candidateId);
    const none = await get('care', `/journeys/${candidateId}/candidate`);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([{ field: 'purpose', message: 'purpose is required', code: 'REQUIRED' }]);
    const unknown = await get('care', `/journeys/${candidateId}/candidate?purpose=CURIOSITY`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'purpose', message: expect.stringMatching(/^purpose must be one of INTAKE, CARE_DELIVERY, PLACEMENT, /), code: 'ENUM' }]);
    // A purpose the party's part never has: a field error (shown in Dutch by the web app), not a 404.
    const notOwn = await get('employer', `/journeys/${candidateId}/candidate?purpose=CARE_DELIVERY`);
    expect(notOwn.statusCode).toBe(400);
    expect(notOwn.json().errors).toEqual([{ field: 'purpose', message: 'purpose must be one of PLACEMENT for your part in this journey', code: 'ENUM' }]);
    expect(await countRows('access_log', candidateId)).toBe(before);
    const read = await get('care', `/journeys/${candidateId}/candidate?purpose=CARE_DELIVERY`);
    expect(read.statusCode).toBe(200);
    const { rows } = await db.query(`SELECT role, action, purpose, fields FROM access_log WHERE candidate_id = $1 ORDER BY chain_seq DESC LIMIT 1`, [candidateId]);
    expect(rows[0]).toEqual({ role: 'support-worker', action: 'READ', purpose: 'CARE_DELIVERY', fields: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'consent'] });
  });

  it('bad consent input answers 400 and changes nothing: an unknown category, purpose or party, a date in the future, a party named twice', async () => {
    const { candidateId } = await referToOrientation(markerData);
    const [versions, logged] = [await countRows('consent_versions', candidateId), await countRows('access_log', candidateId)];
    const cases: [unknown, string][] = [
      [consent([{ to: { role: 'HOST' }, categories: ['SHOE_SIZE'], purposes: ['PLACEMENT'] }]), 'grants.0.categories'],
      [consent([{ to: { role: 'HOST' }, categories: ['IDENTITY'], purposes: ['GOSSIP'] }]), 'grants.0.purposes'],
      [consent([{ to: { organisationId: randomUUID() }, categories: ['IDENTITY'], purposes: ['PLACEMENT'] }]), 'grants[0].to.organisationId'],
      [consent([{ to: { organisationId: foreign.employerId }, categories: ['IDENTITY'], purposes: ['PLACEMENT'] }]), 'grants[0].to.organisationId'],
      [consent([{ to: { role: 'JUDGE' }, categories: ['IDENTITY'], purposes: ['PLACEMENT'] }]), 'grants.0.to.role'],
      [consent([{ to: { role: 'HOST', organisationId: own.employerId }, categories: [], purposes: [] }]), 'grants[0].to'],
      [consent([], { givenAt: new Date(Date.now() + 86_400_000).toISOString(), withdrawAll: true }), 'givenAt'],
      [consent([{ to: { role: 'HOST' }, categories: [], purposes: [] }, { to: { role: 'HOST' }, categories: ['IDENTITY'], purposes: [] }]), 'grants[1].to'],
      [consent([{ to: { role: 'HOST' }, categories: [], purposes: [] }], { withdrawAll: true }), 'grants'],
    ];
    for (const [body, field] of cases) {
      const response = await send('care', 'POST', `/journeys/${candidateId}/consents`, body);
      expect([response.statusCode, response.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect([await countRows('consent_versions', candidateId), await countRows('access_log', candidateId)]).toEqual([versions, logged]);
    expect((await get('coordinator', `/journeys/${candidateId}`)).json().status).toBe('ACTIVE');
    // The host records no consent.
    expect((await send('employer', 'POST', `/journeys/${candidateId}/consents`, consent(initialGrants()))).statusCode).toBe(403);
  });

  it('a consent change is recorded once per Idempotency-Key, with who and when, and takes effect on the next request', async () => {
    const { candidateId } = await referToOrientation(markerData);
    const key = randomUUID();
    const body = consent([...initialGrants(), { to: { organisationId: own.employerId }, categories: ['IDENTITY', 'PROGRESS', 'WORK_PROFILE'], purposes: ['PLACEMENT'] }]);
    const first = await send('school', 'POST', `/journeys/${candidateId}/consents`, body, key);
    const again = await send('school', 'POST', `/journeys/${candidateId}/consents`, body, key);
    expect([first.statusCode, again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(first.json()).toEqual({ version: 2, lost: [{ organisationId: own.employerId, categories: ['SUPPORT_AND_HEALTH'] }], journeyWithdrawn: false });
    expect(again.json()).toEqual(first.json());
    expect(await countRows('consent_versions', candidateId)).toBe(2);
    const ledger = (await get('school', `/journeys/${candidateId}/consents?purpose=INTAKE`)).json();
    // recordedBy names the user by its id, as the timeline and the access log do (not by its login subject).
    const schoolUserId = (await get('school', '/me')).json().userId as string;
    expect(ledger.current).toMatchObject({ version: 2, givenBy: 'CANDIDATE', recordedBy: { organisationId: own.schoolId, userId: schoolUserId }, recordedAt: expect.any(String) });
    expect(ledger.versions[0].recordedBy).toEqual({ organisationId: own.schoolId, userId: schoolUserId });
    // The ledger is append-only: not even its owner changes a version.
    await expect(db.query(`UPDATE consent_versions SET withdrawn_all = true WHERE candidate_id = $1`, [candidateId])).rejects.toThrow(/append-only/);
  });

  it('rectification: on the version read, with its history; a stale version is 409 and changes nothing', async () => {
    const { candidateId } = await referToOrientation(markerData);
    const read = (await get('care', `/journeys/${candidateId}/candidate?purpose=RECTIFICATION`)).json();
    expect(read.version).toBe(1);
    const fix = { version: 1, reason: 'Achternaam onvolledig bij aanmelding', lastName: M.correctedLastName };
    const done = await send('care', 'PATCH', `/journeys/${candidateId}/candidate`, fix);
    expect([done.statusCode, done.json()]).toEqual([200, { candidateId, version: 2, fields: ['lastName'] }]);
    expect(done.body).not.toContain(M.correctedLastName);
    const stale = await send('school', 'PATCH', `/journeys/${candidateId}/candidate`, { ...fix, lastName: 'Anders' });
    expect(stale.statusCode).toBe(409);
    expect((await get('coordinator', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`)).json()).toMatchObject({ version: 2, lastName: M.correctedLastName });
    expect((await send('employer', 'PATCH', `/journeys/${candidateId}/candidate`, { ...fix, version: 2 })).statusCode).toBe(403);
    expect((await send('care', 'PATCH', `/journeys/${candidateId}/candidate`, { version: 2, reason: 'niets' })).statusCode).toBe(400);
    const exported = (await get('coordinator', `/journeys/${candidateId}/export`)).json();
    expect(exported.rectifications).toEqual([
      { field: 'lastName', oldValue: M.lastName, newValue: M.correctedLastName, reason: fix.reason, organisationId: own.careProviderId, at: expect.any(String) },
    ]);
    const log = (await get('coordinator', `/access-log?candidate=${candidateId}`)).json().items;
    expect(log).toContainEqual(expect.objectContaining({ action: 'CHANGE', purpose: 'RECTIFICATION', fields: ['lastName'], endpoint: 'PATCH /journeys/{candidateId}/candidate' }));
  });

  it('40 rectifications at once on one version (more than the pool has connections): one takes effect, the others are 409; none waits for a second connection', async () => {
    const { candidateId } = await referToOrientation(markerData);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send('care', 'PATCH', `/journeys/${candidateId}/candidate`, { version: 1, reason: `Correctie ${i}`, lastName: `${M.correctedLastName}${i}` })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((c) => c === 200)).toHaveLength(1);
    expect(statuses.filter((c) => c === 409)).toHaveLength(39);
    expect((await get('coordinator', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`)).json()).toMatchObject({ version: 2 });
  });

  it('the export holds everything stored about the young person, as JSON and as a document in Dutch', async () => {
    const { candidateId } = await referToOrientation(markerData);
    expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn: M.bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(204);
    await get('care', `/journeys/${candidateId}/candidate?purpose=CARE_DELIVERY`);
    const response = await get('coordinator', `/journeys/${candidateId}/export`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="gegevens-${candidateId}.json"`);
    const e = response.json();
    expect(e).toMatchObject({
      candidateId,
      complete: true,
      personalData: { ...markerData, bsn: M.bsn, version: 2 },
      referral: { referrer: { organisationId: own.schoolId }, careProvider: { organisationId: own.careProviderId } },
      journey: { step: 'DISCOVER', status: 'ACTIVE' },
    });
    expect(e.consents).toEqual([expect.objectContaining({ version: 1, givenBy: 'CANDIDATE' })]);
    const timeline = (await get('coordinator', `/journeys/${candidateId}/timeline?limit=500`)).json().items;
    expect(e.timeline.map((x: { sequence: number }) => x.sequence)).toEqual(timeline.map((x: { sequence: number }) => x.sequence));
    const tasks = (await db.query(`SELECT task_id FROM human_tasks WHERE candidate_id = $1 ORDER BY task_id`, [candidateId])).rows.map((r) => r.task_id);
    expect(e.tasks.map((x: { taskId: string }) => x.taskId).sort()).toEqual(tasks);
    // every read about them, the lists that named them too
    const logged = (await db.query(`SELECT count(*)::int AS n FROM access_log WHERE candidate_id = $1 OR candidate_ids @> ARRAY[$1::uuid]`, [candidateId])).rows[0].n;
    expect(e.accessLog).toHaveLength(logged);
    expect(e.accessLog).toContainEqual({ when: expect.any(String), who: expect.stringContaining('(begeleider)'), what: 'bekeken', which: expect.stringContaining('voornaam'), why: 'begeleiding van de jongere' });

    // The care provider hands it over too, without the BSN (the municipality's alone).
    const viaCare = (await get('care', `/journeys/${candidateId}/export`)).json();
    expect(viaCare.personalData).toEqual({ ...markerData, bsnRecorded: true, version: 2 });
    expect(JSON.stringify(viaCare)).not.toContain(M.bsn);

    const html = await get('coordinator', `/journeys/${candidateId}/export?format=html`);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toMatch(/^<!doctype html>\s*<html lang="nl">/);
    for (const text of ['Overzicht van uw gegevens', 'Uw persoonsgegevens', 'Uw toestemming', 'Wie uw gegevens bekeek of wijzigde', M.firstName, M.situation, '17 september 2005', 'taak klaargezet']) {
      expect(html.body).toContain(text);
    }
    expect((await get('coordinator', `/journeys/${candidateId}/export?format=pdf`)).statusCode).toBe(400);
    const { rows } = await db.query(`SELECT action, purpose FROM access_log WHERE candidate_id = $1 AND action = 'EXPORT'`, [candidateId]);
    expect(rows).toEqual([
      { action: 'EXPORT', purpose: 'RIGHTS_REQUEST' },
      { action: 'EXPORT', purpose: 'RIGHTS_REQUEST' },
      { action: 'EXPORT', purpose: 'RIGHTS_REQUEST' },
    ]);
  });

  it("the young person's own view of the access log: who looked, when and why, in plain Dutch", async () => {
    const { candidateId } = await referToOrientation(markerData);
    await get('employer', `/journeys/${candidateId}/candidate?purpose=PLACEMENT`);
    const view = (await get('care', `/journeys/${candidateId}/access-log`)).json();
    expect(view.items[0]).toEqual({ when: expect.any(String), who: expect.stringMatching(/\(docent\)$/), what: 'gewijzigd', which: expect.stringContaining('achternaam'), why: 'intake en toeleiding' });
    expect(view.items).toContainEqual({ when: expect.any(String), who: expect.stringMatching(/\(werkgever\)$/), what: 'bekeken', which: 'voornaam', why: 'bemiddeling en plaatsing' });
    expect(JSON.stringify(view)).not.toContain(M.lastName);
  });

  describe('the access log is append-only and tamper-evident', () => {
    it('the role the API acts in cannot change or delete rows, and neither can the owner', async () => {
      const { candidateId } = await referToOrientation(markerData);
      const role = (await db.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'placement_app'`)).rows[0].n;
      expect(role).toBe(1);
      await db.query('BEGIN');
      try {
        await db.query('SET LOCAL ROLE placement_app');
        await expect(db.query(`UPDATE access_log SET purpose = 'PLACEMENT' WHERE candidate_id = $1`, [candidateId])).rejects.toThrow(/permission denied/);
      } finally {
        await db.query('ROLLBACK');
      }
      await db.query('BEGIN');
      try {
        await db.query('SET LOCAL ROLE placement_app');
        await expect(db.query(`DELETE FROM access_log WHERE candidate_id = $1`, [candidateId])).rejects.toThrow(/permission denied/);
      } finally {
        await db.query('ROLLBACK');
      }
      await expect(db.query(`DELETE FROM access_log WHERE candidate_id = $1`, [candidateId])).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE access_log`)).rejects.toThrow(/append-only/);
      // The API's own connections act in that role.
      expect(await api.get(DataSource).query('SELECT current_user AS who')).toEqual([{ who: 'placement_app' }]);
    });

    it('a superuser who edits or deletes rows behind the triggers is found at the right row', async () => {
      // A municipality of its own, so the chain checked is this test's alone.
      const mine = await createParties(db);
      t.mineCoordinator = await bearer(api, mine.municipalityId, ['coordinator']);
      t.mineCare = await bearer(api, mine.careProviderId, ['support-worker']);
      const referral = await send('mineCare', 'POST', '/referrals', referralBody(mine));
      const candidateId = referral.json().candidateId as string;
      for (let i = 0; i < 5; i++) await get('mineCoordinator', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`);
      const intact = (await get('mineCoordinator', '/access-log/verification')).json();
      expect(intact).toEqual({ intact: true, checked: 6, head: { chainSeq: 6, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });

      await db.query('BEGIN');
      await db.query(`SET LOCAL session_replication_role = replica`); // triggers off: what only a superuser can do
      await db.query(`UPDATE access_log SET purpose = 'PLACEMENT' WHERE municipality_id = $1 AND chain_seq = 4`, [mine.municipalityId]);
      await db.query('COMMIT');
      expect((await get('mineCoordinator', '/access-log/verification')).json()).toMatchObject({ intact: false, firstBroken: { id: 4, problem: 'this row was changed after it was written', code: 'ROW_CHANGED' } });

      await db.query('BEGIN');
      await db.query(`SET LOCAL session_replication_role = replica`);
      await db.query(`DELETE FROM access_log WHERE municipality_id = $1 AND chain_seq = 2`, [mine.municipalityId]);
      await db.query('COMMIT');
      expect((await get('mineCoordinator', '/access-log/verification')).json()).toMatchObject({ intact: false, firstBroken: { id: 2, problem: 'a row is missing before this one', code: 'ROW_MISSING' } });
      // Another municipality's chain is untouched by it; only a municipality verifies.
      expect((await get('coordinator', '/access-log/verification')).json().intact).toBe(true);
      expect((await get('care', '/access-log/verification')).statusCode).toBe(403);
    });
  });

  describe('the BSN', () => {
    it('recorded by the municipality only, encrypted, found by its keyed hash, never shown to another party', async () => {
      const { candidateId } = await referToOrientation(markerData);
      const bsn = '111222333';
      for (const who of ['care', 'school', 'employer']) expect((await send(who, 'PUT', `/journeys/${candidateId}/bsn`, { bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(403);
      expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn: '111222334', purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(400);
      expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn: '11122233', purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(400);
      expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn }, false)).statusCode).toBe(400);
      expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(204);

      const stored = (await db.query(`SELECT bsn_encrypted, bsn_hash FROM candidates WHERE id = $1`, [candidateId])).rows[0];
      expect(stored.bsn_encrypted).toMatch(/^dev:/);
      expect(JSON.stringify(stored)).not.toContain(bsn);
      expect((await get('coordinator', `/journeys/${candidateId}/bsn?purpose=MUNICIPAL_TASK`)).json()).toEqual({ candidateId, bsn });
      expect((await get('coordinator', `/journeys/${candidateId}/bsn`)).statusCode).toBe(400);
      for (const who of ['care', 'school', 'employer']) {
        const response = await get(who, `/journeys/${candidateId}/bsn?purpose=MUNICIPAL_TASK`);
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain(bsn);
      }
      const found = await send('coordinator', 'POST', '/journeys/find-by-bsn', { bsn, purpose: 'MUNICIPAL_TASK' }, false);
      expect([found.statusCode, found.json()]).toEqual([200, { candidateId }]);
      expect((await send('foreign', 'POST', '/journeys/find-by-bsn', { bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(404);
      expect((await send('care', 'POST', '/journeys/find-by-bsn', { bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(403);
      // One young person per BSN in a municipality.
      const other = await referToOrientation(markerData);
      expect((await send('coordinator', 'PUT', `/journeys/${other.candidateId}/bsn`, { bsn, purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(409);
      const { rows } = await db.query(`SELECT action, purpose, endpoint FROM access_log WHERE candidate_id = $1 AND 'bsn' = ANY(fields) ORDER BY chain_seq`, [candidateId]);
      expect(rows).toEqual([
        { action: 'CHANGE', purpose: 'MUNICIPAL_TASK', endpoint: 'PUT /journeys/{candidateId}/bsn' },
        { action: 'READ', purpose: 'MUNICIPAL_TASK', endpoint: 'GET /journeys/{candidateId}/bsn' },
        { action: 'READ', purpose: 'MUNICIPAL_TASK', endpoint: 'POST /journeys/find-by-bsn' },
      ]);
    });
  });

  describe('erasure', () => {
    /** Markers of one young person alone, so "nowhere in the database" means what it says. */
    let born = 1990;
    const unique = () => {
      const b = randomBytes(4);
      const r = b.toString('hex');
      const dateOfBirth = new Date(Date.UTC(born++, b[0] % 12, 1 + (b[1] % 28))).toISOString().slice(0, 10);
      return { firstName: `Wisvoornaam${r}`, lastName: `Wisachternaam${r}`, dateOfBirth, email: `wis${r}@example.nl`, phone: `06 ${String(b.readUInt32BE(0) % 100000000).padStart(8, '0')}`, situation: `Te wissen situatie ${r}` };
    };

    /** Every row of every table of the database, as text. */
    async function everything(): Promise<string> {
      const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename as string);
      const parts: string[] = [];
      for (const table of tables) parts.push(...(await db.query(`SELECT t::text AS row FROM "${table}" t`)).rows.map((r) => r.row as string));
      return parts.join('\n');
    }

    const summary = async () => {
      const { generatedAt: _at, ...figures } = (await get('coordinator', '/pipeline/summary')).json();
      return figures;
    };

    it('on request: refused while the journey runs; after it closed, no personal data is left in any table and the figures stay', async () => {
      const data = unique();
      const { candidateId } = await referToOrientation(data);
      expect((await send('coordinator', 'PUT', `/journeys/${candidateId}/bsn`, { bsn: '999999990', purpose: 'MUNICIPAL_TASK' }, false)).statusCode).toBe(204);
      expect((await send('care', 'PATCH', `/journeys/${candidateId}/candidate`, { version: 2, reason: `Correctie voor ${data.firstName}`, firstName: `${data.firstName}x` })).statusCode).toBe(200);
      const running = await send('coordinator', 'POST', `/journeys/${candidateId}/erasure`, { ground: 'CONSENT_WITHDRAWN' });
      expect(running.statusCode).toBe(409);
      expect(await everything()).toContain(data.lastName);

      expect((await send('coordinator', 'POST', `/journeys/${candidateId}/exit`, { reasonCode: 'MOVED_AWAY' })).statusCode).toBe(200);
      await waitFor(async () => (await get('coordinator', `/journeys/${candidateId}`)).json().status === 'EXITED');
      const before = await summary();
      expect((await send('care', 'POST', `/journeys/${candidateId}/erasure`, { ground: 'CONSENT_WITHDRAWN' })).statusCode).toBe(403);
      expect((await send('coordinator', 'POST', `/journeys/${candidateId}/erasure`, { ground: 'FORGET_ME' })).statusCode).toBe(400);
      const erased = await send('coordinator', 'POST', `/journeys/${candidateId}/erasure`, { ground: 'CONSENT_WITHDRAWN' });
      expect([erased.statusCode, erased.json()]).toEqual([
        200,
        {
          candidateId,
          reason: 'REQUEST',
          ground: 'CONSENT_WITHDRAWN',
          erased: { candidate: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'bsn'], referral: ['situation'], rectifications: 1 },
          erasedAt: expect.any(String),
        },
      ]);
      const all = await everything();
      for (const value of [...Object.values(data), `${data.firstName}x`]) expect([value, all.includes(value)]).toEqual([value, false]);
      expect((await db.query(`SELECT bsn_encrypted, bsn_hash FROM candidates WHERE id = $1`, [candidateId])).rows[0]).toEqual({ bsn_encrypted: null, bsn_hash: null });
      expect(await summary()).toEqual(before);
      expect((await get('coordinator', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`)).statusCode).toBe(404);
      expect((await get('coordinator', `/journeys/${candidateId}`)).statusCode).toBe(200);
      // Again: the first erasure's record, nothing new.
      const again = await send('coordinator', 'POST', `/journeys/${candidateId}/erasure`, { ground: 'CONSENT_WITHDRAWN' });
      expect(again.json()).toEqual(erased.json());
      expect(await countRows('erasures', candidateId)).toBe(1);
      const exported = (await get('coordinator', `/journeys/${candidateId}/export`)).json();
      expect(exported).toMatchObject({ erasure: { reason: 'REQUEST' }, rectifications: [] });
      expect(exported.personalData).toBeUndefined();
      expect((await db.query(`SELECT action, purpose, fields FROM access_log WHERE candidate_id = $1 AND action = 'ERASE'`, [candidateId])).rows).toEqual([
        { action: 'ERASE', purpose: 'RIGHTS_REQUEST', fields: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'bsn', 'situation'] },
      ]);
    });

    it("after the municipality's retention period, the nightly workflow erases closed journeys' data and leaves running ones", async () => {
      // A municipality of its own with a retention period of 0 days.
      const mine = await createParties(db);
      t.mineAdmin = await bearer(api, mine.municipalityId, ['admin'], 'retention-admin');
      t.mineCoordinator2 = await bearer(api, mine.municipalityId, ['coordinator'], 'retention-coordinator');
      t.mineCare2 = await bearer(api, mine.careProviderId, ['support-worker'], 'retention-care');
      expect((await get('mineAdmin', '/privacy/retention')).json()).toEqual({ days: 730, own: false });
      expect((await send('mineCoordinator2', 'PUT', '/privacy/retention', { days: 0 }, false)).statusCode).toBe(403);
      expect((await send('mineAdmin', 'PUT', '/privacy/retention', { days: -1 }, false)).statusCode).toBe(400);
      expect((await send('mineAdmin', 'PUT', '/privacy/retention', { days: 0 }, false)).json()).toEqual({ days: 0, own: true });

      const [closed, open] = [unique(), unique()];
      const refer = async (d: ReturnType<typeof unique>) => {
        const { situation, ...candidate } = d;
        return (await send('mineCare2', 'POST', '/referrals', referralBody(mine, { candidate, situation }))).json().candidateId as string;
      };
      const [closedId, openId] = [await refer(closed), await refer(open)];
      expect((await send('mineCoordinator2', 'POST', `/journeys/${closedId}/exit`, {})).statusCode).toBe(200);
      await waitFor(async () => (await db.query(`SELECT closed_at FROM journeys WHERE candidate_id = $1`, [closedId])).rows[0]?.closed_at != null);

      const { client, close } = await temporalClient();
      try {
        const outcome = await new JourneyClient(client, testRun().taskQueue).runRetention(randomUUID());
        expect(outcome.erased).toBeGreaterThanOrEqual(1);
      } finally {
        await close();
      }
      const all = await everything();
      for (const value of Object.values(closed)) expect([value, all.includes(value)]).toEqual([value, false]);
      expect(all).toContain(open.lastName);
      expect((await db.query(`SELECT reason, organisation_id FROM erasures WHERE candidate_id = $1`, [closedId])).rows).toEqual([{ reason: 'RETENTION', organisation_id: null }]);
      expect(await countRows('erasures', openId)).toBe(0);
      const view = (await get('mineCoordinator2', `/journeys/${closedId}/access-log`)).json();
      expect(view.items).toContainEqual(expect.objectContaining({ what: 'gewist', why: 'bewaartermijn verstreken', who: expect.stringContaining('automatisch') }));
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
