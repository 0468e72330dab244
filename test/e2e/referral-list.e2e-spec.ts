import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

/** The municipality sees the referrals of its area and decides them; each referrer sees its own. */
describe('GET /referrals', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let p: HttpParties;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    t.municipality = await bearer(api, own.municipalityId, ['coordinator']);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.school = await bearer(api, own.schoolId, ['teacher']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
    p = new HttpParties(api, t);
    ids.accepted = await p.refer('care', referralBody(own));
    ids.rejected = await p.refer('care', referralBody(own));
    ids.pending = await p.refer('school', referralBody(own, { careProviderId: undefined }));
    await p.complete('municipality', ids.accepted, 'intake.accept', PAYLOADS.accept);
    await p.complete('municipality', ids.rejected, 'intake.accept', { decision: 'REJECT', reasonCode: 'OTHER_MUNICIPALITY' });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const list = async (who: string, query = '') => {
    const response = await api.inject({ method: 'GET', url: `/referrals${query}`, headers: { authorization: t[who] } });
    return { status: response.statusCode, body: response.json() };
  };
  const intakeOf = (body: { items: { candidateId: string; intake: string }[] }) => Object.fromEntries(body.items.map((r) => [r.candidateId, r.intake]));

  it("the municipality sees its area's referrals, newest first, with its intake decision", async () => {
    const { status, body } = await list('municipality', '?limit=200');
    expect(status).toBe(200);
    expect(body.items.map((r: { candidateId: string }) => r.candidateId)).toEqual([ids.pending, ids.rejected, ids.accepted]);
    expect(intakeOf(body)).toEqual({ [ids.accepted]: 'ACCEPTED', [ids.rejected]: 'REJECTED', [ids.pending]: 'PENDING' });
    const rejected = body.items.find((r: { candidateId: string }) => r.candidateId === ids.rejected);
    expect(rejected).toMatchObject({ referrerOrganisationId: own.careProviderId, municipalityId: own.municipalityId, status: 'EXITED', consent: { givenBy: 'CANDIDATE' } });
    // Who each is (name and age, an access-logged read: test/e2e/casework-who), never the date of birth or the situation
    expect(rejected.person).toMatchObject({ firstName: 'Sanne', lastName: 'Bakker', age: expect.any(Number) });
    expect(JSON.stringify(body)).not.toMatch(/2006-03-14|day-activities/);
  });

  it('filters by intake decision and pages with a cursor', async () => {
    expect((await list('municipality', '?intake=PENDING')).body.items.map((r: { candidateId: string }) => r.candidateId)).toEqual([ids.pending]);
    const first = await list('municipality', '?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await list('municipality', `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { candidateId: string }) => r.candidateId)).toEqual([ids.accepted]);
    expect(second.body.nextCursor).toBeUndefined();
    expect((await list('municipality', '?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await list('municipality', '?intake=MAYBE')).status).toBe(400);
  });

  it('a school sees its own referrals, a care provider its clients; another municipality none; an employer 403', async () => {
    expect(Object.keys(intakeOf((await list('school')).body))).toEqual([ids.pending]);
    expect(Object.keys(intakeOf((await list('care')).body)).sort()).toEqual([ids.accepted, ids.rejected].sort());
    expect((await list('foreign')).body.items).toEqual([]);
    expect((await list('employer')).status).toBe(403);
  });
});
