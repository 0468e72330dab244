import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { committed } from '../../libs/database/src/read-model/committed';
import { JourneyClient } from '../../libs/temporal/src/journeys';
import { taskDefinition } from '../../libs/domain/src/method/catalogue';
import { HttpParties } from '../support/http-driver';
import { JourneyDriver, PAYLOADS } from '../support/journey-driver';
import { MailpitInbox, type Mail } from '../support/mailpit';
import { endJourneysStartedSince, bearer, createCandidate, createParties, seedUser, sql, startApi, startWorker, temporalClient, untilCommitted, type TestParties } from '../support/stack';
import { REFUSED_MAIL_DOMAIN, testRun } from '../support/test-run';

/**
 * People are told: e-mail (read back from the run's Mailpit) and in-app notifications of new
 * tasks, reminders, escalations, journey acts and the daily digest, with the real worker, Temporal,
 * PostgreSQL and mail server.
 */
describe('notifications', () => {
  const tag = randomBytes(4).toString('hex');
  const mailpit = new MailpitInbox(testRun().mailpitUrl);
  const address = (name: string): string => `${name}-${tag}@mail.test`;
  // Personal data of the young person: only the first name may ever reach a mail, and only a party entitled to it.
  const person = { firstName: `Fnm${tag}`, lastName: `Lnm${tag}`, dateOfBirth: '2006-03-14' };
  const situation = `Situation marker ${tag}: attends day-activities, support need described here.`;
  const neverInMail = [person.lastName, '2006-03-14', '14-03-2006', `marker ${tag}`];

  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** A user of an organisation, with an address when given, and its bearer token. */
  async function user(organisationId: string, roles: string[], subject: string, email?: string): Promise<{ id: string; token: string }> {
    const id = await seedUser(organisationId, roles, subject);
    if (email) await db.query('UPDATE users SET email = $2 WHERE id = $1', [id, email]);
    return { id, token: await bearer(api, organisationId, roles, subject) };
  }

  async function addOrganisation(municipalityId: string, type: string): Promise<string> {
    const id = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [id, `Notified ${type} ${id.slice(0, 8)}`, type, municipalityId]);
    return id;
  }

  function expectNoPersonalData(mails: Mail[], firstNameAllowed: boolean): void {
    for (const mail of mails) {
      for (const body of [mail.subject, mail.text, mail.html]) for (const marker of neverInMail) expect(body).not.toContain(marker);
      expect(mail.subject).not.toContain(person.firstName);
      if (!firstNameAllowed) for (const body of [mail.text, mail.html]) expect(body).not.toContain(person.firstName);
    }
  }

  describe('a journey over HTTP', () => {
    let parties: TestParties;
    let e2: string;
    let otherCare: string;
    let p: HttpParties;
    let candidateId: string;
    const users: Record<string, { id: string; token: string }> = {};

    beforeAll(async () => {
      parties = await createParties(db);
      e2 = await addOrganisation(parties.municipalityId, 'EMPLOYER');
      otherCare = await addOrganisation(parties.municipalityId, 'CARE_PROVIDER');
      users.coordinator = await user(parties.municipalityId, ['coordinator'], 'coordinator', address('coordinator'));
      users.care = await user(parties.careProviderId, ['support-worker'], 'care', address('care'));
      users.otherCare = await user(otherCare, ['support-worker'], 'other-care', address('other-care'));
      users.e1 = await user(parties.employerId, ['employer'], 'e1', address('e1'));
      users.e1Admin = await user(parties.employerId, ['admin'], 'e1-admin', address('e1-admin'));
      users.e2 = await user(e2, ['employer'], 'e2', address('e2'));
      users.e2Refused = await user(e2, ['employer'], 'e2-refused', `e2-${tag}@${REFUSED_MAIL_DOMAIN}`);
      users.e2Admin = await user(e2, ['admin'], 'e2-admin');
      users.unrelated = await user(await addOrganisation(parties.municipalityId, 'EMPLOYER'), ['employer'], 'unrelated', address('unrelated'));
      p = new HttpParties(api, { coordinator: users.coordinator.token, care: users.care.token, e1: users.e1.token, e2: users.e2.token });

      candidateId = await p.refer('care', { municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, candidate: person, situation, consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' } });
      await p.complete('coordinator', candidateId, 'intake.accept', PAYLOADS.accept);
      await p.complete('coordinator', candidateId, 'intake.meeting', PAYLOADS.meeting);
      await p.complete('care', candidateId, 'profile.talents', PAYLOADS.talents);
      await p.complete('coordinator', candidateId, 'orientation.propose', PAYLOADS.propose(parties.employerId, e2));
    });

    it('each employer gets exactly one mail for its new orientation request, Dutch, with the first name and a link to the task', async () => {
      for (const who of ['e1', 'e2']) {
        const [mail, ...more] = await mailpit.expect(address(who), 1);
        expect(more).toEqual([]);
        const taskId = (await p.get(who, `/tasks?journey=${candidateId}&type=orientation.respond`)).json().items[0].taskId as string;
        expect(mail.subject).toMatch(/^Nieuwe taak: /);
        expect(mail.text).toContain(` van ${person.firstName}`);
        expect(mail.text).toContain(`http://127.0.0.1:3000/taken/${candidateId}/${encodeURIComponent(taskId)}`);
        expect(mail.html).toContain(`href="http://127.0.0.1:3000/taken/${candidateId}/${encodeURIComponent(taskId)}"`);
        expect(mail.messageId).toMatch(/@placement-engine\.localhost$/);
        expectNoPersonalData([mail], true);
      }
      // An admin without a casework role, and an organisation that takes no part, are told nothing.
      expect(await mailpit.to(address('e1-admin'))).toEqual([]);
      expect(await mailpit.to(address('unrelated'))).toEqual([]);
    });

    it('the coordinator and the care provider are told of their own tasks, once each, and nothing personal but the first name', async () => {
      const coordinator = await mailpit.expect(address('coordinator'), 3);
      expect(coordinator.map((m) => m.subject).sort()).toEqual(
        ['Nieuwe taak: ' + label('intake.accept'), 'Nieuwe taak: ' + label('intake.meeting'), 'Nieuwe taak: ' + label('orientation.propose')].sort(),
      );
      const care = await mailpit.expect(address('care'), 1);
      expect(care.map((m) => m.subject)).toEqual(['Nieuwe taak: ' + label('profile.talents')]);
      expectNoPersonalData([...coordinator, ...care], true);
    });

    it('an address the mail server refuses is recorded on the user and shown to its admin; the other user of that employer got its mail', async () => {
      const deadline = Date.now() + 30000;
      let refused: { emailProblem?: string; emailProblemAt?: string } | undefined;
      while (!refused?.emailProblem && Date.now() < deadline) {
        const listing = await api.inject({ method: 'GET', url: `/organisations/${e2}/users`, headers: { authorization: users.e2Admin.token } });
        expect(listing.statusCode).toBe(200);
        refused = (listing.json().items as { id: string; emailProblem?: string }[]).find((u) => u.id === users.e2Refused.id);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(refused).toMatchObject({ emailProblem: expect.stringMatching(/^550 /), emailProblemAt: expect.any(String) });
      const outbox = await db.query(`SELECT status, attempts FROM mail_outbox WHERE user_id = $1`, [users.e2Refused.id]);
      expect(outbox.rows).toEqual([{ status: 'FAILED', attempts: 1 }]);
      // In-app it is told all the same.
      const inApp = await api.inject({ method: 'GET', url: '/notifications', headers: { authorization: users.e2Refused.token } });
      expect(inApp.json().items.map((n: { eventType: string }) => n.eventType)).toEqual(['task.opened']);
    });

    it('in-app: newest first, unread filter and count, mark read idempotently, and another user’s notification is 404', async () => {
      const headers = { authorization: users.coordinator.token };
      const page = await api.inject({ method: 'GET', url: '/notifications?limit=2', headers });
      expect(page.statusCode).toBe(200);
      const first = page.json();
      expect(first.items).toHaveLength(2);
      expect(first.items[0]).toMatchObject({ kind: 'TASK_ASSIGNED', eventType: 'task.opened', candidateId, taskType: 'orientation.propose', read: false, delivery: 'IMMEDIATE' });
      expect(first.items[0].link).toBe(`http://127.0.0.1:3000/taken/${candidateId}/${encodeURIComponent(first.items[0].taskId)}`);
      const rest = (await api.inject({ method: 'GET', url: `/notifications?limit=2&cursor=${first.nextCursor}`, headers })).json();
      expect(rest.items.map((n: { taskType: string }) => n.taskType)).toEqual(['intake.accept']);
      expect(rest.nextCursor).toBeUndefined();
      expect((await api.inject({ method: 'GET', url: '/notifications/unread-count', headers })).json()).toEqual({ unread: 3 });

      const key = randomUUID();
      const read = await api.inject({ method: 'POST', url: `/notifications/${first.items[0].id}/read`, headers: { ...headers, 'idempotency-key': key } });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ id: first.items[0].id, read: true, readAt: expect.any(String) });
      const again = await api.inject({ method: 'POST', url: `/notifications/${first.items[0].id}/read`, headers: { ...headers, 'idempotency-key': key } });
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(read.json());
      expect((await api.inject({ method: 'GET', url: '/notifications/unread-count', headers })).json()).toEqual({ unread: 2 });
      expect((await api.inject({ method: 'GET', url: '/notifications?unread=true', headers })).json().items).toHaveLength(2);

      const foreign = await api.inject({ method: 'POST', url: `/notifications/${first.items[0].id}/read`, headers: { authorization: users.care.token, 'idempotency-key': randomUUID() } });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.headers['content-type']).toContain('application/problem+json');
      expect((await api.inject({ method: 'GET', url: '/notifications?cursor=nonsense', headers })).statusCode).toBe(400);

      // All read at once, once per Idempotency-Key; another user's stay unread.
      const careUnread = (await api.inject({ method: 'GET', url: '/notifications/unread-count', headers: { authorization: users.care.token } })).json().unread as number;
      const allKey = randomUUID();
      const all = await api.inject({ method: 'POST', url: '/notifications/read-all', headers: { ...headers, 'idempotency-key': allKey } });
      expect([all.statusCode, all.json()]).toEqual([200, { unread: 0 }]);
      const allAgain = await api.inject({ method: 'POST', url: '/notifications/read-all', headers: { ...headers, 'idempotency-key': allKey } });
      expect([allAgain.headers['idempotent-replayed'], allAgain.json()]).toEqual(['true', { unread: 0 }]);
      expect((await api.inject({ method: 'GET', url: '/notifications?unread=true', headers })).json().items).toEqual([]);
      expect((await api.inject({ method: 'GET', url: '/notifications', headers })).json().items.every((n: { read: boolean }) => n.read)).toBe(true);
      expect(careUnread).toBeGreaterThan(0);
      expect((await api.inject({ method: 'GET', url: '/notifications/unread-count', headers: { authorization: users.care.token } })).json()).toEqual({ unread: careUnread });
      expect((await api.inject({ method: 'POST', url: '/notifications/read-all', headers })).statusCode).toBe(400);
    });

    it('preferences: defaults, English by choice, a kind turned off or routed into the digest; bad input is 400', async () => {
      const headers = { authorization: users.otherCare.token };
      expect((await api.inject({ method: 'GET', url: '/notification-preferences', headers })).json()).toEqual({
        language: 'nl',
        kinds: { TASK_ASSIGNED: 'IMMEDIATE', TASK_REMINDER: 'IMMEDIATE', TASK_ESCALATED: 'IMMEDIATE', JOURNEY_ACT: 'IMMEDIATE' },
        dailyDigest: false,
      });
      const chosen = { language: 'en', kinds: { TASK_ASSIGNED: 'OFF', TASK_REMINDER: 'DIGEST', TASK_ESCALATED: 'IMMEDIATE', JOURNEY_ACT: 'IMMEDIATE' }, dailyDigest: false };
      const put = await api.inject({ method: 'PUT', url: '/notification-preferences', headers: { ...headers, 'idempotency-key': randomUUID() }, payload: chosen });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toEqual(chosen);
      const bad = await api.inject({ method: 'PUT', url: '/notification-preferences', headers: { ...headers, 'idempotency-key': randomUUID() }, payload: { ...chosen, kinds: { ...chosen.kinds, JOURNEY_ACT: 'SOMETIMES' } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toContain('JOURNEY_ACT');
    });

    it('a transfer tells both care providers, each in its own language (the new one chose English), the referring one by first name', async () => {
      const response = await p.post('coordinator', `/journeys/${candidateId}/transfer`, { careProviderId: otherCare });
      expect(response.statusCode).toBe(200);
      const [old] = await mailpit.expect(address('care'), 2).then((m) => m.slice(1));
      expect(old.subject).toBe('Traject overgedragen');
      expect(old.text).toContain(` van ${person.firstName}`); // it referred the young person: it may know the first name
      const [incoming] = await mailpit.expect(address('other-care'), 1);
      expect(incoming.subject).toBe('Journey transferred');
      expect(incoming.text).toContain(` for ${person.firstName}`);
      expectNoPersonalData([old, incoming], true);
    });

    it('a task handed to an organisation that takes no part in the journey: it is told, without any name', async () => {
      const unrelatedOrg = (await db.query('SELECT organisation_id FROM users WHERE id = $1', [users.unrelated.id])).rows[0].organisation_id as string;
      const taskId = (await p.get('e1', `/tasks?journey=${candidateId}&type=orientation.respond`)).json().items[0].taskId as string;
      const response = await p.post('coordinator', `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/reassign`, { organisationId: unrelatedOrg, role: 'employer', reasonCode: 'WRONG_PARTY' });
      expect(response.statusCode).toBe(200);
      const [mail, ...more] = await mailpit.expect(address('unrelated'), 1);
      expect(more).toEqual([]);
      expect(mail.subject).toMatch(/^Taak aan u overgedragen: /);
      expectNoPersonalData([mail], false);
    });

    it('no mail to anyone in this journey carries a last name, birth date or the situation', async () => {
      for (const who of ['coordinator', 'care', 'other-care', 'e1', 'e2']) expectNoPersonalData(await mailpit.to(address(who)), true);
      expectNoPersonalData(await mailpit.to(address('unrelated')), false);
    });
  });

  describe('reminders, escalations and the daily digest', () => {
    let parties: TestParties;
    let fastApi: NestFastifyApplication;
    const users: Record<string, { id: string; token: string }> = {};
    let journeys: JourneyClient;
    let closeTemporal: () => Promise<void>;

    beforeAll(async () => {
      // Six weeks in ~0.7 s: an intake task is due in ~0.1 s, reminded before and escalated after.
      fastApi = await startApi({ JOURNEY_TIME_SCALE: '0.0000002' });
      parties = await createParties(db);
      users.coordinator = await user(parties.municipalityId, ['coordinator'], 'digest-coordinator', address('digest-coordinator'));
      users.colleague = await user(parties.municipalityId, ['coordinator'], 'digest-colleague');
      users.care = await user(parties.careProviderId, ['support-worker'], 'digest-care');
      const temporal = await temporalClient();
      journeys = new JourneyClient(temporal.client, testRun().taskQueue);
      closeTemporal = temporal.close;
    });

    const startedAt = new Date();

    afterAll(async () => {
      await endJourneysStartedSince(startedAt);
      await fastApi?.close();
      await closeTemporal?.();
    });

    const refer = async (): Promise<string> => {
      const response = await fastApi.inject({
        method: 'POST',
        url: '/referrals',
        headers: { authorization: await bearer(fastApi, parties.careProviderId, ['support-worker'], 'digest-care'), 'idempotency-key': randomUUID() },
        payload: { municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, candidate: person, situation, consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' } },
      });
      expect(response.statusCode).toBe(201);
      return response.json().candidateId;
    };

    it('a task overdue gives one mail for the task, one reminder and one escalation, to the coordinator', async () => {
      const candidateId = await refer();
      const mails = (await mailpit.expect(address('digest-coordinator'), 3, 60000, 3000)).filter((m) => m.text.includes(candidateId));
      expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual(['Escalatie', 'Herinnering', 'Nieuwe taak']);
      expectNoPersonalData(mails, true);
    });

    it('the digest lists exactly the overdue tasks of the user (its organisation’s unclaimed ones and its own), once a day', async () => {
      await fastApi.inject({
        method: 'PUT',
        url: '/notification-preferences',
        headers: { authorization: users.coordinator.token, 'idempotency-key': randomUUID() },
        payload: { language: 'nl', kinds: { TASK_ASSIGNED: 'IMMEDIATE', TASK_REMINDER: 'IMMEDIATE', TASK_ESCALATED: 'IMMEDIATE', JOURNEY_ACT: 'IMMEDIATE' }, dailyDigest: true },
      });
      const mine = await refer();
      const colleagues = await refer();
      // The colleague claims the second journey's intake: it is no longer the coordinator's to see in its digest.
      const claim = await fastApi.inject({
        method: 'POST',
        url: `/journeys/${colleagues}/tasks/${encodeURIComponent('intake.accept#1')}/claim`,
        headers: { authorization: users.colleague.token, 'idempotency-key': randomUUID() },
      });
      expect(claim.statusCode).toBe(200);
      // Every intake task of this municipality is overdue by now (due in ~0.1 s). The digest, like
      // every read a person acts on, lists committed rows only: a referral's first rows are
      // confirmed by the notice dispatcher about a second after they are written, so wait for them.
      await new Promise((r) => setTimeout(r, 500));
      const journeysOfMunicipality = (await db.query(`SELECT DISTINCT candidate_id FROM human_tasks WHERE assignee_organisation_id = $1`, [parties.municipalityId])).rows.map((r) => r.candidate_id as string);
      await untilCommitted(db, journeysOfMunicipality);
      const expected = (
        await db.query(
          `SELECT candidate_id, task_id FROM human_tasks WHERE assignee_organisation_id = $1 AND status IN ('OPEN', 'CLAIMED') AND due_at < now()
             AND (assignee_user_id IS NULL OR assignee_user_id = 'digest-coordinator') AND ${committed('human_tasks')}`,
          [parties.municipalityId],
        )
      ).rows.map((r) => `/taken/${r.candidate_id}/${encodeURIComponent(r.task_id)}`);
      expect(expected).toContain(`/taken/${mine}/intake.accept%231`);
      expect(expected).not.toContain(`/taken/${colleagues}/intake.accept%231`);

      const before = (await mailpit.to(address('digest-coordinator'))).length;
      const asOf = new Date().toISOString();
      await journeys.runDigest(asOf, `digest-test-${randomUUID()}`);
      const [digest] = (await mailpit.expect(address('digest-coordinator'), before + 1)).filter((m) => m.subject.startsWith('Dagoverzicht'));
      expect(digest.subject).toMatch(new RegExp(`^Dagoverzicht .*: ${expected.length} ${expected.length === 1 ? 'taak' : 'taken'} te laat$`));
      const listed = [...digest.text.matchAll(/http:\/\/127\.0\.0\.1:3000(\/taken\/\S+)/g)].map((m) => m[1]);
      expect(listed.sort()).toEqual(expected.sort());
      expectNoPersonalData([digest], true);

      // The same day again (a retry, a second run): nothing more.
      await journeys.runDigest(asOf, `digest-test-${randomUUID()}`);
      await new Promise((r) => setTimeout(r, 2000));
      expect((await mailpit.to(address('digest-coordinator'))).filter((m) => m.subject.startsWith('Dagoverzicht'))).toHaveLength(1);
    });
  });

  it("a referral's notice is confirmed by the start's answer: told without the dispatcher asking the workflow to project again", async () => {
    const parties = await createParties(db);
    await user(parties.municipalityId, ['coordinator'], 'referral-coordinator', address('referral-coordinator'));
    const care = await user(parties.careProviderId, ['support-worker'], 'referral-care');
    const p = new HttpParties(api, { care: care.token });
    const candidateId = await p.refer('care', { municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, candidate: person, situation, consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' } });
    await mailpit.expect(address('referral-coordinator'), 1, 30000);
    expect((await db.query('SELECT count(*)::int AS n FROM journey_notices WHERE candidate_id = $1', [candidateId])).rows[0].n).toBe(0);
    // Past the dispatcher's confirmation delay: had nothing confirmed the notice, a reprojection would be in the history by now.
    await new Promise((r) => setTimeout(r, 3000));
    const { client, close } = await temporalClient();
    try {
      const { events } = await client.workflow.getHandle(`journey-${candidateId}`).fetchHistory();
      const updates = (events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean);
      expect(updates).toEqual(['journey.sync']);
    } finally {
      await close();
    }
  });

  describe('notices no Update answer confirms (a journey driven by timers, or a caller gone before the answer)', () => {
    it('are told once the dispatcher has the workflow confirm them: one mail, and no notify activity in the history', async () => {
      const parties = await createParties(db);
      await user(parties.municipalityId, ['coordinator'], 'confirm-coordinator', address('confirm-coordinator'));
      const { client, close } = await temporalClient();
      try {
        // Started straight at Temporal: no API answers an Update, so nothing but the dispatcher confirms the notice.
        const journey = await JourneyDriver.start(client, testRun().taskQueue, await createCandidate(db, parties), { municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, employerIds: [parties.employerId] });
        const mails = await mailpit.expect(address('confirm-coordinator'), 1, 30000, 3000);
        expect(mails).toHaveLength(1);
        expect(mails[0].text).toContain(journey.candidateId);
        expect((await db.query('SELECT count(*)::int AS n FROM journey_notices WHERE candidate_id = $1', [journey.candidateId])).rows[0].n).toBe(0);
        // The projection wrote the notice: no activity (and no workflow task of its own) told it.
        const { events } = await journey.handle.fetchHistory();
        expect((events ?? []).filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
      } finally {
        await close();
      }
    });
  });
});

function label(type: string): string {
  return taskDefinition(type as never).label.nl;
}
