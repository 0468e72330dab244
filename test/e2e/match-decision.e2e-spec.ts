import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/**
 * The match and the decision on it. Four eyes on the funding decision: a municipality that
 * requires it refuses the decision on a match (analyse.decision) by the coordinator who proposed it
 * (analyse.match), with a problem type the web app words in Dutch; another coordinator decides.
 * Off by default. Hours in halves. A match takes a place at a workplace of its host: a full one,
 * another host's or one off the list is refused.
 */
describe('the match and the decision on it', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let p: HttpParties;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    p = new HttpParties(api, {
      first: await bearer(api, own.municipalityId, ['coordinator'], `first-${randomUUID().slice(0, 8)}`),
      second: await bearer(api, own.municipalityId, ['coordinator'], `second-${randomUUID().slice(0, 8)}`),
      admin: await bearer(api, own.municipalityId, ['admin']),
      care: await bearer(api, own.careProviderId, ['support-worker']),
      employer: await bearer(api, own.employerId, ['employer']),
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const patch = (who: string, url: string, payload: object) =>
    api.inject({ method: 'PATCH', url, headers: { authorization: p.tokens[who], 'idempotency-key': randomUUID() }, payload });

  /** A journey of this municipality with its match to propose. */
  async function toMatch(): Promise<string> {
    const id = await p.refer('care', referralBody(own));
    await p.complete('first', id, 'intake.accept', PAYLOADS.accept);
    await p.complete('first', id, 'intake.meeting', PAYLOADS.meeting);
    await p.complete('care', id, 'profile.talents', PAYLOADS.talents);
    await p.complete('first', id, 'orientation.propose', PAYLOADS.propose(own.employerId));
    await p.complete('employer', id, 'orientation.respond', PAYLOADS.accepts);
    await p.complete('employer', id, 'orientation.feedback', PAYLOADS.feedback);
    await p.complete('care', id, 'orientation.feedback', PAYLOADS.feedback);
    await p.complete('first', id, 'discover.conclude', PAYLOADS.ready);
    await p.complete('care', id, 'analyse.support-plan', PAYLOADS.supportPlan);
    return id;
  }

  async function send(who: string, candidateId: string, type: string, payload: unknown) {
    const taskId = await p.task(who, candidateId, type);
    return p.post(who, `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`, { payload });
  }

  async function setFourEyes(on: boolean): Promise<void> {
    const org = (await p.get('admin', `/organisations/${own.municipalityId}`)).json();
    const changed = await patch('admin', `/organisations/${own.municipalityId}`, { fourEyesFunding: on, version: org.version });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ fourEyesFunding: on });
  }

  it('only the municipality’s admin turns it on; a coordinator or another party cannot', async () => {
    const org = (await p.get('admin', `/organisations/${own.municipalityId}`)).json();
    expect(org).toMatchObject({ fourEyesFunding: false });
    expect((await patch('first', `/organisations/${own.municipalityId}`, { fourEyesFunding: true, version: org.version })).statusCode).toBe(403);
    expect((await patch('admin', `/organisations/${own.municipalityId}`, { fourEyesFunding: 'yes', version: org.version })).statusCode).toBe(400);
    expect((await p.get('admin', `/organisations/${own.municipalityId}`)).json()).toMatchObject({ fourEyesFunding: false, version: org.version });
  });

  it('a match in half hours: 12.3 is refused with the field named, 12.5 accepted', async () => {
    const id = await toMatch();
    const bad = await send('first', id, 'analyse.match', { ...PAYLOADS.match(own.employerId), hoursPerWeek: 12.3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['payload.hoursPerWeek']);
    expect((await send('first', id, 'analyse.match', { ...PAYLOADS.match(own.employerId), hoursPerWeek: 12.5 })).statusCode).toBe(200);
    const timeline = (await p.get('first', `/journeys/${id}/timeline`)).json().items;
    expect(timeline.find((e: { type: string; data: { taskType?: string } }) => e.type === 'task.completed' && e.data.taskType === 'analyse.match').data).toMatchObject({ hoursPerWeek: 12.5 });
    // Off (the default): the proposer decides as before.
    expect((await send('first', id, 'analyse.decision', PAYLOADS.approve)).statusCode).toBe(200);
  });

  it('on: the proposer’s decision is refused (403 four-eyes-required, nothing changes); a second coordinator decides', async () => {
    await setFourEyes(true);
    try {
      const id = await toMatch();
      expect((await send('first', id, 'analyse.match', PAYLOADS.match(own.employerId))).statusCode).toBe(200);
      const refused = await send('first', id, 'analyse.decision', PAYLOADS.approve);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().type).toBe('https://placement-engine.nl/problems/four-eyes-required');
      expect(refused.json().code).toBe('FOUR_EYES_REQUIRED');
      expect((await p.get('first', `/journeys/${id}`)).json()).toMatchObject({ step: 'ANALYSE' });
      const decided = await send('second', id, 'analyse.decision', PAYLOADS.approve);
      expect(decided.statusCode).toBe(200);
      expect(decided.json()).toMatchObject({ step: 'PLACE' });
      // A revised match proposed by the second coordinator is decided by the first.
      const again = await toMatch();
      expect((await send('second', again, 'analyse.match', PAYLOADS.match(own.employerId))).statusCode).toBe(200);
      expect((await send('second', again, 'analyse.decision', { decision: 'REVISE', reasonCode: 'MORE_INFORMATION' })).statusCode).toBe(403);
      expect((await send('first', again, 'analyse.decision', { decision: 'REVISE', reasonCode: 'MORE_INFORMATION' })).statusCode).toBe(200);
      expect((await send('first', again, 'analyse.match', PAYLOADS.match(own.employerId))).statusCode).toBe(200);
      expect((await send('first', again, 'analyse.decision', PAYLOADS.approve)).statusCode).toBe(403);
      expect((await send('second', again, 'analyse.decision', PAYLOADS.approve)).statusCode).toBe(200);
    } finally {
      await setFourEyes(false);
    }
  });

  it('a match takes a free place at a workplace of its host: another host’s, a full one or one off the list is refused; a place comes free when its journey ends', async () => {
    const workplace = (who: string, capacity: number) =>
      p.post(who, '/workplaces', { title: `Werkplek ${randomUUID().slice(0, 4)}`, location: 'Markt 1', hoursPerWeek: 12.5, capacity, supportOnSite: [] });
    const one = (await workplace('employer', 1)).json();
    const off = (await workplace('employer', 3)).json();
    expect((await patch('employer', `/workplaces/${off.id}`, { active: false, version: off.version })).statusCode).toBe(200);
    const otherHost = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherHost, 'Other host', 'EMPLOYER', own.municipalityId]);
    p.tokens.otherHost = await bearer(api, otherHost, ['employer']);
    const elsewhere = (await workplace('otherHost', 5)).json();
    const refused = async (candidateId: string, workplaceId: string) => {
      const response = await send('first', candidateId, 'analyse.match', { ...PAYLOADS.match(own.employerId), workplaceId });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['payload.workplaceId']);
    };

    const first = await toMatch();
    await refused(first, elsewhere.id);
    await refused(first, off.id);
    expect((await send('first', first, 'analyse.match', { ...PAYLOADS.match(own.employerId), workplaceId: one.id })).statusCode).toBe(200);
    expect((await p.get('employer', `/workplaces/${one.id}`)).json()).toMatchObject({ capacity: 1, occupied: 1 });
    expect((await p.get('first', `/workplaces?active=true&limit=200`)).json().items.find((w: { id: string }) => w.id === one.id)).toMatchObject({ occupied: 1 });

    const second = await toMatch();
    await refused(second, one.id);
    expect((await p.post('first', `/journeys/${first}/withdraw`, { reasonCode: 'CONSENT_REVOKED' })).statusCode).toBe(200);
    expect((await p.get('employer', `/workplaces/${one.id}`)).json()).toMatchObject({ occupied: 0 });
    expect((await send('first', second, 'analyse.match', { ...PAYLOADS.match(own.employerId), workplaceId: one.id })).statusCode).toBe(200);
    expect((await p.get('employer', `/workplaces/${one.id}`)).json()).toMatchObject({ occupied: 1 });
  });
});
