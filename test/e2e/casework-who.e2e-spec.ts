import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

interface Row {
  candidateId: string;
  person?: Record<string, unknown>;
}

/** Full years between a date of birth and today in the Netherlands, worked out here on its own. */
function ageToday(dateOfBirth: string): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm * 100 + td < bm * 100 + bd ? 1 : 0);
}

/**
 * Every list and page about a young person says who it is, as far as the reader's part and the
 * consent allow: the municipality and the care parties the full name, age and referral date; a
 * host the first name. Each list read is one access-log entry naming the young people shown.
 */
describe('who a list row or a task is about', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let p: HttpParties;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const people = {
    sanne: { firstName: 'Sanne', lastName: 'Bakker', dateOfBirth: '2006-03-14', situation: 'Attends day-activities three days a week.' },
    noor: { firstName: 'Noor', lastName: 'Vandervelde', dateOfBirth: '2007-01-08', situation: 'Sensitive situation text: anxiety, medication.' },
    lotte: { firstName: 'Lotte', lastName: 'Jansen', dateOfBirth: '2008-12-31', situation: 'Wants to work with animals.' },
  };

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.employer = await bearer(api, own.employerId, ['employer']);
    p = new HttpParties(api, t);
    for (const [key, person] of Object.entries(people)) {
      const { situation, ...candidate } = person;
      ids[key] = await p.refer('care', referralBody(own, { candidate, situation }));
    }
    // Sanne goes on to an orientation at the employer; Noor and Lotte wait for the intake.
    await p.complete('coordinator', ids.sanne, 'intake.accept', PAYLOADS.accept);
    await p.complete('coordinator', ids.sanne, 'intake.meeting', PAYLOADS.meeting);
    await p.complete('care', ids.sanne, 'profile.talents', PAYLOADS.talents);
    await p.complete('coordinator', ids.sanne, 'orientation.propose', PAYLOADS.propose(own.employerId));
    await p.task('employer', ids.sanne, 'orientation.respond');
    await p.task('coordinator', ids.lotte, 'intake.accept');
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const get = async (who: string, url: string) => {
    const response = await p.get(who, url);
    expect(response.statusCode).toBe(200);
    return { body: response.json(), text: response.body };
  };
  /** The access-log rows the organisation wrote since a chain position, oldest first. */
  const logSince = async (organisationId: string, after: number) =>
    (
      await db.query(
        `SELECT chain_seq::int AS seq, candidate_id, candidate_ids, purpose, endpoint, fields FROM access_log WHERE municipality_id = $1 AND organisation_id = $2 AND chain_seq > $3 ORDER BY chain_seq`,
        [own.municipalityId, organisationId, after],
      )
    ).rows;
  const head = async () => (await db.query(`SELECT coalesce(max(chain_seq), 0)::int AS n FROM access_log WHERE municipality_id = $1`, [own.municipalityId])).rows[0].n as number;
  const byCandidate = (items: Row[]) => new Map(items.map((r) => [r.candidateId, r.person]));

  it("the coordinator's inbox names each young person in full, with age, referrer, step and days running; the read is logged once", async () => {
    const before = await head();
    const { body } = await get('coordinator', '/tasks?type=intake.accept');
    const shown = byCandidate(body.items);
    expect([...shown.keys()].sort()).toEqual([ids.noor, ids.lotte].sort());
    const referrerName = `Test care_provider ${own.careProviderId.slice(0, 8)}`;
    for (const key of ['noor', 'lotte'] as const) {
      expect(shown.get(ids[key])).toEqual({
        firstName: people[key].firstName,
        lastName: people[key].lastName,
        age: ageToday(people[key].dateOfBirth),
        referredAt: expect.any(String),
        referrerName,
        step: 'CONNECT',
        daysRunning: 0,
      });
    }
    // The date of birth itself and the situation stay out of a list.
    expect(JSON.stringify(body)).not.toMatch(/2007-01-08|2008-12-31|Sensitive|animals/);

    const log = await logSince(own.municipalityId, before);
    expect(log).toEqual([
      {
        seq: expect.any(Number),
        candidate_id: null,
        candidate_ids: expect.arrayContaining([ids.noor, ids.lotte]),
        purpose: 'MUNICIPAL_TASK',
        endpoint: 'GET /tasks',
        fields: ['firstName', 'lastName', 'dateOfBirth'],
      },
    ]);
    expect(log[0].candidate_ids).toHaveLength(2);
    // The young person's own access log shows the list read too; the chain holds.
    const hers = await get('coordinator', `/access-log?candidate=${ids.noor}`);
    expect(hers.body.items).toContainEqual(expect.objectContaining({ candidateIds: expect.arrayContaining([ids.noor]), endpoint: 'GET /tasks', purpose: 'MUNICIPAL_TASK' }));
    expect((await get('coordinator', '/access-log/verification')).body.intact).toBe(true);
  });

  it("an employer's inbox names the young person by first name only: no surname, age, date of birth, health or BSN", async () => {
    const before = await head();
    const { body, text } = await get('employer', '/tasks');
    expect(body.items.map((r: Row) => r.candidateId)).toEqual([ids.sanne]);
    expect(body.items[0].person).toEqual({ firstName: 'Sanne', referrerName: expect.any(String), step: 'DISCOVER', daysRunning: 0 });
    expect(text).not.toMatch(/Bakker|2006-03-14|"age"|day-activities|situation|bsn|referredAt|Noor|Lotte/i);
    expect(await logSince(own.employerId, before)).toEqual([
      { seq: expect.any(Number), candidate_id: null, candidate_ids: [ids.sanne], purpose: 'PLACEMENT', endpoint: 'GET /tasks', fields: ['firstName'] },
    ]);
  });

  it('the referrals list names each young person for the care provider and the municipality, one log entry per read', async () => {
    for (const [who, organisationId] of [
      ['care', own.careProviderId],
      ['coordinator', own.municipalityId],
    ] as const) {
      const before = await head();
      const shown = byCandidate((await get(who, '/referrals')).body.items);
      expect(shown.get(ids.sanne)).toMatchObject({ firstName: 'Sanne', lastName: 'Bakker', age: ageToday(people.sanne.dateOfBirth), step: 'DISCOVER' });
      expect(shown.get(ids.noor)).toMatchObject({ firstName: 'Noor', lastName: 'Vandervelde', step: 'CONNECT' });
      const log = await logSince(organisationId, before);
      expect(log).toHaveLength(1);
      expect([...log[0].candidate_ids].sort()).toEqual([ids.sanne, ids.noor, ids.lotte].sort());
      expect(log[0].endpoint).toBe('GET /referrals');
    }
  });

  it('the intake task shows whom it is about and the situation; its purpose follows from the party, a purpose not of the party is a 400', async () => {
    const taskId = await p.task('coordinator', ids.noor, 'intake.accept');
    const url = `/journeys/${ids.noor}/tasks/${encodeURIComponent(taskId)}`;
    const before = await head();
    const { body } = await get('coordinator', url);
    expect(body).toMatchObject({
      purpose: 'MUNICIPAL_TASK',
      person: { firstName: 'Noor', lastName: 'Vandervelde', age: ageToday(people.noor.dateOfBirth), referrerName: expect.any(String), referredAt: expect.any(String) },
      situation: people.noor.situation,
    });
    expect(await logSince(own.municipalityId, before)).toEqual([
      { seq: expect.any(Number), candidate_id: ids.noor, candidate_ids: null, purpose: 'MUNICIPAL_TASK', endpoint: 'GET /journeys/{candidateId}/tasks/{taskId}', fields: ['firstName', 'lastName', 'dateOfBirth', 'situation'] },
    ]);
    // The coordinator does not support the young person: reading "for care" is refused, and nothing is logged.
    const wrong = await p.get('coordinator', `${url}?purpose=CARE_DELIVERY`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    expect(await head()).toBe(before + 1);
  });

  it("the employer's task names the young person by first name, without the situation", async () => {
    const taskId = await p.task('employer', ids.sanne, 'orientation.respond');
    const { body, text } = await get('employer', `/journeys/${ids.sanne}/tasks/${encodeURIComponent(taskId)}`);
    expect(body).toMatchObject({ purpose: 'PLACEMENT', person: { firstName: 'Sanne' } });
    expect(body.situation).toBeUndefined();
    expect(text).not.toMatch(/Bakker|2006-03-14|"age"|day-activities/);
  });

  it('the journey names the young person for the party that reads it', async () => {
    expect((await get('care', `/journeys/${ids.lotte}`)).body.person).toMatchObject({ firstName: 'Lotte', lastName: 'Jansen', age: ageToday(people.lotte.dateOfBirth) });
    expect((await get('employer', `/journeys/${ids.sanne}`)).body.person).toEqual({ firstName: 'Sanne', referrerName: expect.any(String), step: 'DISCOVER', daysRunning: 0 });
  });
});
