import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, seedUser, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/**
 * Every endpoint that takes input, fed broken JSON, a non-object, unknown fields, wrong types,
 * oversized strings, unknown enum values and bad ids: 400 problem+json, never a 500, nothing changed.
 */
describe('malformed input', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let candidateId: string;
  let workplaceId: string;
  let userId: string;
  const t: Record<string, string> = {};
  const task = encodeURIComponent('intake.accept#1');

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.admin = await bearer(api, own.municipalityId, ['admin']);
    userId = await seedUser(own.employerId, ['employer'], 'malformed-colleague');
    candidateId = await new HttpParties(api, t).refer('care', referralBody(own));
    workplaceId = (
      await api.inject({
        method: 'POST',
        url: '/workplaces',
        headers: { authorization: t.employer, 'idempotency-key': randomUUID() },
        payload: { title: 'W', location: 'L', hoursPerWeek: 8, capacity: 1, supportOnSite: [] },
      })
    ).json().id;
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** A fingerprint of everything an input could change. */
  async function state(): Promise<string> {
    const { rows } = await db.query(
      // This test's own journey: other files' journeys may still fire timers (and add events) meanwhile.
      `SELECT (SELECT count(*) FROM candidates) AS c, (SELECT count(*) FROM journey_events WHERE candidate_id = $1) AS e, (SELECT count(*) FROM workplaces) AS w,
              (SELECT string_agg(version::text, ',' ORDER BY id) FROM workplaces) AS v, (SELECT count(*) FROM idempotency_keys) AS k,
              (SELECT count(*) || ':' || sum(version) FROM organisations) AS o, (SELECT count(*) || ':' || sum(version) FROM users) AS u,
              (SELECT string_agg(status, ',' ORDER BY task_id) FROM human_tasks WHERE candidate_id = $1) AS s`,
      [candidateId],
    );
    return JSON.stringify(rows[0]);
  }

  const commands: [string, string, string, Record<string, unknown>][] = [
    ['care', 'POST', '/referrals', referralBody({ municipalityId: '', careProviderId: '', schoolId: '', employerId: '' } as TestParties)],
    ['coordinator', 'POST', `/journeys/{id}/tasks/${task}/complete`, { payload: { decision: 'ACCEPT' } }],
    ['coordinator', 'POST', `/journeys/{id}/tasks/${task}/reassign`, { organisationId: randomUUID(), role: 'coordinator', reasonCode: 'ABSENT' }],
    ['coordinator', 'POST', '/journeys/{id}/pause', { reasonCode: 'X' }],
    ['coordinator', 'POST', '/journeys/{id}/transfer', { careProviderId: randomUUID() }],
    ['employer', 'POST', '/workplaces', { title: 'W', location: 'L', hoursPerWeek: 8, capacity: 1, supportOnSite: [] }],
    ['employer', 'PATCH', '/workplaces/{wp}', { capacity: 2, version: 1 }],
    ['admin', 'POST', '/organisations', { name: 'N', type: 'EMPLOYER' }],
    ['admin', 'PATCH', '/organisations/{employer}', { name: 'N', version: 1 }],
    ['admin', 'POST', '/organisations/{employer}/users', { name: 'N', roles: ['employer'] }],
    ['admin', 'PATCH', '/organisations/{employer}/users/{user}', { roles: ['employer'], version: 1 }],
  ];

  const bodies: [string, (valid: Record<string, unknown>) => string][] = [
    ['broken JSON', () => '{"a": '],
    ['a JSON array', () => '[1, 2]'],
    ['a JSON string', () => '"hello"'],
    ['an unknown field', (v) => JSON.stringify({ ...v, unexpected: true })],
    ['wrong types everywhere', (v) => JSON.stringify(Object.fromEntries(Object.keys(v).map((k) => [k, { nested: [1] }])))],
    ['oversized strings everywhere', (v) => JSON.stringify(Object.fromEntries(Object.keys(v).map((k) => [k, 'x'.repeat(5000)])))],
    ['null everywhere', (v) => JSON.stringify(Object.fromEntries(Object.keys(v).map((k) => [k, null])))],
    ['far too large a body', () => JSON.stringify({ blob: 'x'.repeat(300 * 1024) })],
  ];

  const cases = commands.flatMap(([who, method, path, valid]) =>
    bodies
      // A body whose only field is optional is valid with that field null (pause with no reason).
      .filter(([what]) => !(what === 'null everywhere' && path.endsWith('/pause')))
      .map(([what, body]) => [`${method} ${path}: ${what}`, who, method, path, body(valid)] as const),
  );

  it.each(cases)('%s -> 4xx problem+json, nothing changed', async (_, who, method, path, payload) => {
    const before = await state();
    const response = await api.inject({
      method: method as 'POST' | 'PATCH',
      url: path.replace('{id}', candidateId).replace('{wp}', workplaceId).replace('{employer}', own.employerId).replace('{user}', userId),
      headers: { authorization: t[who], 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      payload,
    });
    expect([400, 413]).toContain(response.statusCode);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().detail).toEqual(expect.any(String));
    expect(await state()).toBe(before);
  });

  it.each([
    ['coordinator', 'GET', '/journeys/not-a-uuid'],
    ['coordinator', 'GET', '/journeys/not-a-uuid/timeline'],
    ['coordinator', 'GET', '/journeys/not-a-uuid/candidate'],
    ['coordinator', 'GET', `/journeys/{id}/timeline?after=-1`],
    ['coordinator', 'GET', `/journeys/{id}/timeline?limit=abc`],
    ['coordinator', 'GET', '/access-log?after=x'],
    ['coordinator', 'GET', '/access-log?after=99999999999999999999'],
    ['coordinator', 'GET', `/journeys/{id}/timeline?after=99999999999999999999`],
    ['coordinator', 'GET', `/journeys/{id}/timeline?after=2147483648`],
    ['coordinator', 'GET', '/tasks?status=DONE'],
    ['coordinator', 'GET', '/tasks?type=coffee.make'],
    ['employer', 'GET', '/workplaces/not-a-uuid'],
    ['employer', 'GET', '/workplaces?after=7'],
    ['employer', 'GET', '/workplaces?active=sometimes'],
    ['coordinator', 'POST', `/journeys/not-a-uuid/tasks/${task}/complete`],
    ['coordinator', 'POST', '/journeys/{id}/tasks/%3Cscript%3E/complete'],
    ['coordinator', 'POST', '/journeys/not-a-uuid/pause'],
    ['employer', 'PATCH', '/workplaces/not-a-uuid'],
    ['coordinator', 'GET', '/referrals?intake=MAYBE'],
    ['coordinator', 'GET', '/referrals?cursor=%3Cscript%3E'],
    ['coordinator', 'GET', '/referrals?limit=500'],
    ['admin', 'GET', '/organisations/not-a-uuid'],
    ['admin', 'GET', '/organisations?type=BANK'],
    ['admin', 'GET', '/organisations?cursor=1'],
    ['admin', 'PATCH', '/organisations/not-a-uuid'],
    ['admin', 'GET', '/organisations/{employer}/users?limit=0'],
    ['admin', 'GET', '/organisations/{employer}/users/not-a-uuid'],
    ['admin', 'PATCH', '/organisations/{employer}/users/not-a-uuid'],
  ])('%s %s %s: bad ids and parameters -> 400', async (who, method, url) => {
    const before = await state();
    const response = await api.inject({
      method: method as 'GET' | 'POST' | 'PATCH',
      url: url.replace('{id}', candidateId).replace('{employer}', own.employerId),
      headers: { authorization: t[who], 'idempotency-key': randomUUID() },
      ...(method === 'GET' ? {} : { payload: method === 'PATCH' ? { version: 1 } : { payload: { decision: 'ACCEPT' } } }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors?.length ?? 0).toBeGreaterThan(0);
    expect(await state()).toBe(before);
  });

  it.each([
    ['coordinator', '/journeys/not-a-uuid', 'candidateId'],
    ['coordinator', '/journeys/not-a-uuid/tasks', 'candidateId'],
    ['coordinator', '/journeys/not-a-uuid/consents?purpose=MUNICIPAL_TASK', 'candidateId'],
    ['coordinator', '/pipeline/reconciliations/not-a-uuid', 'id'],
    ['coordinator', '/venues/not-a-uuid', 'id'],
    ['employer', '/workplaces/not-a-uuid', 'id'],
    ['admin', '/organisations/not-a-uuid', 'id'],
    ['admin', '/organisations/{employer}/users/not-a-uuid', 'userId'],
  ])('%s GET %s: a path id that is not a UUID is refused at its parameter with the same code everywhere', async (who, url, field) => {
    const response = await api.inject({ method: 'GET', url: url.replace('{employer}', own.employerId), headers: { authorization: t[who] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field, message: `${field} must be a UUID`, code: 'FORMAT_UUID' }]);
  });

  it('a missing or malformed Idempotency-Key on a command -> 400, nothing changed', async () => {
    const before = await state();
    for (const key of [undefined, 'short', 'x'.repeat(201), 'with space inside']) {
      const response = await api.inject({
        method: 'POST',
        url: `/journeys/${candidateId}/tasks/${task}/complete`,
        headers: { authorization: t.coordinator, ...(key ? { 'idempotency-key': key } : {}) },
        payload: { payload: { decision: 'ACCEPT' } },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String), code: expect.stringMatching(/^(REQUIRED|PATTERN)$/) }]);
    }
    expect(await state()).toBe(before);
  });

  it('JSON nested thousands deep -> 400, also before signing in (development token endpoint)', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const before = await state();
    for (const [url, headers, payload] of [
      ['/dev/tokens', {}, `{"userId": ${deep}}`],
      ['/workplaces', { authorization: t.employer, 'idempotency-key': randomUUID() }, `{"title": "W", "location": "L", "hoursPerWeek": 8, "capacity": 1, "supportOnSite": ${deep}}`],
    ] as const) {
      const response = await api.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toMatch(/nests deeper than 32 levels/);
    }
    // Brackets inside strings are text, not nesting.
    const text = await api.inject({ method: 'POST', url: '/dev/tokens', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ userId: '['.repeat(100) }) });
    expect(text.statusCode).toBe(400);
    expect(text.json().errors).toEqual([expect.objectContaining({ field: 'userId' })]);
    expect(await state()).toBe(before);
  });

  it('a form body on a JSON endpoint -> 415, nothing changed', async () => {
    const before = await state();
    const response = await api.inject({
      method: 'POST',
      url: '/workplaces',
      headers: { authorization: t.employer, 'idempotency-key': randomUUID(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'title=W&location=L&hoursPerWeek=8&capacity=1',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await state()).toBe(before);
  });

  it('an error names the parameter at fault and echoes no query string', async () => {
    const noise = 'zz'.repeat(500);
    const response = await api.inject({ method: 'GET', url: `/referrals?limit=500&note=${noise}`, headers: { authorization: t.coordinator } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ instance: '/referrals', errors: expect.arrayContaining([expect.objectContaining({ field: 'limit' }), expect.objectContaining({ field: 'note' })]) });
    expect(response.body).not.toContain(noise);
  });

  it('100,000 consent grants on any journey -> a small 400 that lists at most 20 errors, fast', async () => {
    const payload = JSON.stringify({ givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', grants: Array<number>(100_000).fill(0) });
    expect(payload.length).toBeLessThan(256 * 1024);
    for (const id of [randomUUID(), candidateId]) {
      const response = await api.inject({
        method: 'POST',
        url: `/journeys/${id}/consents`,
        headers: { authorization: t.coordinator, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.body.length).toBeLessThan(4096);
      expect(response.json().errors.length).toBeLessThanOrEqual(20);
    }
  });

  it('many invalid items: at most 20 field errors, and the detail says how many were found', async () => {
    const grants = Array.from({ length: 50 }, () => ({}));
    const response = await api.inject({
      method: 'POST',
      url: `/journeys/${candidateId}/consents`,
      headers: { authorization: t.coordinator, 'idempotency-key': randomUUID() },
      payload: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', grants },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toHaveLength(20);
    expect(response.json().detail).toMatch(/the first 20 of \d+ are listed/);
  });
});
