import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { JourneyDriver } from '../support/journey-driver';
import { bearer, createCandidate, createParties, endJourneysStartedSince, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

describe('employers: workplaces and running placements', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let own: TestParties;
  let foreign: TestParties;
  let otherEmployerId: string;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    [worker, api, db, temporal] = await Promise.all([startWorker(), startApi(), sql(), temporalClient()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    otherEmployerId = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherEmployerId, 'Other', OrganisationType.EMPLOYER, own.municipalityId]);
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.otherEmployer = await bearer(api, otherEmployerId, ['employer']);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  const workplace = { title: 'Bicycle repair assistant', location: 'Dorpsstraat 12, Zoetermeer', hoursPerWeek: 16, capacity: 2, supportOnSite: ['WORK_BUDDY'] };
  const create = (who: string, body: unknown, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url: '/workplaces', headers: { authorization: t[who], 'idempotency-key': key }, payload: body as object });
  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });
  const patch = (who: string, id: string, body: unknown, key: string = randomUUID()) =>
    api.inject({ method: 'PATCH', url: `/workplaces/${id}`, headers: { authorization: t[who], 'idempotency-key': key }, payload: body as object });
  const count = async (): Promise<number> => (await db.query('SELECT count(*)::int AS n FROM workplaces')).rows[0].n;

  it('an employer offers a workplace once per Idempotency-Key; others cannot offer one', async () => {
    const key = randomUUID();
    const first = await create('employer', workplace, key);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ ...workplace, employerId: own.employerId, active: true, version: 1 });
    const again = await create('employer', workplace, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect((await create('employer', { ...workplace, capacity: 3 }, key)).statusCode).toBe(422);
    expect((await create('coordinator', workplace)).statusCode).toBe(403);
    expect((await create('care', workplace)).statusCode).toBe(403);
  });

  it.each([
    ['hoursPerWeek', { ...workplace, hoursPerWeek: 0 }],
    ['hoursPerWeek', { ...workplace, hoursPerWeek: 12.3 }],
    ['hoursPerWeek', { ...workplace, hoursPerWeek: 40.5 }],
    ['title', { ...workplace, title: 'x'.repeat(121) }],
    ['supportOnSite', { ...workplace, supportOnSite: ['not a code!'] }],
    ['salary', { ...workplace, salary: 1000 }],
    ['capacity', { ...workplace, capacity: '2' }],
  ])('bad input (%s) -> 400 naming it, nothing written', async (field, body) => {
    const before = await count();
    const response = await create('employer', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect(await count()).toBe(before);
  });

  it('who sees which workplaces; only the owner changes one, on the version it read', async () => {
    const id = (await create('employer', workplace)).json().id;
    for (const who of ['employer', 'coordinator', 'care']) {
      expect((await get(who, '/workplaces?limit=200')).json().items.map((w: { id: string }) => w.id)).toContain(id);
      expect((await get(who, `/workplaces/${id}`)).statusCode).toBe(200);
    }
    for (const who of ['otherEmployer', 'foreign']) {
      expect((await get(who, '/workplaces?limit=200')).json().items.map((w: { id: string }) => w.id)).not.toContain(id);
      expect((await get(who, `/workplaces/${id}`)).statusCode).toBe(404);
    }
    const changed = await patch('employer', id, { capacity: 3, version: 1 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ capacity: 3, version: 2, title: workplace.title });
    expect((await patch('employer', id, { capacity: 4, version: 1 })).statusCode).toBe(409);
    expect((await patch('coordinator', id, { capacity: 4, version: 2 })).statusCode).toBe(403);
    expect((await patch('otherEmployer', id, { capacity: 4, version: 2 })).statusCode).toBe(404);
    expect((await patch('employer', id, { capacity: 4 })).statusCode).toBe(400);
    const off = await patch('employer', id, { active: false, version: 2 });
    expect(off.json()).toMatchObject({ active: false, capacity: 3 });
    expect((await get('care', '/workplaces?active=true&limit=200')).json().items.map((w: { id: string }) => w.id)).not.toContain(id);
  });

  it('hours a week in halves: 12.5 is kept and read back as 12.5, a change to 7.5 too; 12.3 changes nothing', async () => {
    const created = await create('employer', { ...workplace, hoursPerWeek: 12.5 });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await get('employer', `/workplaces/${id}`)).json()).toMatchObject({ hoursPerWeek: 12.5 });
    const bad = await patch('employer', id, { hoursPerWeek: 12.3, version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['hoursPerWeek']);
    const changed = await patch('employer', id, { hoursPerWeek: 7.5, version: 1 });
    expect(changed.json()).toMatchObject({ hoursPerWeek: 7.5, version: 2 });
    expect((await get('coordinator', `/workplaces/${id}`)).json()).toMatchObject({ hoursPerWeek: 7.5 });
  });

  it('a change sent again with its Idempotency-Key changes nothing more; the key with another change -> 422', async () => {
    const id = (await create('employer', workplace)).json().id;
    const key = randomUUID();
    const first = await patch('employer', id, { capacity: 5, version: 1 }, key);
    expect(first.statusCode).toBe(200);
    const again = await patch('employer', id, { capacity: 5, version: 1 }, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await get('employer', `/workplaces/${id}`)).json()).toMatchObject({ capacity: 5, version: 2 });
    const other = await patch('employer', id, { capacity: 6, version: 2 }, key);
    expect(other.statusCode).toBe(422);
    expect((await get('employer', `/workplaces/${id}`)).json()).toMatchObject({ capacity: 5, version: 2 });
  });

  it("an employer sees its running placements, and not another employer's", async () => {
    const candidateId = await createCandidate(db, own);
    const j = await JourneyDriver.start(temporal.client, testRun().taskQueue, candidateId, {
      municipalityId: own.municipalityId,
      careProviderId: own.careProviderId,
      employerIds: [own.employerId],
    });
    await j.toRunningPlacement();
    const mine = (await get('employer', '/placements')).json().items;
    // The start the host entered, not the date of the journey's last change.
    expect(mine).toEqual([
      expect.objectContaining({ candidateId, employerId: own.employerId, step: 'PLACEMENT_RUNNING', status: 'ACTIVE', proposedRoute: 'WAGE_COST_SUBSIDY', startDate: PAYLOADS.start.startDate }),
    ]);
    expect(mine[0].paidWorkSince).toBeUndefined();
    // Taking every workplace off the list leaves the running placement as it is.
    for (const w of (await get('employer', '/workplaces?active=true&limit=200')).json().items as { id: string; version: number }[]) {
      expect((await patch('employer', w.id, { active: false, version: w.version })).statusCode).toBe(200);
    }
    expect((await get('employer', '/workplaces?active=true&limit=200')).json().items).toEqual([]);
    expect((await get('employer', '/placements')).json().items).toEqual(mine);
    expect((await get('otherEmployer', '/placements')).json().items).toEqual([]);
    expect((await get('coordinator', '/placements')).json().items.map((p: { candidateId: string }) => p.candidateId)).toContain(candidateId);
    expect((await get('foreign', '/placements')).json().items).toEqual([]);
    expect((await get('care', '/placements')).statusCode).toBe(403);
  });
});
