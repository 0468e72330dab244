import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/** Reassignment, pause, resume, transfer, withdrawal and exit over HTTP. */
describe('journey acts', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let otherCare: string;
  const t: Record<string, string> = {};
  let p: HttpParties;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    otherCare = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherCare, 'Other care', OrganisationType.CARE_PROVIDER, own.municipalityId]);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator'], 'coordinator-1');
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.otherCare = await bearer(api, otherCare, ['support-worker'], 'coach-2');
    t.school = await bearer(api, own.schoolId, ['teacher']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
    p = new HttpParties(api, t);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const post = (who: string, url: string, payload: object = {}, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url, headers: { authorization: t[who], 'idempotency-key': key }, payload });

  it('the coordinator reassigns any open task (not overdue too) with a reason the timeline keeps; others may not', async () => {
    const id = await p.refer('care', referralBody(own));
    const url = `/journeys/${id}/tasks/${encodeURIComponent('intake.accept#1')}/reassign`;
    const to = { organisationId: own.municipalityId, role: 'coordinator', reasonCode: 'ABSENT' };
    expect((await post('care', url, { ...to, userId: 'x' })).statusCode).toBe(403);
    expect((await post('foreign', url, to)).statusCode).toBe(404);
    expect((await post('coordinator', url, { ...to, organisationId: randomUUID() })).statusCode).toBe(400);
    expect((await post('coordinator', url, { ...to, role: 'wizard' })).statusCode).toBe(400);
    const noReason = await post('coordinator', url, { organisationId: own.municipalityId, role: 'coordinator' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toEqual(['reasonCode']);
    expect((await post('coordinator', url, { ...to, reasonCode: 'BORED' })).statusCode).toBe(400);
    const [open] = (await p.get('coordinator', `/journeys/${id}/tasks`)).json().items;
    expect(open).toMatchObject({ taskId: 'intake.accept#1', overdue: false });
    const done = await post('coordinator', url, { ...to, userId: 'coordinator-2' });
    expect(done.statusCode).toBe(200);
    const inbox = (await p.get('coordinator', `/tasks?journey=${id}`)).json().items;
    expect(inbox).toMatchObject([{ taskId: 'intake.accept#1', status: 'CLAIMED', assignee: { userId: 'coordinator-2' } }]);
    const timeline = (await p.get('coordinator', `/journeys/${id}/timeline`)).json().items;
    expect(timeline.filter((e: { type: string }) => e.type === 'task.reassigned')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ taskType: 'intake.accept', toOrganisationId: own.municipalityId, reason: 'ABSENT' }) }),
    ]);
  });

  it("a journey's open tasks: the coordinator sees every party's, another party its own, a stranger none (404)", async () => {
    const id = await p.refer('care', referralBody(own));
    await p.complete('coordinator', id, 'intake.accept', { decision: 'ACCEPT' });
    await p.complete('coordinator', id, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: [] });
    await p.task('care', id, 'profile.talents');
    const all = (await p.get('coordinator', `/journeys/${id}/tasks`)).json().items;
    expect(all.map((x: { type: string; assignee: { organisationId: string } }) => [x.type, x.assignee.organisationId])).toEqual([['profile.talents', own.careProviderId]]);
    expect((await p.get('care', `/journeys/${id}/tasks`)).json().items).toHaveLength(1);
    expect((await p.get('foreign', `/journeys/${id}/tasks`)).statusCode).toBe(404);
  });

  it('pause stops completions (409) until resume; the same key again has one effect', async () => {
    const id = await p.refer('care', referralBody(own));
    const key = randomUUID();
    const paused = await post('care', `/journeys/${id}/pause`, { reasonCode: 'HOSPITAL' }, key);
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toMatchObject({ status: 'PAUSED' });
    expect((await post('care', `/journeys/${id}/pause`, { reasonCode: 'HOSPITAL' }, key)).json()).toEqual(paused.json());
    expect((await post('care', `/journeys/${id}/pause`, {})).statusCode).toBe(409);
    const blocked = await post('coordinator', `/journeys/${id}/tasks/${encodeURIComponent('intake.accept#1')}/complete`, { payload: { decision: 'ACCEPT' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().type).toMatch(/journey-paused$/);
    expect((await post('employer', `/journeys/${id}/resume`)).statusCode).toBe(404);
    expect((await post('coordinator', `/journeys/${id}/resume`)).json()).toMatchObject({ status: 'ACTIVE' });
    await p.complete('coordinator', id, 'intake.accept', { decision: 'ACCEPT' });
  });

  it('transfer to another care provider moves its tasks; the new one sees the journey, a bad id is 400', async () => {
    const id = await p.refer('care', referralBody(own));
    await p.complete('coordinator', id, 'intake.accept', { decision: 'ACCEPT' });
    await p.complete('coordinator', id, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: [] });
    expect((await post('coordinator', `/journeys/${id}/transfer`, { careProviderId: own.employerId })).statusCode).toBe(400);
    expect((await post('care', `/journeys/${id}/transfer`, { careProviderId: otherCare })).statusCode).toBe(403);
    expect((await post('coordinator', `/journeys/${id}/transfer`, { careProviderId: otherCare })).statusCode).toBe(200);
    expect((await p.get('otherCare', `/journeys/${id}`)).statusCode).toBe(200);
    await p.complete('otherCare', id, 'profile.talents', { talentCodes: [], interestCodes: [] });
  });

  it('the referrer records a withdrawal (consent revoked); then nothing changes it; exit is for the municipality', async () => {
    const id = await p.refer('school', referralBody(own));
    expect((await post('school', `/journeys/${id}/exit`)).statusCode).toBe(403);
    expect((await post('school', `/journeys/${id}/withdraw`, { reasonCode: 'consent revoked' })).statusCode).toBe(400);
    const withdrawn = await post('school', `/journeys/${id}/withdraw`, { reasonCode: 'CONSENT_REVOKED' });
    expect(withdrawn.json()).toMatchObject({ status: 'WITHDRAWN' });
    const closed = await post('coordinator', `/journeys/${id}/exit`);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().type).toMatch(/journey-closed$/);
    expect((await p.get('coordinator', `/journeys/${id}`)).json()).toMatchObject({ status: 'WITHDRAWN' });
    expect((await p.get('coordinator', `/tasks?journey=${id}`)).json().items).toEqual([]);
  });
});
