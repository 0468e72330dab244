import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/**
 * One Idempotency-Key space per organisation, across every command: the same key with the same
 * request answers the first result (Idempotent-Replayed: true); with any other request (another
 * endpoint, another task or journey, another body) it is 422 and nothing is done.
 */
describe('Idempotency-Key on every command', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  const t: Record<string, string> = {};
  let p: HttpParties;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator'], 'coordinator-1');
    t.colleague = await bearer(api, own.municipalityId, ['coordinator'], 'coordinator-2');
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    p = new HttpParties(api, t);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const send = (who: string, method: 'POST' | 'PATCH', url: string, key: string, payload?: object) =>
    api.inject({ method, url, headers: { authorization: t[who], 'idempotency-key': key }, ...(payload ? { payload } : {}) });
  const taskUrl = (id: string, taskId: string, act: string) => `/journeys/${id}/tasks/${encodeURIComponent(taskId)}/${act}`;
  /** The task as the coordinator's inbox has it (open and claimed ones). */
  const task = async (id: string, taskId: string) => (await p.get('coordinator', `/tasks?journey=${id}`)).json().items.find((i: { taskId: string }) => i.taskId === taskId);
  const sequence = async (id: string): Promise<number> => (await db.query('SELECT sequence FROM journeys WHERE candidate_id = $1', [id])).rows[0].sequence;

  function expectReused(response: { statusCode: number; headers: Record<string, unknown>; json: () => { type: string; status: number } }): void {
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().type).toMatch(/idempotency-key-reused$/);
  }

  it("a claim's key sent again on unclaim is 422: the task stays claimed", async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    expect((await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'claim'), key)).statusCode).toBe(200);
    const before = await sequence(id);
    expectReused(await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'unclaim'), key));
    expect(await task(id, 'intake.accept#1')).toMatchObject({ status: 'CLAIMED' });
    expect(await sequence(id)).toBe(before);
  });

  it("a claim's key sent again on complete is 422: the task is not completed", async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    expect((await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'claim'), key)).statusCode).toBe(200);
    expectReused(await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'ACCEPT' } }));
    expect(await task(id, 'intake.accept#1')).toMatchObject({ status: 'CLAIMED' });
  });

  it('a pause key reused with another body is 422, not the first result; the same body again is the first result, replayed', async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    const paused = await send('care', 'POST', `/journeys/${id}/pause`, key, { reasonCode: 'HOSPITAL' });
    expect(paused.statusCode).toBe(200);
    expect(paused.headers['idempotent-replayed']).toBeUndefined();
    const before = await sequence(id);
    expectReused(await send('care', 'POST', `/journeys/${id}/pause`, key, { reasonCode: 'HOLIDAY' }));
    const again = await send('care', 'POST', `/journeys/${id}/pause`, key, { reasonCode: 'HOSPITAL' });
    expect([again.statusCode, again.headers['idempotent-replayed'], again.json()]).toEqual([200, 'true', paused.json()]);
    expect(await sequence(id)).toBe(before);
    const { rows } = await db.query("SELECT data FROM journey_events WHERE candidate_id = $1 AND type = 'journey.paused'", [id]);
    expect(rows).toEqual([{ data: { reasonCode: 'HOSPITAL' } }]);
  });

  it("a host's decline whose answer was lost, sent again with its key, gets its first answer, not 404 (its part ended in the read model)", async () => {
    // The fault drill's case: the Update took effect, the answer never reached the employer (the
    // API died before recording it). The read model now shows the host's decline, which ends its
    // access to the journey; its retry must still reach the workflow and answer the first result.
    const id = await p.refer('care', referralBody(own));
    await p.complete('coordinator', id, 'intake.accept', { decision: 'ACCEPT' });
    await p.complete('coordinator', id, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: [] });
    await p.complete('care', id, 'profile.talents', PAYLOADS.talents);
    await p.complete('coordinator', id, 'orientation.propose', PAYLOADS.propose(own.employerId));
    const taskId = await p.task('employer', id, 'orientation.respond');
    const key = randomUUID();
    const first = await send('employer', 'POST', taskUrl(id, taskId, 'complete'), key, { payload: PAYLOADS.declines });
    expect(first.statusCode).toBe(200);
    expect((await p.get('employer', `/journeys/${id}`)).statusCode).toBe(404);
    await db.query('UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, answered_at = NULL WHERE organisation_id = $1 AND key = $2', [own.employerId, key]);
    const before = await sequence(id);
    const again = await send('employer', 'POST', taskUrl(id, taskId, 'complete'), key, { payload: PAYLOADS.declines });
    expect([again.statusCode, again.json()]).toEqual([200, first.json()]);
    expect(await sequence(id)).toBe(before);
    // Its part stays ended for every read; a new act on the done task is refused by the workflow.
    expect((await p.get('employer', `/journeys/${id}`)).statusCode).toBe(404);
    expect((await send('employer', 'POST', taskUrl(id, taskId, 'complete'), randomUUID(), { payload: PAYLOADS.declines })).statusCode).toBe(409);
  });

  it('a replayed task completion says so (Idempotent-Replayed: true) and answers the first result, even after the journey moved on', async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    const first = await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'ACCEPT' } });
    expect(first.statusCode).toBe(200);
    await p.complete('coordinator', id, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: [] });
    const again = await send('colleague', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'ACCEPT' } });
    expect([again.statusCode, again.headers['idempotent-replayed'], again.json()]).toEqual([200, 'true', first.json()]);
  });

  it('one key space per organisation: a key of one command is 422 on another task, another journey and another endpoint', async () => {
    const [a, b] = [await p.refer('care', referralBody(own)), await p.refer('care', referralBody(own))];
    const key = randomUUID();
    expect((await send('coordinator', 'POST', taskUrl(a, 'intake.accept#1', 'claim'), key)).statusCode).toBe(200);
    expectReused(await send('coordinator', 'POST', taskUrl(b, 'intake.accept#1', 'claim'), key));
    expectReused(await send('coordinator', 'POST', `/journeys/${a}/pause`, key, {}));
    expectReused(await send('coordinator', 'POST', '/pipeline/reconciliations', key));
    expect(await task(b, 'intake.accept#1')).toMatchObject({ status: 'OPEN' });
    expect((await db.query('SELECT status FROM journeys WHERE candidate_id = $1', [a])).rows[0].status).toBe('ACTIVE');

    // The care provider's referral key, sent again to pause the journey it made: 422, the journey runs on.
    const referralKey = randomUUID();
    const referred = await send('care', 'POST', '/referrals', referralKey, referralBody(own));
    expect(referred.statusCode).toBe(201);
    expectReused(await send('care', 'POST', `/journeys/${referred.json().candidateId}/pause`, referralKey, {}));
    expect((await db.query('SELECT status FROM journeys WHERE candidate_id = $1', [referred.json().candidateId])).rows[0].status).toBe('ACTIVE');

    // Another organisation has keys of its own: the same key is its own first use.
    const workplace = await send('employer', 'POST', '/workplaces', key, { title: 'W', location: 'L', hoursPerWeek: 8, capacity: 1, supportOnSite: [] });
    expect(workplace.statusCode).toBe(201);
    expectReused(await send('employer', 'PATCH', `/workplaces/${workplace.json().id}`, key, { capacity: 2, version: 1 }));
  });

  it('a key whose first request was refused (bad payload, 400) is still free: the corrected request with it goes through once', async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    expect((await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'MAYBE' } })).statusCode).toBe(400);
    const done = await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'ACCEPT' } });
    expect(done.statusCode).toBe(200);
    expect(done.headers['idempotent-replayed']).toBeUndefined();
    expectReused(await send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'REJECT' } }));
  });

  it('concurrent requests with one key: one effect, the same answer for all', async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 4 }, () => send('coordinator', 'POST', taskUrl(id, 'intake.accept#1', 'complete'), key, { payload: { decision: 'ACCEPT' } })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const { rows } = await db.query("SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'", [id]);
    expect(rows[0].n).toBe(1);
  });
});
