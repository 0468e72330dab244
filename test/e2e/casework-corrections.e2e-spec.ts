import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { HttpParties } from '../support/http-driver';
import { MailpitInbox } from '../support/mailpit';
import { bearer, createParties, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * Mistakes can be put right: dates are checked by the rules of libs/domain/src/candidate-dates.ts,
 * a referral made twice is pointed out, a referral made in error is its own act with its own words,
 * and a document field takes the organisation's own reference.
 */
describe('casework corrections', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let otherCare: string;
  const t: Record<string, string> = {};
  let p: HttpParties;
  const tag = randomBytes(4).toString('hex');
  const mailpit = new MailpitInbox(testRun().mailpitUrl);
  const coordinatorMail = `coordinator-${tag}@mail.test`;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    otherCare = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [otherCare, 'Other care', OrganisationType.CARE_PROVIDER, own.municipalityId]);
    const coordinatorId = await seedUser(own.municipalityId, ['coordinator'], `coordinator-${tag}`);
    await db.query('UPDATE users SET email = $2 WHERE id = $1', [coordinatorId, coordinatorMail]);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator'], `coordinator-${tag}`);
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    t.otherCare = await bearer(api, otherCare, ['support-worker'], 'coach-2');
    t.employer = await bearer(api, own.employerId, ['employer']);
    p = new HttpParties(api, t);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const call = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
    api.inject({ method, url, headers: { authorization: t[who], 'idempotency-key': randomUUID() }, ...(payload ? { payload } : {}) });
  const person = (name: string, dateOfBirth = '2006-03-14') => ({ firstName: name, lastName: `Tweemaal${tag}`, dateOfBirth });
  const referralsOf = async () => Number((await db.query('SELECT count(*)::int AS n FROM referrals WHERE municipality_id = $1', [own.municipalityId])).rows[0].n);

  it('refuses a date of birth in the future or outside the ages the method serves, and consent given in the future, by stable codes; nothing is recorded', async () => {
    const before = await referralsOf();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ candidate: person('Toekomst', '2031-04-12') }, 'candidate.dateOfBirth', 'DATE_OF_BIRTH_IN_FUTURE'],
      [{ candidate: person('Kind', '2016-04-12') }, 'candidate.dateOfBirth', 'AGE_BELOW_TARGET_GROUP'],
      [{ candidate: person('Oud', '1950-04-12') }, 'candidate.dateOfBirth', 'AGE_ABOVE_TARGET_GROUP'],
      [{ consent: { givenBy: 'CANDIDATE', givenAt: '2027-01-05T10:00:00Z' } }, 'consent.givenAt', 'CONSENT_IN_FUTURE'],
    ];
    for (const [overrides, field, code] of cases) {
      const response = await call('care', 'POST', '/referrals', referralBody(own, overrides));
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().errors).toEqual([expect.objectContaining({ field, code })]);
    }
    expect(await referralsOf()).toBe(before);
  });

  it('a correction of the date of birth follows the same rule, on the version read; a stale version is 409', async () => {
    const id = await p.refer('care', referralBody(own, { candidate: person('Correctie') }));
    const read = (await call('care', 'GET', `/journeys/${id}/candidate?purpose=CARE_DELIVERY`)).json();
    const future = await call('care', 'PATCH', `/journeys/${id}/candidate`, { version: read.version, reason: 'Tikfout', dateOfBirth: '2031-03-14' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'dateOfBirth', code: 'DATE_OF_BIRTH_IN_FUTURE' })]);
    const fixed = await call('care', 'PATCH', `/journeys/${id}/candidate`, { version: read.version, reason: 'Tikfout', dateOfBirth: '2007-03-14' });
    expect(fixed.statusCode).toBe(200);
    expect((await call('care', 'PATCH', `/journeys/${id}/candidate`, { version: read.version, reason: 'Nog een', dateOfBirth: '2007-03-15' })).statusCode).toBe(409);
    expect((await call('care', 'GET', `/journeys/${id}/candidate?purpose=CARE_DELIVERY`)).json()).toMatchObject({ version: read.version + 1, dateOfBirth: '2007-03-14' });
  });

  it('the same young person referred twice: every care part hears that a journey exists; only its own parties get the link; the match is access-logged', async () => {
    const first = await p.refer('care', referralBody(own, { candidate: person('Dubbel') }));
    const second = await p.refer('otherCare', referralBody(own, { careProviderId: otherCare, candidate: { ...person('dubbel '), lastName: `tweemaal${tag}` } }));
    const elsewhere = await p.refer('care', referralBody(own, { candidate: person('Dubbel', '2006-03-15') }));
    expect((await call('otherCare', 'GET', `/journeys/${second}/duplicates`)).json()).toEqual({ count: 1, candidateIds: [] });
    expect((await call('coordinator', 'GET', `/journeys/${second}/duplicates`)).json()).toEqual({ count: 1, candidateIds: [first] });
    expect((await call('care', 'GET', `/journeys/${first}/duplicates`)).json()).toEqual({ count: 1, candidateIds: [] });
    expect((await call('care', 'GET', `/journeys/${elsewhere}/duplicates`)).json()).toEqual({ count: 0, candidateIds: [] });
    expect((await call('employer', 'GET', `/journeys/${first}/duplicates`)).statusCode).toBe(404);
    const logged = await db.query(`SELECT organisation_id FROM access_log WHERE candidate_id = $1 AND endpoint = 'GET /journeys/{candidateId}/duplicates'`, [first]);
    expect(logged.rows.map((r: { organisation_id: string }) => r.organisation_id).sort()).toEqual([otherCare, own.municipalityId].sort());
    // Closed, the first journey is no duplicate any more.
    expect((await call('care', 'POST', `/journeys/${first}/referral-error`)).statusCode).toBe(200);
    expect((await call('coordinator', 'GET', `/journeys/${second}/duplicates`)).json()).toEqual({ count: 0, candidateIds: [] });
  });

  it('a referral made in error closes the journey with its own reason, timeline entry and mail, not as consent withdrawn', async () => {
    const id = await p.refer('care', referralBody(own, { candidate: person('Vergissing') }));
    expect((await call('employer', 'POST', `/journeys/${id}/referral-error`)).statusCode).toBe(404);
    const closed = await call('care', 'POST', `/journeys/${id}/referral-error`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'WITHDRAWN' });
    expect((await call('care', 'POST', `/journeys/${id}/referral-error`)).statusCode).toBe(404);
    const timeline = (await call('coordinator', 'GET', `/journeys/${id}/timeline`)).json().items;
    expect(timeline[timeline.length - 1]).toMatchObject({ type: 'journey.withdrawn', data: { reasonCode: 'REFERRED_IN_ERROR' } });
    // The coordinator was told of the new intake task first; then of the closing.
    const aboutIt = (m: { text: string }) => m.text.includes(id);
    let mails = await mailpit.expect(coordinatorMail, 1);
    for (const deadline = Date.now() + 60_000; mails.filter(aboutIt).length < 2 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      mails = await mailpit.to(coordinatorMail);
    }
    const mail = mails.filter(aboutIt).find((m) => !m.subject.startsWith('Nieuwe taak'))!;
    expect(mail.subject).toBe('Aanmelding ten onrechte: traject gesloten');
    expect(mail.text).toContain('De aanmelding van Vergissing is ten onrechte gedaan');
    expect(mails.filter(aboutIt).map((m) => m.subject)).not.toContain('Traject beëindigd: toestemming ingetrokken');
    // The AVG export says so too, in its status and its timeline.
    const exported = await call('coordinator', 'GET', `/journeys/${id}/export?format=html`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain('(de aanmelding was ten onrechte)');
    expect(exported.body).toContain('aanmelding ten onrechte, traject gesloten');
  });

  it("a document field takes the organisation's own reference (DL-2026-0117), not only a UUID", async () => {
    const id = await p.refer('care', referralBody(own, { candidate: person('Dossier') }));
    await p.complete('coordinator', id, 'intake.accept', { decision: 'ACCEPT' });
    const meeting = await p.task('coordinator', id, 'intake.meeting');
    const bad = await call('coordinator', 'POST', `/journeys/${id}/tasks/${encodeURIComponent(meeting)}/complete`, {
      payload: { meetingDate: '2026-11-05', goalCodes: [], notesDocumentId: 'verslag intake.pdf' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'payload.notesDocumentId' })]);
    await p.complete('coordinator', id, 'intake.meeting', { meetingDate: '2026-11-05', goalCodes: [], notesDocumentId: 'GZ/2026/0117' });
    await p.complete('care', id, 'profile.talents', { talentCodes: [], interestCodes: [], profileDocumentId: 'DL-2026-0117' });
    const timeline = (await call('care', 'GET', `/journeys/${id}/timeline`)).json().items;
    expect(timeline.filter((e: { type: string }) => e.type === 'task.completed')).toHaveLength(3);
  });
});
