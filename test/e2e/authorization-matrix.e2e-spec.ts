import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client as PgClient } from 'pg';
import { DEVELOPMENT_SECRET } from '../../libs/config/src/environment';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { bootstrapPlatformAdmin } from '../../scripts/platform-admin';
import { bearer, createParties, seedUser, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

type Party = 'ownMunicipality' | 'ownCare' | 'ownSchool' | 'ownEmployer' | 'foreignMunicipality' | 'foreignCare' | 'foreignSchool' | 'foreignEmployer' | 'platform';
/** Admins hold only the admin role; where a row names no status for one, its party's status applies. */
type Admin = 'ownMunicipalityAdmin' | 'ownEmployerAdmin' | 'foreignMunicipalityAdmin';
type Caller = Party | Admin;
const CALLERS: Caller[] = [
  'ownMunicipality',
  'ownCare',
  'ownSchool',
  'ownEmployer',
  'foreignMunicipality',
  'foreignCare',
  'foreignSchool',
  'foreignEmployer',
  'platform',
  'ownMunicipalityAdmin',
  'ownEmployerAdmin',
  'foreignMunicipalityAdmin',
];
const partyOf = (caller: Caller): Party => caller.replace(/Admin$/, '') as Party;

/**
 * Every protected endpoint, called as every party of an own and of a foreign municipality (the
 * foreign one registered through the API: a platform admin registers it, its admin its
 * organisations and users) and as the platform admin, and with no, an expired and a tampered
 * token: each answer's status, and no data of the other municipality in any body.
 */
describe('authorization matrix', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  const tokens: Record<string, string> = {};
  let candidateId: string;
  let taskId: string;
  let workplaceId: string;
  let employerUserId: string;
  /** A fresh journey per state-changing act and caller, so every call meets the same state. */
  const fresh: Record<string, Record<string, string>> = {};

  let foreignCandidateId: string;
  /** Journeys where the own employer's part ended: it declined the orientation; the match named another host (it only an alternative). */
  let declinedId: string;
  let unchosenId: string;

  const post = async (authorization: string, url: string, payload: object): Promise<{ id: string } & Record<string, unknown>> => {
    const response = await api.inject({ method: 'POST', url, headers: { authorization, 'idempotency-key': randomUUID() }, payload });
    if (response.statusCode !== 201) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const mint = async (userId: string): Promise<string> => `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId } })).json().accessToken}`;

  /** Another municipality, as a new one comes in: registered over the API, from the platform admin down. */
  async function registerForeignMunicipality(): Promise<TestParties> {
    const platform = await bootstrapPlatformAdmin(db, { name: 'Matrix platform admin', subject: `platform-${randomUUID()}` });
    tokens.platform = await mint(platform.userId);
    const registered = await post(tokens.platform, '/municipalities', { name: 'Gemeente Elders', admin: { name: 'Beheerder Elders' } });
    const municipality = registered.municipality as { id: string };
    tokens.foreignMunicipalityAdmin = await mint((registered.admin as { id: string }).id);
    const organisation = async (type: string) => (await post(tokens.foreignMunicipalityAdmin, '/organisations', { name: `Elders ${type.toLowerCase()}`, type })).id;
    const parties = { municipalityId: municipality.id, careProviderId: await organisation('CARE_PROVIDER'), schoolId: await organisation('SCHOOL'), employerId: await organisation('EMPLOYER') };
    const user = async (organisationId: string, role: string) => mint((await post(tokens.foreignMunicipalityAdmin, `/organisations/${organisationId}/users`, { name: `Elders ${role}`, roles: [role] })).id);
    tokens.foreignMunicipality = await user(parties.municipalityId, 'coordinator');
    tokens.foreignCare = await user(parties.careProviderId, 'support-worker');
    tokens.foreignSchool = await user(parties.schoolId, 'teacher');
    tokens.foreignEmployer = await user(parties.employerId, 'employer');
    return parties;
  }

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    const orgs: Record<'ownMunicipality' | 'ownCare' | 'ownSchool' | 'ownEmployer' | 'ownMunicipalityAdmin' | 'ownEmployerAdmin', [string, string]> = {
      ownMunicipality: [own.municipalityId, 'coordinator'],
      ownCare: [own.careProviderId, 'support-worker'],
      ownSchool: [own.schoolId, 'teacher'],
      ownEmployer: [own.employerId, 'employer'],
      ownMunicipalityAdmin: [own.municipalityId, 'admin'],
      ownEmployerAdmin: [own.employerId, 'admin'],
    };
    for (const [caller, [org, role]] of Object.entries(orgs)) tokens[caller] = await bearer(api, org, [role], `${caller}-user`);
    foreign = await registerForeignMunicipality();
    foreignCandidateId = await new HttpParties(api, { care: tokens.foreignCare }).refer(
      'care',
      referralBody(foreign, { candidate: { firstName: 'Elsewhereia', lastName: 'Hiddenname', dateOfBirth: '2006-06-06' } }),
    );
    employerUserId = await seedUser(own.employerId, ['employer'], 'colleague');

    // A journey of the own municipality, waiting for the own employer's orientation answer.
    const p = new HttpParties(api, { municipality: tokens.ownMunicipality, care: tokens.ownCare, school: tokens.ownSchool });
    candidateId = await p.refer('school', referralBody(own, { candidate: { firstName: 'Matrixia', lastName: 'Secretname', dateOfBirth: '2006-06-06' } }));
    await p.complete('municipality', candidateId, 'intake.accept', PAYLOADS.accept);
    await p.complete('municipality', candidateId, 'intake.meeting', PAYLOADS.meeting);
    await p.complete('care', candidateId, 'profile.talents', PAYLOADS.talents);
    await p.complete('municipality', candidateId, 'orientation.propose', PAYLOADS.propose(own.employerId));
    taskId = await new HttpParties(api, { employer: tokens.ownEmployer }).task('employer', candidateId, 'orientation.respond');
    const created = await api.inject({
      method: 'POST',
      url: '/workplaces',
      headers: { authorization: tokens.ownEmployer, 'idempotency-key': randomUUID() },
      payload: { title: 'Secret workplace title', location: 'Somewhere 1', hoursPerWeek: 8, capacity: 1, supportOnSite: [] },
    });
    workplaceId = created.json().id;
    const host = new HttpParties(api, { municipality: tokens.ownMunicipality, care: tokens.ownCare, school: tokens.ownSchool, employer: tokens.ownEmployer });
    const toOrientation = async (firstName: string) => {
      const id = await host.refer('school', referralBody(own, { candidate: { firstName, lastName: 'Secretname', dateOfBirth: '2006-06-06' } }));
      await host.complete('municipality', id, 'intake.accept', PAYLOADS.accept);
      await host.complete('municipality', id, 'intake.meeting', PAYLOADS.meeting);
      await host.complete('care', id, 'profile.talents', PAYLOADS.talents);
      await host.complete('municipality', id, 'orientation.propose', PAYLOADS.propose(own.employerId));
      return id;
    };
    declinedId = await toOrientation('Declinia');
    await host.complete('employer', declinedId, 'orientation.respond', PAYLOADS.declines);
    unchosenId = await toOrientation('Unchosenia');
    await host.complete('employer', unchosenId, 'orientation.respond', PAYLOADS.accepts);
    await host.complete('employer', unchosenId, 'orientation.feedback', PAYLOADS.feedback);
    await host.complete('care', unchosenId, 'orientation.feedback', PAYLOADS.feedback);
    await host.complete('municipality', unchosenId, 'discover.conclude', PAYLOADS.ready);
    await host.complete('care', unchosenId, 'analyse.support-plan', PAYLOADS.supportPlan);
    const otherEmployerId = randomUUID();
    await db.query(`INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, 'Chosen employer', 'EMPLOYER', $2)`, [otherEmployerId, own.municipalityId]);
    await host.complete('municipality', unchosenId, 'analyse.match', PAYLOADS.match(otherEmployerId, [own.employerId]));
    for (const act of ['pause', 'withdraw', 'referral-error', 'exit']) {
      fresh[act] = {};
      for (const caller of CALLERS) fresh[act][caller] = await p.refer('school', referralBody(own));
    }
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  interface Endpoint {
    name: string;
    request: (caller: Caller) => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object; key?: boolean };
    expect: Record<Party, number> & Partial<Record<Admin, number>>;
  }

  const all = (status: number): Record<Party, number> => Object.fromEntries(CALLERS.filter((c) => c === partyOf(c)).map((c) => [c, status])) as Record<Party, number>;
  const journeyParties = { ownMunicipality: 200, ownCare: 200, ownSchool: 200, ownEmployer: 200, foreignMunicipality: 404, foreignCare: 404, foreignSchool: 404, foreignEmployer: 404, platform: 403 };
  /** An own resource: every foreign party gets 404, never 403. */
  const foreign404 = { foreignMunicipality: 404, foreignCare: 404, foreignSchool: 404, foreignEmployer: 404 };
  const task = (act: string, payload?: object) => () => ({ method: 'POST' as const, url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/${act}`, payload, key: true });

  /** Casework (referrals, tasks, journeys) needs a casework role: an admin alone, or the platform admin, gets 403. */
  const casework = (e: Endpoint): Endpoint => ({ ...e, expect: { ownMunicipalityAdmin: 403, ownEmployerAdmin: 403, foreignMunicipalityAdmin: 403, ...e.expect, platform: 403 } });
  const CASEWORK = /^(POST \/referrals|GET \/referrals|GET \/tasks|POST complete|GET task detail|POST claim|POST unclaim|GET \/journeys|POST reassign|POST \/journeys)/;

  const endpoints: Endpoint[] = ([
    {
      name: 'POST /referrals',
      request: (c) => ({ method: 'POST', url: '/referrals', payload: referralBody(c.startsWith('own') ? own : foreign), key: true }),
      expect: { ownMunicipality: 403, ownCare: 201, ownSchool: 201, ownEmployer: 403, foreignMunicipality: 403, foreignCare: 201, foreignSchool: 201, foreignEmployer: 403 },
    },
    {
      name: 'GET /referrals',
      request: () => ({ method: 'GET', url: '/referrals?limit=200' }),
      expect: { ownMunicipality: 200, ownCare: 200, ownSchool: 200, ownEmployer: 403, foreignMunicipality: 200, foreignCare: 200, foreignSchool: 200, foreignEmployer: 403 },
    },
    { name: 'GET /tasks', request: () => ({ method: 'GET', url: '/tasks?limit=200' }), expect: all(200) },
    {
      name: 'POST complete (an invalid payload, so nothing changes)',
      request: task('complete', { payload: { decision: 'MAYBE' } }),
      expect: { ownMunicipality: 404, ownCare: 404, ownSchool: 404, ownEmployer: 400, ...foreign404 },
    },
    {
      name: 'GET task detail',
      request: () => ({ method: 'GET', url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}?purpose=PLACEMENT` }),
      expect: { ownMunicipality: 404, ownCare: 404, ownSchool: 404, ownEmployer: 200, ...foreign404 },
    },
    { name: 'POST claim', request: task('claim'), expect: { ownMunicipality: 404, ownCare: 404, ownSchool: 404, ownEmployer: 200, ...foreign404 } },
    { name: 'POST unclaim', request: task('unclaim'), expect: { ownMunicipality: 404, ownCare: 404, ownSchool: 404, ownEmployer: 200, ...foreign404 } },
    { name: 'GET /journeys/{id}', request: () => ({ method: 'GET', url: `/journeys/${candidateId}` }), expect: journeyParties },
    { name: 'GET /journeys/{id}/timeline', request: () => ({ method: 'GET', url: `/journeys/${candidateId}/timeline` }), expect: journeyParties },
    { name: 'GET /journeys/{id}/candidate', request: () => ({ method: 'GET', url: `/journeys/${candidateId}/candidate?purpose=PLACEMENT` }), expect: journeyParties },
    ...(['declined the orientation', 'was not chosen (only an alternative in the match)'] as const).flatMap((part) =>
      ['', '/timeline', '/candidate?purpose=PLACEMENT'].map((read) => ({
        name: `GET /journeys/{id}${read.replace(/\?.*/, '')} of a host that ${part}`,
        request: () => ({ method: 'GET' as const, url: `/journeys/${part.startsWith('declined') ? declinedId : unchosenId}${read}` }),
        expect: { ...journeyParties, ownEmployer: 404 },
      })),
    ),
    {
      name: 'GET /journeys/{id}/duplicates',
      request: () => ({ method: 'GET', url: `/journeys/${candidateId}/duplicates` }),
      expect: { ownMunicipality: 200, ownCare: 200, ownSchool: 200, ownEmployer: 403, ...foreign404 },
    },
    {
      name: 'GET /access-log',
      request: () => ({ method: 'GET', url: '/access-log' }),
      expect: { ownMunicipality: 200, ownCare: 403, ownSchool: 403, ownEmployer: 403, foreignMunicipality: 200, foreignCare: 403, foreignSchool: 403, foreignEmployer: 403, platform: 403 },
    },
    {
      name: 'POST /workplaces',
      request: () => ({ method: 'POST', url: '/workplaces', payload: { title: 'W', location: 'L', hoursPerWeek: 8, capacity: 1, supportOnSite: [] }, key: true }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 201, foreignMunicipality: 403, foreignCare: 403, foreignSchool: 403, foreignEmployer: 201, platform: 403 },
    },
    { name: 'GET /workplaces', request: () => ({ method: 'GET', url: '/workplaces?limit=200' }), expect: all(200) },
    {
      name: 'GET /workplaces/{id}',
      request: () => ({ method: 'GET', url: `/workplaces/${workplaceId}` }),
      expect: { ownMunicipality: 200, ownCare: 200, ownSchool: 200, ownEmployer: 200, ...foreign404, platform: 404 },
    },
    {
      name: 'PATCH /workplaces/{id} (a stale version, so nothing changes)',
      request: () => ({ method: 'PATCH', url: `/workplaces/${workplaceId}`, payload: { capacity: 2, version: 999 }, key: true }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 409, ...foreign404, platform: 404 },
    },
    {
      name: 'POST reassign (to the same employer)',
      request: () => ({
        method: 'POST',
        url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/reassign`,
        payload: { organisationId: own.employerId, role: 'employer', reasonCode: 'WORKLOAD' },
        key: true,
      }),
      expect: { ownMunicipality: 200, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404 },
    },
    {
      name: 'POST /journeys/{id}/transfer (to the current care provider)',
      request: () => ({ method: 'POST', url: `/journeys/${candidateId}/transfer`, payload: { careProviderId: own.careProviderId }, key: true }),
      expect: { ownMunicipality: 409, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404 },
    },
    {
      name: 'POST /journeys/{id}/resume (not paused)',
      request: () => ({ method: 'POST', url: `/journeys/${candidateId}/resume`, payload: {}, key: true }),
      expect: { ownMunicipality: 409, ownCare: 409, ownSchool: 403, ownEmployer: 403, ...foreign404 },
    },
    ...(['pause', 'withdraw', 'referral-error', 'exit'] as const).map((act) => ({
      name: `POST /journeys/{id}/${act}`,
      request: (c: Caller) => ({ method: 'POST' as const, url: `/journeys/${fresh[act][c]}/${act}`, payload: {}, key: true }),
      expect: {
        ownMunicipality: 200,
        ownCare: act === 'exit' ? 403 : 200,
        ownSchool: act === 'withdraw' || act === 'referral-error' ? 200 : 403,
        ownEmployer: 404, // the journeys are still in connect: no employer takes part yet
        ...foreign404,
      },
    })),
    { name: 'GET /organisations', request: () => ({ method: 'GET', url: '/organisations?limit=200' }), expect: all(200) },
    {
      name: 'GET /organisations/{id}',
      request: () => ({ method: 'GET', url: `/organisations/${own.careProviderId}` }),
      expect: { ownMunicipality: 200, ownCare: 200, ownSchool: 200, ownEmployer: 404, ...foreign404, platform: 404 },
    },
    {
      name: 'POST /organisations',
      request: () => ({ method: 'POST', url: '/organisations', payload: { name: 'New employer', type: 'EMPLOYER' }, key: true }),
      expect: { ...all(403), ownMunicipalityAdmin: 201, foreignMunicipalityAdmin: 201 },
    },
    {
      name: 'PATCH /organisations/{id} (a stale version, so nothing changes)',
      request: () => ({ method: 'PATCH', url: `/organisations/${own.careProviderId}`, payload: { name: 'Renamed', version: 999 }, key: true }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 404, ...foreign404, platform: 404, ownMunicipalityAdmin: 409 },
    },
    {
      name: 'GET /organisations/{id}/users',
      request: () => ({ method: 'GET', url: `/organisations/${own.employerId}/users` }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404, platform: 404, ownMunicipalityAdmin: 200, ownEmployerAdmin: 200 },
    },
    {
      name: 'GET /organisations/{id}/users/{userId}',
      request: () => ({ method: 'GET', url: `/organisations/${own.employerId}/users/${employerUserId}` }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404, platform: 404, ownMunicipalityAdmin: 200, ownEmployerAdmin: 200 },
    },
    {
      name: 'POST /organisations/{id}/users',
      request: (c: Caller) => ({ method: 'POST', url: `/organisations/${own.employerId}/users`, payload: { name: 'New colleague', subject: `new-${c}`, roles: ['employer'] }, key: true }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404, platform: 404, ownMunicipalityAdmin: 201, ownEmployerAdmin: 201 },
    },
    {
      name: 'PATCH /organisations/{id}/users/{userId} (a stale version, so nothing changes)',
      request: () => ({ method: 'PATCH', url: `/organisations/${own.employerId}/users/${employerUserId}`, payload: { name: 'Renamed', version: 999 }, key: true }),
      expect: { ownMunicipality: 403, ownCare: 403, ownSchool: 403, ownEmployer: 403, ...foreign404, platform: 404, ownMunicipalityAdmin: 409, ownEmployerAdmin: 409 },
    },
    ...['/pipeline/summary', '/pipeline/summary.csv', '/pipeline/stuck-journeys?days=1', '/pipeline/overdue-tasks', '/pipeline/reconciliations'].map((url) => ({
      name: `GET ${url}`,
      request: () => ({ method: 'GET' as const, url }),
      expect: { ...all(403), ownMunicipality: 200, foreignMunicipality: 200, ownMunicipalityAdmin: 403, foreignMunicipalityAdmin: 403 },
    })),
    {
      name: 'POST /pipeline/reconciliations',
      request: () => ({ method: 'POST', url: '/pipeline/reconciliations', payload: {}, key: true }),
      expect: { ...all(403), ownMunicipality: 202, foreignMunicipality: 202, ownMunicipalityAdmin: 403, foreignMunicipalityAdmin: 403 },
    },
    {
      name: 'GET /placements',
      request: () => ({ method: 'GET', url: '/placements' }),
      expect: { ownMunicipality: 200, ownCare: 403, ownSchool: 403, ownEmployer: 200, foreignMunicipality: 200, foreignCare: 403, foreignSchool: 403, foreignEmployer: 200, platform: 403 },
    },
    {
      name: 'POST /referrals naming the other municipality and its care provider (nothing of it exists for the caller)',
      request: (c) => {
        const other = c.startsWith('own') ? foreign : own;
        return { method: 'POST', url: '/referrals', payload: referralBody(other, { careProviderId: c.endsWith('School') ? other.careProviderId : undefined }), key: true };
      },
      expect: { ownMunicipality: 403, ownCare: 400, ownSchool: 400, ownEmployer: 403, foreignMunicipality: 403, foreignCare: 400, foreignSchool: 400, foreignEmployer: 403 },
    },
    {
      name: "GET /journeys/{id} of the other municipality's young person",
      request: (c) => ({ method: 'GET', url: `/journeys/${c.startsWith('own') ? foreignCandidateId : candidateId}` }),
      expect: { ownMunicipality: 404, ownCare: 404, ownSchool: 404, ownEmployer: 404, ...foreign404 },
    },
    {
      name: 'POST /municipalities',
      request: (c) => ({ method: 'POST', url: '/municipalities', payload: { name: `Gemeente ${c}`, admin: { name: `Beheerder ${c}` } }, key: true }),
      expect: { ...all(403), platform: 201 },
    },
    {
      name: 'GET /municipalities',
      request: () => ({ method: 'GET', url: '/municipalities?limit=200' }),
      expect: { ...all(403), platform: 200 },
    },
  ] as Endpoint[]).map((e) => (CASEWORK.test(e.name) ? casework(e) : e));

  const send = (endpoint: Endpoint, caller: Caller, authorization?: string) => {
    const r = endpoint.request(caller);
    return api.inject({
      method: r.method,
      url: r.url,
      headers: { ...(authorization ? { authorization } : {}), ...(r.key ? { 'idempotency-key': randomUUID() } : {}) },
      ...(r.payload ? { payload: r.payload } : {}),
    });
  };

  /**
   * What of one municipality's world must never reach a caller of the other (nor the platform
   * admin, who sees municipalities only). A caller's own request may name an id of the other; it
   * appears only in `instance` and `detail`, which are left out.
   */
  const ownSecrets = () => [own.careProviderId, own.schoolId, own.employerId, candidateId, workplaceId, 'Matrixia', 'Secretname', 'Secret workplace title'];
  const foreignSecrets = () => [foreign.careProviderId, foreign.schoolId, foreign.employerId, foreignCandidateId, 'Elsewhereia', 'Hiddenname'];
  const secretsFor = (caller: Caller): string[] =>
    caller.startsWith('own')
      ? [...foreignSecrets(), foreign.municipalityId]
      : caller.startsWith('foreign')
        ? [...ownSecrets(), own.municipalityId]
        : [...ownSecrets(), ...foreignSecrets()];

  it.each(endpoints.map((e) => [e.name, e] as const))('%s, as every party', async (_, endpoint) => {
    const answers: Record<string, number> = {};
    for (const caller of CALLERS) {
      const response = await send(endpoint, caller, tokens[caller]);
      answers[caller] = response.statusCode;
      if (response.statusCode >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
      const isJson = /json/.test(String(response.headers['content-type']));
      const { instance: _instance, detail: _detail, ...rest } = isJson ? response.json() : { body: response.body };
      for (const secret of secretsFor(caller)) expect([caller, JSON.stringify(rest)]).not.toEqual([caller, expect.stringContaining(secret)]);
    }
    expect(answers).toEqual(Object.fromEntries(CALLERS.map((c) => [c, endpoint.expect[c] ?? endpoint.expect[partyOf(c)]])));
  });

  it.each(endpoints.map((e) => [e.name, e] as const))('%s, with no, an expired or a tampered token: 401', async (_, endpoint) => {
    const expired = await new SignJWT({ org: own.municipalityId, orgType: 'MUNICIPALITY', roles: ['coordinator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(DEVELOPMENT_SECRET));
    const [h, payload, s] = tokens.foreignMunicipality.slice(7).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const tampered = `Bearer ${h}.${Buffer.from(JSON.stringify({ ...claims, org: own.municipalityId })).toString('base64url')}.${s}`;
    for (const authorization of [undefined, `Bearer ${expired}`, tampered]) {
      const response = await send(endpoint, 'ownMunicipality', authorization);
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain('Matrixia');
    }
  });

  it('a host whose part ended keeps its own answers on its task list, without the young person', async () => {
    const response = await api.inject({ method: 'GET', url: `/tasks?journey=${declinedId}&status=COMPLETED`, headers: { authorization: tokens.ownEmployer } });
    expect(response.statusCode).toBe(200);
    const items: { type: string; person?: unknown }[] = response.json().items;
    expect(items.map((t) => t.type)).toEqual(['orientation.respond']);
    expect(items[0].person).toBeUndefined();
    expect(response.body).not.toContain('Declinia');
  });
});
