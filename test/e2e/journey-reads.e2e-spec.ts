import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { injectRetrying503 } from '../support/http-driver';
import { bearer, createParties, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';

/** Timeline, personal data and the access log, each party seeing what it needs only. */
describe('journey timeline, personal data and access log', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let otherEmployerId: string;
  let candidateId: string;
  const t: Record<string, string> = {};

  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });

  async function complete(who: string, type: string, payload: unknown): Promise<void> {
    const inbox = (await get(who, `/tasks?journey=${candidateId}&type=${type}`)).json();
    expect(inbox.items).toHaveLength(1);
    const response = await api.inject({
      method: 'POST',
      url: `/journeys/${candidateId}/tasks/${encodeURIComponent(inbox.items[0].taskId)}/complete`,
      headers: { authorization: t[who], 'idempotency-key': randomUUID() },
      payload: { payload },
    });
    expect(response.statusCode).toBe(200);
  }

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    otherEmployerId = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherEmployerId, 'Other employer', OrganisationType.EMPLOYER, own.municipalityId]);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.careAdmin = await bearer(api, own.careProviderId, ['support-worker', 'admin'], 'care-admin');
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.otherEmployer = await bearer(api, otherEmployerId, ['employer']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);

    const referral = await injectRetrying503(api, {
      method: 'POST',
      url: '/referrals',
      headers: { authorization: t.care, 'idempotency-key': randomUUID() },
      payload: referralBody(own, { candidate: { firstName: 'Noor', lastName: 'Vandervelde', dateOfBirth: '2007-01-08' }, situation: 'Sensitive situation text.' }),
    });
    candidateId = referral.json().candidateId;
    await complete('coordinator', 'intake.accept', { decision: 'ACCEPT' });
    await complete('coordinator', 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: ['RETAIL'] });
    await complete('care', 'profile.talents', { talentCodes: ['FRIENDLY'], interestCodes: ['FOOD'] });
    await complete('coordinator', 'orientation.propose', { employerIds: [own.employerId, otherEmployerId] });
    await complete('employer', 'orientation.respond', { decision: 'ACCEPT' });
    await complete('otherEmployer', 'orientation.respond', { decision: 'DECLINE', reasonCode: 'NO_CAPACITY' });
    await complete('employer', 'orientation.feedback', { rating: 5, fitCodes: ['TEAM'], recommend: true });
    await complete('care', 'orientation.feedback', { rating: 2, fitCodes: ['TOO_BUSY'], recommend: false });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it('the coordinator sees every act, in order, with its actor', async () => {
    const page = (await get('coordinator', `/journeys/${candidateId}/timeline`)).json();
    const sequences = page.items.map((e: { sequence: number }) => e.sequence);
    expect(sequences).toEqual(sequences.map((_: number, i: number) => i + 1));
    const completions = page.items.filter((e: { type: string }) => e.type === 'task.completed');
    expect(completions.map((e: { actor: { organisationId: string } }) => e.actor.organisationId)).toEqual([
      own.municipalityId,
      own.municipalityId,
      own.careProviderId,
      own.municipalityId,
      own.employerId,
      otherEmployerId,
      own.employerId,
      own.careProviderId,
    ]);
    expect(completions.every((e: { actor: { userId?: string; userName?: string } }) => /^[0-9a-f-]{36}$/.test(e.actor.userId!) && !!e.actor.userName)).toBe(true);
  });

  /** The users as the directory has them (the tokens' subjects are the sign-in's, not shown). */
  const user = async (organisationId: string, roles: string[], subject?: string) => {
    const id = await seedUser(organisationId, roles, subject);
    return (await db.query('SELECT id, name FROM users WHERE id = $1', [id])).rows[0] as { id: string; name: string };
  };

  it('the referral names who referred, as every other act does', async () => {
    const [first] = (await get('coordinator', `/journeys/${candidateId}/timeline`)).json().items;
    const referrer = await user(own.careProviderId, ['support-worker']);
    expect(first).toMatchObject({
      type: 'journey.referred',
      actor: { organisationId: own.careProviderId, organisationName: expect.any(String), role: 'support-worker', userId: referrer.id, userName: referrer.name },
    });
  });

  it("names the acting users to the municipality and to the acting organisation's own admin; others see the organisation and role", async () => {
    type Entry = { type: string; actor?: { organisationId: string; organisationName?: string; role?: string; userId?: string; userName?: string } };
    const acts = async (who: string): Promise<Entry[]> =>
      ((await get(who, `/journeys/${candidateId}/timeline?limit=500`)).json().items as Entry[]).filter((e) => e.type === 'task.completed');
    const careUser = await user(own.careProviderId, ['support-worker']);
    const coordinator = await user(own.municipalityId, ['coordinator']);

    const asCareAdmin = await acts('careAdmin');
    expect(asCareAdmin.filter((e) => e.actor!.organisationId === own.careProviderId).map((e) => e.actor)).toEqual([
      { organisationId: own.careProviderId, organisationName: expect.any(String), role: 'support-worker', userId: careUser.id, userName: careUser.name },
      { organisationId: own.careProviderId, organisationName: expect.any(String), role: 'support-worker', userId: careUser.id, userName: careUser.name },
    ]);
    const municipalityActs = asCareAdmin.filter((e) => e.actor!.organisationId === own.municipalityId);
    expect(municipalityActs.length).toBe(3);
    for (const e of municipalityActs) expect(e.actor).toEqual({ organisationId: own.municipalityId, organisationName: expect.any(String), role: 'coordinator' });

    for (const who of ['care', 'employer']) {
      const entries = await acts(who);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) expect(Object.keys(e.actor!).sort()).toEqual(['organisationId', 'organisationName', 'role']);
    }
    const asMunicipality = await acts('coordinator');
    expect(asMunicipality[0].actor).toEqual({ organisationId: own.municipalityId, organisationName: expect.any(String), role: 'coordinator', userId: coordinator.id, userName: coordinator.name });
  });

  it("an employer sees its own part only: not the other employer, not the care provider's feedback", async () => {
    const response = await get('employer', `/journeys/${candidateId}/timeline`);
    expect(response.statusCode).toBe(200);
    const { items } = response.json();
    expect(items.length).toBeGreaterThan(0);
    expect(response.body).not.toContain(otherEmployerId);
    expect(response.body).not.toContain('TOO_BUSY');
    expect(items.filter((e: { type: string }) => e.type === 'task.completed').every((e: { actor: { organisationId: string } }) => e.actor.organisationId === own.employerId)).toBe(true);

    // The employer that declined: its part ended, so the journey no longer exists for it; its own answer stays on its list.
    const declined = await get('otherEmployer', `/journeys/${candidateId}/timeline`);
    expect(declined.statusCode).toBe(404);
    expect(declined.body).not.toContain(own.employerId);
    const answered = await get('otherEmployer', `/tasks?journey=${candidateId}&status=COMPLETED`);
    expect(answered.json().items.map((t: { type: string }) => t.type)).toEqual(['orientation.respond']);
  });

  it('pages the timeline with a cursor', async () => {
    const all = (await get('coordinator', `/journeys/${candidateId}/timeline?limit=500`)).json().items;
    const first = (await get('coordinator', `/journeys/${candidateId}/timeline?limit=3`)).json();
    expect(first.items).toEqual(all.slice(0, 3));
    const second = (await get('coordinator', `/journeys/${candidateId}/timeline?limit=3&after=${first.nextCursor}`)).json();
    expect(second.items).toEqual(all.slice(3, 6));
    expect((await get('coordinator', `/journeys/${candidateId}/timeline?limit=0`)).statusCode).toBe(400);
  });

  it('another municipality: 404 for the timeline and the personal data, and nothing logged', async () => {
    expect((await get('foreign', `/journeys/${candidateId}/timeline`)).statusCode).toBe(404);
    expect((await get('foreign', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`)).statusCode).toBe(404);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM access_log WHERE organisation_id = $1', [foreign.municipalityId]);
    expect(rows[0].n).toBe(0);
  });

  it('personal data: in full for the coordinator, first name only for an employer; every read access-logged', async () => {
    const full = await get('coordinator', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`);
    expect(full.json()).toEqual({
      candidateId,
      version: 1,
      firstName: 'Noor',
      lastName: 'Vandervelde',
      dateOfBirth: '2007-01-08',
      situation: 'Sensitive situation text.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00.000Z' },
    });
    const minimal = await get('employer', `/journeys/${candidateId}/candidate?purpose=PLACEMENT`);
    expect(minimal.json()).toEqual({ candidateId, version: 1, firstName: 'Noor' });
    expect(minimal.body).not.toMatch(/Vandervelde|2007-01-08|Sensitive/);

    // Newest first, reversed to read in the order of the accesses; the reads about this young person
    // alone (the inboxes' list reads that named them are test/e2e/casework-who's).
    const log = (await get('coordinator', `/access-log?candidate=${candidateId}`)).json().items.reverse().filter((e: { candidateId?: string }) => e.candidateId);
    const [coordinator, employer] = [await user(own.municipalityId, ['coordinator']), await user(own.employerId, ['employer'])];
    expect(log).toEqual([
      expect.objectContaining({ candidateId, action: 'CHANGE', purpose: 'INTAKE', endpoint: 'POST /referrals' }),
      expect.objectContaining({
        candidateId,
        action: 'READ',
        purpose: 'MUNICIPAL_TASK',
        actor: { organisationId: own.municipalityId, organisationName: expect.any(String), role: 'coordinator', userId: coordinator.id, userName: coordinator.name },
        endpoint: 'GET /journeys/{candidateId}/candidate',
        fields: ['firstName', 'lastName', 'dateOfBirth', 'situation', 'consent'],
      }),
      expect.objectContaining({
        candidateId,
        actor: { organisationId: own.employerId, organisationName: expect.any(String), role: 'employer', userId: employer.id, userName: employer.name },
        action: 'READ',
        purpose: 'PLACEMENT',
        fields: ['firstName'],
      }),
    ]);
    expect((await get('foreign', `/access-log?candidate=${candidateId}`)).json().items).toEqual([]);
    expect((await get('employer', '/access-log')).statusCode).toBe(403);
    expect((await get('care', '/access-log')).statusCode).toBe(403);
    expect((await get('coordinator', '/access-log?candidate=nope')).statusCode).toBe(400);
  });

  it("a task carries what its party needs: an employer gets the work profile and agreed support, not the plan, route or others' outcomes", async () => {
    await complete('coordinator', 'discover.conclude', { decision: 'READY_FOR_ANALYSE' });
    const plan = 'DL-2026-0117'; // the support plan's reference in the care provider's own file
    await complete('care', 'analyse.support-plan', { supportPlanDocumentId: plan, supportCodes: ['JOB_COACH', 'QUIET_SPACE'], jobCoachHoursPerWeek: 6 });
    await complete('coordinator', 'analyse.match', { employerId: own.employerId, roleCode: 'KITCHEN_HELP', hoursPerWeek: 12, durationWeeks: 26, proposedRoute: 'WAGE_COST_SUBSIDY' });

    const decision = (await get('coordinator', `/tasks?journey=${candidateId}&type=analyse.decision`)).json().items[0];
    const forCoordinator = (await get('coordinator', `/journeys/${candidateId}/tasks/${encodeURIComponent(decision.taskId)}?purpose=MUNICIPAL_TASK`)).json();
    expect(forCoordinator).toMatchObject({
      task: { taskId: decision.taskId, type: 'analyse.decision' },
      profile: { talentCodes: ['FRIENDLY'], interestCodes: ['FOOD'] },
      match: { employerId: own.employerId, roleCode: 'KITCHEN_HELP', hoursPerWeek: 12 },
      agreedSupport: { supportCodes: ['JOB_COACH', 'QUIET_SPACE'], jobCoachHoursPerWeek: 6 },
      proposedRoute: 'WAGE_COST_SUBSIDY',
    });
    expect(forCoordinator.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['DECLINED', 'RECOMMENDED']);
    await complete('coordinator', 'analyse.decision', { decision: 'APPROVE' });

    const offer = (await get('employer', `/tasks?journey=${candidateId}&type=placement.offer`)).json().items[0];
    const response = await get('employer', `/journeys/${candidateId}/tasks/${encodeURIComponent(offer.taskId)}?purpose=PLACEMENT`);
    expect(response.json()).toEqual({
      task: expect.objectContaining({ taskId: offer.taskId, type: 'placement.offer' }),
      purpose: 'PLACEMENT',
      person: { firstName: 'Noor', referrerName: expect.any(String), step: 'PLACE', daysRunning: expect.any(Number) },
      profile: { talentCodes: ['FRIENDLY'], interestCodes: ['FOOD'] },
      match: { employerId: own.employerId, roleCode: 'KITCHEN_HELP', hoursPerWeek: 12, durationWeeks: 26 },
      agreedSupport: { supportCodes: ['JOB_COACH', 'QUIET_SPACE'], jobCoachHoursPerWeek: 6 },
    });
    expect(response.body).not.toMatch(new RegExp(`${plan}|${otherEmployerId}|Sensitive|Vandervelde|WAGE_COST_SUBSIDY`));
    for (const who of ['coordinator', 'otherEmployer', 'foreign']) {
      expect((await get(who, `/journeys/${candidateId}/tasks/${encodeURIComponent(offer.taskId)}?purpose=PLACEMENT`)).statusCode).toBe(404);
    }
  });
});
