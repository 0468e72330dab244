import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import { testRun } from '../support/test-run';
import { bearer, createParties, referralBody, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';

describe('POST /referrals -> journey workflow -> read model -> GET /journeys/:id', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let parties: TestParties;
  let foreign: TestParties;
  let otherCareProviderId: string;
  let careProvider: string;
  let municipality: string;
  let school: string;

  beforeAll(async () => {
    [worker, api, db, temporal] = await Promise.all([startWorker(), startApi(), sql(), temporalClient()]);
    [parties, foreign] = [await createParties(db), await createParties(db)];
    otherCareProviderId = randomUUID();
    await db.query(`INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, 'Another care provider', 'CARE_PROVIDER', $2)`, [otherCareProviderId, parties.municipalityId]);
    careProvider = await bearer(api, parties.careProviderId, ['support-worker']);
    municipality = await bearer(api, parties.municipalityId, ['coordinator']);
    school = await bearer(api, parties.schoolId, ['teacher']);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  const refer = (body: unknown, key: string | null = randomUUID(), contentType = 'application/json') =>
    api.inject({
      method: 'POST',
      url: '/referrals',
      headers: { authorization: careProvider, 'content-type': contentType, ...(key ? { 'idempotency-key': key } : {}) },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function counts(): Promise<{ candidates: number; referrals: number; journeys: number; keys: number }> {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM candidates)::int AS candidates, (SELECT count(*) FROM referrals)::int AS referrals,
              (SELECT count(*) FROM journeys)::int AS journeys, (SELECT count(*) FROM idempotency_keys)::int AS keys`,
    );
    return rows[0];
  }

  it('starts journey-<candidateId> in CONNECT, projected before the response, readable with GET', async () => {
    const response = await refer(referralBody(parties));

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.candidateId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.location).toBe(`/journeys/${body.candidateId}`);
    expect(body.journey).toMatchObject({
      candidateId: body.candidateId,
      workflowId: `journey-${body.candidateId}`,
      step: 'CONNECT',
      status: 'ACTIVE',
      municipalityId: parties.municipalityId,
      careProviderId: parties.careProviderId,
      sequence: 2,
    });

    // Read-your-write: the read model has it as soon as the POST returned.
    const got = await api.inject({ method: 'GET', url: `/journeys/${body.candidateId}`, headers: { authorization: municipality } });
    expect(got.statusCode).toBe(200);
    // The read names the young person as far as the reader's part allows (access-logged); the referral's answer does not.
    expect(got.json()).toEqual({ ...body.journey, person: expect.objectContaining({ firstName: 'Sanne', lastName: 'Bakker', step: 'CONNECT' }) });
    const { rows: tasks } = await db.query('SELECT type, status, assignee_organisation_id FROM human_tasks WHERE candidate_id = $1', [body.candidateId]);
    expect(tasks).toEqual([{ type: 'intake.accept', status: 'OPEN', assignee_organisation_id: parties.municipalityId }]);

    const description = await temporal.client.workflow.getHandle(journeyWorkflowId(body.candidateId)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(testRun().taskQueue);
    expect(description.typedSearchAttributes.get({ name: 'JourneyStep', type: 'KEYWORD' } as never)).toBe('CONNECT');

    const { rows: events } = await db.query(
      'SELECT sequence, type, actor_organisation_id FROM journey_events WHERE candidate_id = $1 ORDER BY sequence',
      [body.candidateId],
    );
    expect(events).toEqual([
      { sequence: 1, type: 'journey.referred', actor_organisation_id: parties.careProviderId },
      { sequence: 2, type: 'task.opened', actor_organisation_id: null },
    ]);
  });

  it('keeps personal data out of the workflow: its input and history carry ids only', async () => {
    const response = await refer(referralBody(parties, { candidate: { firstName: 'Zyxwvut', lastName: 'Qponmlk', dateOfBirth: '2006-01-02' } }));
    expect(response.statusCode).toBe(201);
    const history = await temporal.client.workflow.getHandle(journeyWorkflowId(response.json().candidateId)).fetchHistory();
    const text = JSON.stringify(history);
    expect(text).toContain(response.json().candidateId);
    expect(text).not.toContain(Buffer.from('Zyxwvut').toString('base64').slice(0, 8));
    expect(text).not.toContain('Zyxwvut');
    const { rows } = await db.query('SELECT first_name FROM candidates WHERE id = $1', [response.json().candidateId]);
    expect(rows).toEqual([{ first_name: 'Zyxwvut' }]);
  });

  it('gives one journey for the same request sent twice with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const before = await counts();
    const first = await refer(referralBody(parties), key);
    const second = await refer(referralBody(parties), key);

    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await counts()).toEqual({
      candidates: before.candidates + 1,
      referrals: before.referrals + 1,
      journeys: before.journeys + 1,
      keys: before.keys + 1,
    });
  });

  it('gives one journey for concurrent requests with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const before = await counts();
    const responses = await Promise.all([1, 2, 3, 4].map(() => refer(referralBody(parties), key)));
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.json().candidateId)).size).toBe(1);
    expect((await counts()).journeys).toBe(before.journeys + 1);
  });

  it('refuses a reused Idempotency-Key with a different body, changing nothing', async () => {
    const key = randomUUID();
    expect((await refer(referralBody(parties), key)).statusCode).toBe(201);
    const before = await counts();
    const reused = await refer(referralBody(parties, { situation: 'Something else entirely.' }), key);
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toContain('application/problem+json');
    expect(reused.json().type).toMatch(/idempotency-key-reused$/);
    expect(await counts()).toEqual(before);
  });

  describe('bad input: 400 problem+json naming the fields, and nothing started or written', () => {
    const cases: [string, () => Record<string, unknown> | string, string[], string?][] = [
      ['missing fields', () => ({ candidate: { firstName: 'Sanne' } }), ['municipalityId', 'candidate.lastName', 'situation', 'consent']],
      ['unknown fields', () => referralBody(parties, { bsn: '123456782' }), ['bsn']],
      ['wrong types', () => referralBody(parties, { situation: 42, candidate: { firstName: 1, lastName: 'B', dateOfBirth: '2006-03-14' } }), ['situation', 'candidate.firstName']],
      ['oversized strings', () => referralBody(parties, { situation: 'x'.repeat(2001) }), ['situation']],
      ['unknown enum values', () => referralBody(parties, { consent: { givenBy: 'NEIGHBOUR', givenAt: '2026-11-02T10:00:00Z' } }), ['consent.givenBy']],
      ['bad ids and dates', () => referralBody(parties, { municipalityId: 'gemeente-1', candidate: { firstName: 'S', lastName: 'B', dateOfBirth: '14-03-2006' } }), ['municipalityId', 'candidate.dateOfBirth']],
      ['organisations that do not exist', () => referralBody(parties, { municipalityId: randomUUID() }), ['municipalityId']],
      ['a referrer given in the body (the caller is the referrer)', () => referralBody(parties, { referrerOrganisationId: parties.careProviderId }), ['referrerOrganisationId']],
      ['a municipality given as care provider', () => referralBody(parties, { careProviderId: parties.municipalityId }), ['careProviderId']],
      ['another care provider named by a care provider (it would get a client and tasks it never accepted)', () => referralBody(parties, { careProviderId: otherCareProviderId }), ['careProviderId']],
      ['a municipality other than the referrer\'s own', () => referralBody(parties, { municipalityId: foreign.municipalityId }), ['municipalityId']],
      ['broken JSON', () => '{"candidate": {', []],
      ['a JSON array', () => '[1,2]', []],
    ];

    it.each(cases)('%s', async (_, body, fields) => {
      const before = await counts();
      const workflowsBefore = await temporal.client.workflow.count(`TaskQueue = "${testRun().taskQueue}"`);
      const response = await refer(body());

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json();
      expect(problem).toMatchObject({ status: 400, title: 'Bad Request', instance: '/referrals' });
      expect(problem.detail).toEqual(expect.any(String));
      const named = (problem.errors ?? []).map((e: { field: string }) => e.field);
      for (const field of fields) expect(named).toContain(field);
      expect(await counts()).toEqual(before);
      expect((await temporal.client.workflow.count(`TaskQueue = "${testRun().taskQueue}"`)).count).toBe(workflowsBefore.count);
    });

    it('each broken rule carries a stable code a form words itself (an e-mail "fenna@", a phone "bel mij", a name too long)', async () => {
      const before = await counts();
      const response = await refer(referralBody(parties, { candidate: { firstName: 'F'.repeat(101), lastName: 'B', dateOfBirth: '2006-03-14', email: 'fenna@', phone: 'bel mij' } }));
      expect(response.statusCode).toBe(400);
      const problem = response.json();
      expect(problem.code).toBe('VALIDATION_ERROR');
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { field: 'candidate.email', code: 'FORMAT_EMAIL', message: 'email must be an e-mail address' },
          { field: 'candidate.phone', code: 'FORMAT_PHONE', message: expect.stringContaining('phone must be a phone number') },
          { field: 'candidate.firstName', code: 'TOO_LONG', params: { max: 100 }, message: expect.any(String) },
        ]),
      );
      expect(await counts()).toEqual(before);
    });

    it('a missing Idempotency-Key', async () => {
      const before = await counts();
      const response = await refer(referralBody(parties), null);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('required'), code: 'REQUIRED' }]);
      expect(await counts()).toEqual(before);
    });

    it('a body that is not JSON', async () => {
      const response = await refer('candidate=Sanne', randomUUID(), 'text/plain');
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });
  });

  it('a care provider refers its own clients (named or left out); a school may name a care provider of its municipality, no other', async () => {
    const own = await refer(referralBody(parties, { careProviderId: undefined }));
    expect(own.statusCode).toBe(201);
    expect(own.json().journey.careProviderId).toBe(parties.careProviderId);

    const bySchool = (body: Record<string, unknown>) =>
      api.inject({ method: 'POST', url: '/referrals', headers: { authorization: school, 'idempotency-key': randomUUID() }, payload: body });
    const named = await bySchool(referralBody(parties, { careProviderId: otherCareProviderId }));
    expect([named.statusCode, named.json().journey?.careProviderId]).toEqual([201, otherCareProviderId]);
    const none = await bySchool(referralBody(parties, { careProviderId: undefined }));
    expect([none.statusCode, none.json().journey?.careProviderId]).toEqual([201, null]);
    const before = await counts();
    const elsewhere = await bySchool(referralBody(parties, { careProviderId: foreign.careProviderId }));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors.map((e: { field: string }) => e.field)).toEqual(['careProviderId']);
    expect(await counts()).toEqual(before);
  });

  it('GET answers 400 for a malformed id and 404 problem+json for an unknown journey', async () => {
    const bad = await api.inject({ method: 'GET', url: '/journeys/not-a-uuid', headers: { authorization: municipality } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'candidateId', message: 'candidateId must be a UUID', code: 'FORMAT_UUID' }]);

    const unknown = await api.inject({ method: 'GET', url: `/journeys/${randomUUID()}`, headers: { authorization: municipality } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});
