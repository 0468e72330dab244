import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { pilotParties, pilotReferral } from '../support/pilot';
import { endJourneysStartedSince, sql, startApi, startWorker } from '../support/stack';

/**
 * The pilot, end to end over HTTP: six young people, two care providers, a school, three
 * employers and the municipality, each step done by the party that owns it.
 */
describe('the pilot, over HTTP', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let p: HttpParties;
  let org: Record<string, string>;

  const startedAt = new Date();

  beforeAll(async () => {
    // Journey time compressed: six weeks between evaluations take ~0.7 s.
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.0000002' }), sql()]);
    ({ org, p } = await pilotParties(api, db));
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const referral = (firstName: string, careProvider?: string) => pilotReferral(org, firstName, careProvider);

  async function connect(id: string): Promise<void> {
    await p.complete('municipality', id, 'intake.accept', PAYLOADS.accept);
    await p.complete('municipality', id, 'intake.meeting', PAYLOADS.meeting);
  }

  async function discover(id: string, care: string, employer: string): Promise<void> {
    await p.complete(care, id, 'profile.talents', PAYLOADS.talents);
    await p.complete('municipality', id, 'orientation.propose', PAYLOADS.propose(org[employer]));
    await p.complete(employer, id, 'orientation.respond', PAYLOADS.accepts);
    await p.complete(employer, id, 'orientation.feedback', PAYLOADS.feedback);
    await p.complete(care, id, 'orientation.feedback', PAYLOADS.feedback);
    await p.complete('municipality', id, 'discover.conclude', PAYLOADS.ready);
  }

  async function place(id: string, care: string, employer: string): Promise<void> {
    await p.complete(care, id, 'analyse.support-plan', PAYLOADS.supportPlan);
    await p.complete('municipality', id, 'analyse.match', PAYLOADS.match(org[employer]));
    await p.complete('municipality', id, 'analyse.decision', PAYLOADS.approve);
    await p.complete(employer, id, 'placement.offer', PAYLOADS.accepts);
    await Promise.all(['municipality', care, employer].map((who) => p.complete(who, id, 'placement.agreement', PAYLOADS.sign)));
    await p.complete(employer, id, 'placement.start', PAYLOADS.start);
  }

  async function evaluate(id: string, care: string, employer: string, continuePlacement = true): Promise<void> {
    await p.complete(employer, id, 'placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement });
    await p.complete(care, id, 'placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement });
  }

  it('six young people: one employer declines, one placement ends and loops back, two reach paid work', async () => {
    const [sanne, daan, fleur, milan, noor, jesse] = [
      await p.refer('careA', referral('Sanne', 'careA')),
      await p.refer('careA', referral('Daan', 'careA')),
      await p.refer('careB', referral('Fleur', 'careB')),
      await p.refer('careB', referral('Milan', 'careB')),
      await p.refer('school', referral('Noor', 'careA')),
      await p.refer('school', referral('Jesse')),
    ];

    await Promise.all([
      // Sanne: orientation, placement and paid work at the first employer.
      (async () => {
        await connect(sanne);
        await discover(sanne, 'careA', 'e1');
        await place(sanne, 'careA', 'e1');
        await evaluate(sanne, 'careA', 'e1');
        await evaluate(sanne, 'careA', 'e1');
        await p.complete('municipality', sanne, 'placement.outcome', PAYLOADS.paidWork);
      })(),
      // Daan: the second employer declines the orientation; the third takes him on, to paid work.
      (async () => {
        await connect(daan);
        await p.complete('careA', daan, 'profile.talents', PAYLOADS.talents);
        await p.complete('municipality', daan, 'orientation.propose', PAYLOADS.propose(org.e2));
        await p.complete('e2', daan, 'orientation.respond', PAYLOADS.declines);
        await p.complete('municipality', daan, 'orientation.propose', PAYLOADS.propose(org.e3));
        await p.complete('e3', daan, 'orientation.respond', PAYLOADS.accepts);
        await p.complete('e3', daan, 'orientation.feedback', PAYLOADS.feedback);
        await p.complete('careA', daan, 'orientation.feedback', PAYLOADS.feedback);
        await p.complete('municipality', daan, 'discover.conclude', PAYLOADS.ready);
        await place(daan, 'careA', 'e3');
        await evaluate(daan, 'careA', 'e3');
        await evaluate(daan, 'careA', 'e3');
        await p.complete('municipality', daan, 'placement.outcome', { decision: 'PAID_WORK', route: 'REGULAR_JOB' });
      })(),
      // Fleur: the placement ends after an evaluation -> back to discover.
      (async () => {
        await connect(fleur);
        await discover(fleur, 'careB', 'e1');
        await place(fleur, 'careB', 'e1');
        await evaluate(fleur, 'careB', 'e1', false);
        await p.complete('municipality', fleur, 'placement.outcome', PAYLOADS.end);
      })(),
      // Milan: in analyse.
      (async () => {
        await connect(milan);
        await discover(milan, 'careB', 'e2');
      })(),
      // Noor (referred by the school, supported by care provider A): in discover.
      connect(noor),
      // Jesse (referred by the school, no care provider): still at connect.
      Promise.resolve(),
    ]);

    const steps: Record<string, string> = {};
    for (const [name, id] of Object.entries({ sanne, daan, fleur, milan, noor, jesse })) {
      steps[name] = (await p.get('municipality', `/journeys/${id}`)).json().step;
    }
    expect(steps).toEqual({ sanne: 'PAID_WORK', daan: 'PAID_WORK', fleur: 'DISCOVER', milan: 'ANALYSE', noor: 'DISCOVER', jesse: 'CONNECT' });

    const { rows: paid } = await db.query(`SELECT route FROM journeys WHERE municipality_id = $1 AND step = 'PAID_WORK' ORDER BY route`, [org.municipality]);
    expect(paid).toEqual([{ route: 'JOBS_AGREEMENT' }, { route: 'REGULAR_JOB' }]);

    // The timeline shows every act with its actor: each completion by the party that owns the task.
    const owner: Record<string, string[]> = {
      'intake.accept': [org.municipality], 'intake.meeting': [org.municipality], 'profile.talents': [org.careA],
      'orientation.propose': [org.municipality], 'orientation.respond': [org.e1], 'orientation.feedback': [org.e1, org.careA],
      'discover.conclude': [org.municipality], 'analyse.support-plan': [org.careA], 'analyse.match': [org.municipality],
      'analyse.decision': [org.municipality], 'placement.offer': [org.e1], 'placement.agreement': [org.municipality, org.careA, org.e1],
      'placement.start': [org.e1], 'placement.evaluation': [org.e1, org.careA], 'placement.outcome': [org.municipality],
    };
    const timeline = (await p.get('municipality', `/journeys/${sanne}/timeline?limit=500`)).json().items as {
      type: string; actor: { organisationId: string; userName?: string }; data: { taskType?: string };
    }[];
    const completions = timeline.filter((e) => e.type === 'task.completed');
    expect(completions.length).toBe(21); // connect 2, discover 6, analyse 3, offer 1, agreements 3, start 1, evaluations 4, outcome 1
    for (const e of completions) {
      expect(owner[e.data.taskType!]).toContain(e.actor.organisationId);
      expect(e.actor.userName).toMatch(/-user$/); // the municipality sees who did it
    }
    const daanTimeline = (await p.get('municipality', `/journeys/${daan}/timeline?limit=500`)).json().items as { type: string; actor?: { organisationId: string }; data: Record<string, unknown> }[];
    expect(daanTimeline.some((e) => e.type === 'task.completed' && e.actor?.organisationId === org.e2 && e.data.decision === 'DECLINE')).toBe(true);
    const fleurTimeline = (await p.get('municipality', `/journeys/${fleur}/timeline?limit=500`)).json().items as { type: string; data: Record<string, unknown> }[];
    expect(fleurTimeline.some((e) => e.type === 'journey.moved' && e.data.to === 'DISCOVER' && e.data.reason === 'PLACEMENT_ENDED')).toBe(true);

    // Sanne is still at work after every follow-up: her journey completes, and its row says what
    // the workflow says (no current employer once closed), so a reconciliation finds nothing.
    for (let i = 0; i < 4; i++) await p.complete('careA', sanne, 'job.follow-up', PAYLOADS.employed);
    for (let status = ''; status !== 'COMPLETED'; await new Promise((r) => setTimeout(r, 100))) {
      status = (await p.get('municipality', `/journeys/${sanne}`)).json().status;
    }
    const { rows: [row] } = await db.query(`SELECT status, current_employer_id FROM journeys WHERE candidate_id = $1`, [sanne]);
    expect(row).toEqual({ status: 'COMPLETED', current_employer_id: null });
    const started = await p.post('municipality', '/pipeline/reconciliations', {});
    expect(started.statusCode).toBe(202);
    let report: { status: string; journeysChecked: number; driftFound: number };
    do {
      await new Promise((r) => setTimeout(r, 200));
      report = (await p.get('municipality', `/pipeline/reconciliations/${started.json().id}`)).json();
    } while (report.status !== 'DONE' && report.status !== 'FAILED');
    expect(report).toMatchObject({ status: 'DONE', journeysChecked: 6, driftFound: 0 });
  });
});
