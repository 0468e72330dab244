import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { INVALID_PAYLOADS } from '../../libs/contracts/src/invalid-payloads';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, endJourneysStartedSince, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/** The task inbox and task acts over HTTP, with the real worker, Temporal and PostgreSQL. */
describe('task inbox and task acts', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let parties: TestParties;
  let foreign: TestParties;
  let tokens: { coordinator: string; colleague: string; care: string; foreignCoordinator: string };

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    parties = await createParties(db);
    foreign = await createParties(db);
    tokens = {
      coordinator: await bearer(api, parties.municipalityId, ['coordinator'], 'coordinator-1'),
      colleague: await bearer(api, parties.municipalityId, ['coordinator'], 'coordinator-2'),
      care: await bearer(api, parties.careProviderId, ['support-worker']),
      foreignCoordinator: await bearer(api, foreign.municipalityId, ['coordinator']),
    };
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  async function refer(): Promise<string> {
    const response = await api.inject({
      method: 'POST',
      url: '/referrals',
      headers: { authorization: tokens.care, 'idempotency-key': randomUUID() },
      payload: referralBody(parties),
    });
    expect(response.statusCode).toBe(201);
    return response.json().candidateId;
  }

  const inbox = (authorization: string, query = '') => api.inject({ method: 'GET', url: `/tasks${query}`, headers: { authorization } });

  const act = (authorization: string, candidateId: string, taskId: string, what: string, payload?: unknown, key: string = randomUUID()) =>
    api.inject({
      method: 'POST',
      url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/${what}`,
      headers: { authorization, 'idempotency-key': key },
      ...(payload === undefined ? {} : { payload: { payload } }),
    });

  const sequence = async (candidateId: string): Promise<number> =>
    (await db.query('SELECT sequence FROM journeys WHERE candidate_id = $1', [candidateId])).rows[0].sequence;

  it("lists the organisation's open tasks by due date, and nothing of other organisations", async () => {
    const candidateId = await refer();
    const mine = await inbox(tokens.coordinator, `?journey=${candidateId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([
      {
        candidateId,
        taskId: 'intake.accept#1',
        type: 'intake.accept',
        step: 'CONNECT',
        status: 'OPEN',
        assignee: { organisationId: parties.municipalityId, role: 'coordinator' },
        dueAt: expect.any(String),
        overdue: false,
        escalated: false,
        createdAt: expect.any(String),
        // who it is about (test/e2e/casework-who.e2e-spec.ts has the rules)
        person: expect.objectContaining({ firstName: 'Sanne', lastName: 'Bakker', step: 'CONNECT' }),
      },
    ]);
    expect((await inbox(tokens.care, `?journey=${candidateId}`)).json().items).toEqual([]);
    expect((await inbox(tokens.foreignCoordinator, `?journey=${candidateId}`)).json().items).toEqual([]);
  });

  it('completes a task: the next one is in the inbox when the response comes; the same key again returns the first result; another key 409', async () => {
    const candidateId = await refer();
    const key = randomUUID();
    const first = await act(tokens.coordinator, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' }, key);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ taskId: 'intake.accept#1', step: 'CONNECT', status: 'ACTIVE', openedTaskIds: ['intake.meeting#2'] });
    expect((await inbox(tokens.coordinator, `?journey=${candidateId}`)).json().items.map((t: { taskId: string }) => t.taskId)).toEqual(['intake.meeting#2']);

    const again = await act(tokens.coordinator, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' }, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const other = await act(tokens.coordinator, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json().type).toMatch(/task-closed$/);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'", [candidateId]);
    expect(rows[0].n).toBe(1);
  });

  it('a burst of concurrent completions of the same task has exactly one effect', async () => {
    const candidateId = await refer();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => act(tokens.coordinator, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'", [candidateId]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['a missing field', {}, ['payload.decision']],
    ['an unknown enum value', { decision: 'MAYBE' }, ['payload.decision']],
    ['an unknown field', { decision: 'ACCEPT', bsn: '123456782' }, ['payload.bsn']],
    ['a wrong type', { decision: 'ACCEPT', reasonCode: 42 }, ['payload.reasonCode']],
  ])('a payload with %s -> 400 naming it, nothing changed', async (_, payload, fields) => {
    const candidateId = await refer();
    const before = await sequence(candidateId);
    const response = await act(tokens.coordinator, candidateId, 'intake.accept#1', 'complete', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(await sequence(candidateId)).toBe(before);
  });

  it.each([
    ['no payload at all', (id: string) => act(tokens.coordinator, id, 'intake.accept#1', 'complete'), 'payload'],
    ['a malformed task id', (id: string) => act(tokens.coordinator, id, 'nope', 'complete', { decision: 'ACCEPT' }), 'taskId'],
    ['a malformed candidate id', () => act(tokens.coordinator, 'not-a-uuid', 'intake.accept#1', 'complete', { decision: 'ACCEPT' }), 'candidateId'],
  ])('%s -> 400 naming %s', async (_, send, field) => {
    const candidateId = await refer();
    const response = await send(candidateId);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it("another organisation's task does not exist for the caller (404), and nothing changes", async () => {
    const candidateId = await refer();
    const before = await sequence(candidateId);
    for (const token of [tokens.care, tokens.foreignCoordinator]) {
      const response = await act(token, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' });
      expect(response.statusCode).toBe(404);
    }
    expect(await sequence(candidateId)).toBe(before);
  });

  it('claim and unclaim: a claimed task is completed only by the one who claimed it', async () => {
    const candidateId = await refer();
    expect((await act(tokens.coordinator, candidateId, 'intake.accept#1', 'claim')).statusCode).toBe(200);
    const claimed = (await inbox(tokens.coordinator, `?journey=${candidateId}&mine=true`)).json().items;
    expect(claimed).toMatchObject([{ status: 'CLAIMED', assignee: { userId: 'coordinator-1' } }]);
    expect((await inbox(tokens.colleague, `?journey=${candidateId}&mine=true`)).json().items).toEqual([]);
    expect((await act(tokens.colleague, candidateId, 'intake.accept#1', 'claim')).statusCode).toBe(409);
    expect((await act(tokens.colleague, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' })).statusCode).toBe(409);
    expect((await act(tokens.coordinator, candidateId, 'intake.accept#1', 'unclaim')).statusCode).toBe(200);
    expect((await act(tokens.colleague, candidateId, 'intake.accept#1', 'complete', { decision: 'ACCEPT' })).statusCode).toBe(200);
  });

  it('pages with a cursor, by due date, without repeats; filters by type and overdue', async () => {
    const ids = [await refer(), await refer(), await refer()];
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await inbox(tokens.coordinator, `?type=intake.accept&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      const dues = page.items.map((t: { dueAt: string }) => t.dueAt);
      expect([...dues].sort()).toEqual(dues);
      seen.push(...page.items.map((t: { candidateId: string }) => t.candidateId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect((await inbox(tokens.coordinator, '?overdue=true')).json().items).toEqual([]);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=201', 'limit'],
    ['?step=SOMEWHERE', 'step'],
    ['?overdue=maybe', 'overdue'],
    ['?journey=42', 'journey'],
    ['?cursor=bm90LWpzb24', 'cursor'],
    ['?colour=blue', 'colour'],
  ])('a bad inbox query %s -> 400 naming %s', async (query, field) => {
    const response = await inbox(tokens.coordinator, query);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});

/**
 * The cases the web app's task form refuses before sending (libs/contracts/src/invalid-payloads.ts):
 * the API refuses each with exactly the codes the form shows, at its task on one journey through
 * the method, and changes nothing. Journey time compressed, so the evaluations come in seconds.
 */
describe('payloads the task form refuses', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let parties: TestParties;
  let p: HttpParties;
  const startedAt = new Date();

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.0000002' }), sql()]);
    parties = await createParties(db);
    p = new HttpParties(api, {
      coordinator: await bearer(api, parties.municipalityId, ['coordinator'], 'coordinator-1'),
      colleague: await bearer(api, parties.municipalityId, ['coordinator'], 'coordinator-2'),
      care: await bearer(api, parties.careProviderId, ['support-worker']),
      host: await bearer(api, parties.employerId, ['employer']),
    });
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it('are refused by the API with the codes the form shows, field by field, and nothing is completed', async () => {
    const candidateId = await p.refer('care', referralBody(parties));
    const hosts: [string, string] = [parties.employerId, randomUUID()];
    const refused: string[] = [];
    // Journey time runs fast (reminders and escalations change the journey meanwhile): nothing completed is what counts.
    const completed = async (): Promise<number> =>
      (await db.query("SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'", [candidateId])).rows[0].n;

    /** The type's refused cases first, then the valid payload that moves the journey on. */
    async function complete(who: string, type: string, valid: unknown): Promise<void> {
      for (const c of INVALID_PAYLOADS.filter((c) => c.type === type && !refused.includes(c.name))) {
        const taskId = await p.task(who, candidateId, type);
        const before = await completed();
        const response = await p.post(who, `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`, { payload: c.payload(hosts) });
        const errors = (response.json().errors ?? []) as { field: string; code: string; params?: Record<string, unknown> }[];
        expect([c.name, response.statusCode, Object.fromEntries(errors.map((e) => [e.field.replace(/^payload\./, ''), { code: e.code, ...(e.params ? { params: e.params } : {}) }]))]).toEqual([
          c.name,
          400,
          c.errors,
        ]);
        expect(await completed()).toBe(before);
        refused.push(c.name);
      }
      if (valid !== undefined) await p.complete(who, candidateId, type, valid);
    }

    await complete('coordinator', 'intake.accept', PAYLOADS.accept);
    await complete('coordinator', 'intake.meeting', PAYLOADS.meeting);
    await complete('care', 'profile.talents', PAYLOADS.talents);
    await complete('coordinator', 'orientation.propose', PAYLOADS.propose(parties.employerId));
    await complete('host', 'orientation.respond', PAYLOADS.accepts);
    await complete('host', 'orientation.feedback', PAYLOADS.feedback);
    await complete('care', 'orientation.feedback', PAYLOADS.feedback);
    await complete('coordinator', 'discover.conclude', PAYLOADS.ready);
    await complete('care', 'analyse.support-plan', PAYLOADS.supportPlan);
    await complete('coordinator', 'analyse.match', PAYLOADS.match(parties.employerId));
    await complete('colleague', 'analyse.decision', PAYLOADS.approve); // four eyes: not who proposed the match
    await complete('host', 'placement.offer', PAYLOADS.accepts);
    for (const who of ['coordinator', 'care', 'host']) await complete(who, 'placement.agreement', PAYLOADS.sign);
    await complete('host', 'placement.start', PAYLOADS.start);
    await complete('host', 'placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement: false });
    await complete('coordinator', 'placement.outcome', undefined);
    expect(refused).toEqual(INVALID_PAYLOADS.map((c) => c.name));
  });
});
