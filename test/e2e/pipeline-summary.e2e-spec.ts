import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { PAYLOADS } from '../support/journey-driver';
import { CohortWriter, type ScriptedJourney } from '../support/pipeline-cohort';
import { parseCsv } from '../support/csv';
import { bearer, createParties, endJourneysStartedSince, sql, startApi, type TestParties } from '../support/stack';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

/**
 * A generated cohort of nine journeys whose every figure is known in advance: referred in
 * January (A1-A4) and February (A5-A9) 2023, driven by the journey state machine at scripted
 * times and written by the real projection. Days below are days after each referral.
 */
describe('pipeline monitoring: summary, drill-downs and CSV on a generated cohort', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let writer: CohortWriter;
  let m: TestParties;
  let foreign: TestParties;
  const org: Record<string, string> = {};
  const j: Record<string, ScriptedJourney> = {};
  const t: Record<string, string> = {};

  const JAN = '2023-01-02T09:00:00.000Z';
  const FEB = '2023-02-06T09:00:00.000Z';
  const day = (base: string, d: number): string => new Date(Date.parse(base) + d * 86_400_000).toISOString();

  beforeAll(async () => {
    [api, db, writer] = await Promise.all([startApi(), sql(), CohortWriter.open()]);
    [m, foreign] = [await createParties(db), await createParties(db)];
    Object.assign(org, { M: m.municipalityId, careA: m.careProviderId, S: m.schoolId, E1: m.employerId });
    for (const [name, type] of [['careB', OrganisationType.CARE_PROVIDER], ['E2', OrganisationType.EMPLOYER], ['E3', OrganisationType.EMPLOYER]] as const) {
      org[name] = randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], `Cohort ${name}, "test"`, type, m.municipalityId]);
    }
    t.coordinator = await bearer(api, org.M, ['coordinator']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
    t.municipalityClerk = await bearer(api, org.M, ['admin']);
    t.care = await bearer(api, org.careA, ['support-worker', 'coordinator']);
    t.employer = await bearer(api, org.E1, ['employer']);

    const refer = (care: string | undefined, referrer: string, at: string) =>
      writer.refer(db, { municipalityId: org.M, ...(care ? { careProviderId: org[care] } : {}), referrerOrganisationId: org[referrer] }, at);
    const { M, careA, careB, S, E1, E2, E3 } = org;

    // A1: all the way: paid work (JOBS_AGREEMENT) at day 75, still in work at 1, 3, 6 and 12 months, completed at day 436.
    j.A1 = await refer('careA', 'careA', JAN);
    await (await j.A1.at(2)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A1.at(5)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A1.at(8)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A1.at(9)).complete('orientation.propose', PAYLOADS.propose(E1));
    await (await j.A1.at(12)).complete('orientation.respond', PAYLOADS.accepts, E1);
    await (await j.A1.at(14)).complete('orientation.feedback', PAYLOADS.feedback, E1);
    await (await j.A1.at(15)).complete('orientation.feedback', PAYLOADS.feedback, careA);
    await (await j.A1.at(16)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A1.at(20)).complete('analyse.support-plan', PAYLOADS.supportPlan);
    await (await j.A1.at(22)).complete('analyse.match', PAYLOADS.match(E1));
    await (await j.A1.at(25)).complete('analyse.decision', PAYLOADS.approve);
    await (await j.A1.at(27)).complete('placement.offer', PAYLOADS.accepts, E1);
    await j.A1.at(28);
    for (const party of [M, careA, E1]) await j.A1.complete('placement.agreement', PAYLOADS.sign, party);
    await (await j.A1.at(30)).complete('placement.start', PAYLOADS.start);
    await (await j.A1.at(73)).complete('placement.evaluation', PAYLOADS.evaluation, E1); // the evaluation timer fired at day 72
    await j.A1.complete('placement.evaluation', PAYLOADS.evaluation, careA);
    await (await j.A1.at(75)).complete('placement.outcome', PAYLOADS.paidWork);
    for (const d of [106, 166, 256, 436]) await (await j.A1.at(d)).complete('job.follow-up', PAYLOADS.employed); // follow-ups at 105, 165, 255, 435

    // A2: E2 declines the orientation, E3 takes it; E3 declines the placement, E1 (the alternative) takes it;
    // the placement ends at day 62 -> back to discover, where the coordinator's task escalates (day 79).
    j.A2 = await refer('careA', 'careA', JAN);
    await (await j.A2.at(1)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A2.at(3)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A2.at(4)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A2.at(5)).complete('orientation.propose', PAYLOADS.propose(E2, E3));
    await (await j.A2.at(6)).complete('orientation.respond', PAYLOADS.declines, E2);
    await (await j.A2.at(7)).complete('orientation.respond', PAYLOADS.accepts, E3);
    await (await j.A2.at(8)).complete('orientation.feedback', PAYLOADS.feedback, E3);
    await (await j.A2.at(9)).complete('orientation.feedback', PAYLOADS.feedback, careA);
    await (await j.A2.at(10)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A2.at(12)).complete('analyse.support-plan', PAYLOADS.supportPlan);
    await (await j.A2.at(13)).complete('analyse.match', PAYLOADS.match(E3, [E1]));
    await (await j.A2.at(14)).complete('analyse.decision', PAYLOADS.approve);
    await (await j.A2.at(15)).complete('placement.offer', PAYLOADS.declines, E3);
    await (await j.A2.at(16)).complete('placement.offer', PAYLOADS.accepts, E1);
    await j.A2.at(17);
    for (const party of [M, careA, E1]) await j.A2.complete('placement.agreement', PAYLOADS.sign, party);
    await (await j.A2.at(18)).complete('placement.start', PAYLOADS.start);
    const stop = { ...PAYLOADS.evaluation, continuePlacement: false };
    await (await j.A2.at(61)).complete('placement.evaluation', stop, E1); // the evaluation timer fired at day 60
    await j.A2.complete('placement.evaluation', stop, careA);
    await (await j.A2.at(62)).complete('placement.outcome', PAYLOADS.end);
    await j.A2.at(80);

    // A3: in analyse; paused from day 13 to 20; the coordinator's match is open since day 21.
    j.A3 = await refer('careB', 'careB', JAN);
    await (await j.A3.at(2)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A3.at(4)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A3.at(6)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A3.at(7)).complete('orientation.propose', PAYLOADS.propose(E1));
    await (await j.A3.at(8)).complete('orientation.respond', PAYLOADS.accepts, E1);
    await (await j.A3.at(9)).complete('orientation.feedback', PAYLOADS.feedback, E1);
    await (await j.A3.at(10)).complete('orientation.feedback', PAYLOADS.feedback, careB);
    await (await j.A3.at(12)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A3.at(13)).act({ kind: 'Pause', actor: { organisationId: M } });
    await (await j.A3.at(20)).act({ kind: 'Resume', actor: { organisationId: M } });
    await (await j.A3.at(21)).complete('analyse.support-plan', PAYLOADS.supportPlan);

    // A4: referred by the school (no care provider), withdrawn in discover at day 10.
    j.A4 = await refer(undefined, 'S', JAN);
    await (await j.A4.at(3)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A4.at(6)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A4.at(10)).act({ kind: 'Withdraw', actor: { organisationId: S }, reasonCode: 'CONSENT_REVOKED' });

    // A5: the intake is rejected on day 1.
    j.A5 = await refer('careA', 'careA', FEB);
    await (await j.A5.at(1)).complete('intake.accept', { decision: 'REJECT', reasonCode: 'OUT_OF_SCOPE' });

    // A6: referred by the school, care provider B; paused in place (day 19) with E2's offer open.
    j.A6 = await refer('careB', 'S', FEB);
    await (await j.A6.at(2)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A6.at(5)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A6.at(7)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A6.at(8)).complete('orientation.propose', PAYLOADS.propose(E2));
    await (await j.A6.at(9)).complete('orientation.respond', PAYLOADS.accepts, E2);
    await (await j.A6.at(10)).complete('orientation.feedback', PAYLOADS.feedback, E2);
    await (await j.A6.at(11)).complete('orientation.feedback', PAYLOADS.feedback, careB);
    await (await j.A6.at(13)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A6.at(15)).complete('analyse.support-plan', PAYLOADS.supportPlan);
    await (await j.A6.at(16)).complete('analyse.match', { ...PAYLOADS.match(E2), proposedRoute: 'SHELTERED_WORK' });
    await (await j.A6.at(18)).complete('analyse.decision', PAYLOADS.approve);
    await (await j.A6.at(19)).act({ kind: 'Pause', actor: { organisationId: M }, reasonCode: 'ILLNESS' });

    // A7: referred, nothing since: the intake waits.
    j.A7 = await refer('careA', 'careA', FEB);

    // A8: paid work (REGULAR_JOB) at day 57; still in work at 1 month, not at 3 (day 150) -> back to discover.
    j.A8 = await refer('careB', 'careB', FEB);
    await (await j.A8.at(1)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A8.at(2)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A8.at(3)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A8.at(4)).complete('orientation.propose', PAYLOADS.propose(E3));
    await (await j.A8.at(5)).complete('orientation.respond', PAYLOADS.accepts, E3);
    await (await j.A8.at(6)).complete('orientation.feedback', PAYLOADS.feedback, E3);
    await (await j.A8.at(6, 2)).complete('orientation.feedback', PAYLOADS.feedback, careB);
    await (await j.A8.at(7)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A8.at(8)).complete('analyse.support-plan', PAYLOADS.supportPlan);
    await (await j.A8.at(9)).complete('analyse.match', { ...PAYLOADS.match(E3), proposedRoute: 'REGULAR_JOB' });
    await (await j.A8.at(10)).complete('analyse.decision', PAYLOADS.approve);
    await (await j.A8.at(11)).complete('placement.offer', PAYLOADS.accepts, E3);
    await j.A8.at(12);
    for (const party of [M, careB, E3]) await j.A8.complete('placement.agreement', PAYLOADS.sign, party);
    await (await j.A8.at(13)).complete('placement.start', PAYLOADS.start);
    await (await j.A8.at(56)).complete('placement.evaluation', PAYLOADS.evaluation, E3); // timer at day 55
    await j.A8.complete('placement.evaluation', PAYLOADS.evaluation, careB);
    await (await j.A8.at(57)).complete('placement.outcome', { decision: 'PAID_WORK', route: 'REGULAR_JOB' });
    await (await j.A8.at(88)).complete('job.follow-up', PAYLOADS.employed); // timer at day 87
    await (await j.A8.at(150)).complete('job.follow-up', PAYLOADS.jobEnded); // timer at day 147

    // A9: a placement running at E1 since day 14.
    j.A9 = await refer('careA', 'careA', FEB);
    await (await j.A9.at(1)).complete('intake.accept', PAYLOADS.accept);
    await (await j.A9.at(2)).complete('intake.meeting', PAYLOADS.meeting);
    await (await j.A9.at(3)).complete('profile.talents', PAYLOADS.talents);
    await (await j.A9.at(4)).complete('orientation.propose', PAYLOADS.propose(E1));
    await (await j.A9.at(5)).complete('orientation.respond', PAYLOADS.accepts, E1);
    await (await j.A9.at(6)).complete('orientation.feedback', PAYLOADS.feedback, E1);
    await (await j.A9.at(7)).complete('orientation.feedback', PAYLOADS.feedback, careA);
    await (await j.A9.at(8)).complete('discover.conclude', PAYLOADS.ready);
    await (await j.A9.at(9)).complete('analyse.support-plan', PAYLOADS.supportPlan);
    await (await j.A9.at(10)).complete('analyse.match', PAYLOADS.match(E1));
    await (await j.A9.at(11)).complete('analyse.decision', PAYLOADS.approve);
    await (await j.A9.at(12)).complete('placement.offer', PAYLOADS.accepts, E1);
    await j.A9.at(13);
    for (const party of [M, careA, E1]) await j.A9.complete('placement.agreement', PAYLOADS.sign, party);
    await (await j.A9.at(14)).complete('placement.start', PAYLOADS.start);

    // Another municipality's journey, in discover.
    const f = await writer.refer(db, { municipalityId: foreign.municipalityId, careProviderId: foreign.careProviderId, referrerOrganisationId: foreign.careProviderId }, JAN);
    await (await f.at(1)).complete('intake.accept', PAYLOADS.accept);
    await (await f.at(2)).complete('intake.meeting', PAYLOADS.meeting);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await writer?.close();
    await db?.end();
  });

  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });
  const summary = async (query = '') => {
    const response = await get('coordinator', `/pipeline/summary${query}`);
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const party = (id: string, name: string, journeys: number, bySteps: Record<string, number>, placed?: number) => ({
    organisationId: id,
    name,
    journeys,
    bySteps,
    ...(placed === undefined ? {} : { placed }),
  });
  const name = async (id: string): Promise<string> => (await db.query('SELECT name FROM organisations WHERE id = $1', [id])).rows[0].name;
  const flow = (step: string, visits: number, medianDays: number | null, p90Days: number | null) => ({ step, visits, medianDays, p90Days });
  const conversion = (counts: number[], rates: (number | null)[]) =>
    ['CONNECT', 'DISCOVER', 'ANALYSE', 'PLACE', 'PLACEMENT_RUNNING', 'PAID_WORK'].map((fromStep, i) => ({
      fromStep,
      toStep: ['DISCOVER', 'ANALYSE', 'PLACE', 'PLACEMENT_RUNNING', 'PAID_WORK', 'COMPLETED'][i],
      reachedFrom: counts[i],
      reachedTo: counts[i + 1],
      rate: rates[i],
    }));
  const outcomes = (o: Partial<Record<string, number>>) => ({
    orientations: 0, placementsStarted: 0, paidWorkReached: 0, inWorkAt3Months: 0, inWorkAt6Months: 0, inWorkAt12Months: 0,
    loopsBack: 0, pauses: 0, withdrawals: 0, exits: 0, completed: 0, ...o,
  });

  it('every figure of the whole cohort', async () => {
    const s = await summary();
    const names: Record<string, string> = {};
    for (const [k, id] of Object.entries(org)) names[k] = await name(id); // one query at a time per pg client
    expect(s).toEqual({
      municipalityId: org.M,
      generatedAt: expect.any(String),
      filters: {},
      journeys: { total: 9, open: 6, active: 5, paused: 1, completed: 1, withdrawn: 1, exited: 1 },
      bySteps: [
        { step: 'CONNECT', journeys: 1, active: 1, paused: 0 },
        { step: 'DISCOVER', journeys: 2, active: 2, paused: 0 },
        { step: 'ANALYSE', journeys: 1, active: 1, paused: 0 },
        { step: 'PLACE', journeys: 1, active: 0, paused: 1 },
        { step: 'PLACEMENT_RUNNING', journeys: 1, active: 1, paused: 0 },
        { step: 'PAID_WORK', journeys: 0, active: 0, paused: 0 },
      ],
      byPhases: [
        { phase: 'ANALYSE:ACTIVE', journeys: 1 },
        { phase: 'COMPLETED:COMPLETED', journeys: 1 },
        { phase: 'CONNECT:ACTIVE', journeys: 1 },
        { phase: 'CONNECT:EXITED', journeys: 1 },
        { phase: 'DISCOVER:ACTIVE', journeys: 2 },
        { phase: 'DISCOVER:WITHDRAWN', journeys: 1 },
        { phase: 'PLACE:PAUSED', journeys: 1 },
        { phase: 'PLACEMENT_RUNNING:ACTIVE', journeys: 1 },
      ],
      byCareProviders: expect.any(Array),
      bySchools: [party(org.S, names.S, 1, { PLACE: 1 })],
      byEmployers: expect.any(Array),
      byVenueKinds: [
        { venueKind: 'REGULAR_EMPLOYER', venues: 3, journeys: 7, placed: 1, bySteps: { ANALYSE: 1, DISCOVER: 4, PLACE: 1, PLACEMENT_RUNNING: 1 } },
        ...['SOCIAL_COOPERATIVE', 'SOCIAL_FIRM', 'FLEX_WORKSPACE'].map((venueKind) => ({ venueKind, venues: 0, journeys: 0, placed: 0, bySteps: {} })),
      ],
      conversion: conversion([9, 7, 6, 5, 4, 2, 1], [0.7778, 0.8571, 0.8333, 0.8, 0.5, 0.5]),
      flowTimes: [
        flow('CONNECT', 7, 4, 5.4),
        flow('DISCOVER', 6, 7.5, 9.5),
        flow('ANALYSE', 5, 4, 7.4),
        flow('PLACE', 4, 3.5, 4.7),
        flow('PLACEMENT_RUNNING', 3, 44, 44.8),
        flow('PAID_WORK', 2, 227, 334.2),
      ],
      tasks: expect.any(Array),
      outcomes: outcomes({ orientations: 6, placementsStarted: 4, paidWorkReached: 2, inWorkAt3Months: 1, inWorkAt6Months: 1, inWorkAt12Months: 1, loopsBack: 2, pauses: 2, withdrawals: 1, exits: 1, completed: 1 }),
      routes: [
        { route: 'JOBS_AGREEMENT', decided: 1, share: 0.5 },
        { route: 'REGULAR_JOB', decided: 1, share: 0.5 },
      ],
    });
    const byId = <T extends { organisationId: string }>(list: T[]) => [...list].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
    expect(byId(s.byCareProviders)).toEqual(
      byId([party(org.careA, names.careA, 3, { CONNECT: 1, DISCOVER: 1, PLACEMENT_RUNNING: 1 }), party(org.careB, names.careB, 3, { DISCOVER: 1, ANALYSE: 1, PLACE: 1 })]),
    );
    expect(byId(s.byEmployers)).toEqual(
      byId([
        party(org.E1, names.E1, 3, { DISCOVER: 1, ANALYSE: 1, PLACEMENT_RUNNING: 1 }, 1),
        party(org.E2, names.E2, 2, { DISCOVER: 1, PLACE: 1 }, 0),
        party(org.E3, names.E3, 2, { DISCOVER: 2 }, 0),
      ]),
    );
    // Open tasks: the coordinator's propose (A2, escalated), match (A3), intake (A7) and propose (A8); E2's offer (A6, paused).
    expect(byId(s.tasks)).toEqual(
      byId([
        { organisationId: org.M, name: names.M, organisationType: 'MUNICIPALITY', open: 4, overdue: 4, escalated: 1 },
        { organisationId: org.E2, name: names.E2, organisationType: 'EMPLOYER', open: 1, overdue: 1, escalated: 0 },
      ]),
    );
  });

  it('filters: referral cohort, care provider, employer', async () => {
    const jan = await summary('?cohort=2023-01');
    expect(jan.filters).toEqual({ cohort: '2023-01' });
    expect(jan.journeys).toEqual({ total: 4, open: 2, active: 2, paused: 0, completed: 1, withdrawn: 1, exited: 0 });
    expect(jan.conversion.map((c: { reachedFrom: number }) => c.reachedFrom)).toEqual([4, 4, 3, 2, 2, 1]);
    expect(jan.outcomes).toEqual(outcomes({ orientations: 3, placementsStarted: 2, paidWorkReached: 1, inWorkAt3Months: 1, inWorkAt6Months: 1, inWorkAt12Months: 1, loopsBack: 1, pauses: 1, withdrawals: 1, completed: 1 }));
    expect(jan.routes).toEqual([{ route: 'JOBS_AGREEMENT', decided: 1, share: 1 }]);
    expect(jan.bySchools).toEqual([]);

    const careB = await summary(`?careProvider=${org.careB}`);
    expect(careB.journeys).toEqual({ total: 3, open: 3, active: 2, paused: 1, completed: 0, withdrawn: 0, exited: 0 });
    expect(careB.byCareProviders.map((p: { organisationId: string }) => p.organisationId)).toEqual([org.careB]);
    expect(careB.routes).toEqual([{ route: 'REGULAR_JOB', decided: 1, share: 1 }]);
    expect(careB.flowTimes.find((f: { step: string }) => f.step === 'PAID_WORK')).toEqual(flow('PAID_WORK', 1, 93, 93));

    const e1 = await summary(`?employer=${org.E1}`);
    expect(e1.journeys).toEqual({ total: 4, open: 3, active: 3, paused: 0, completed: 1, withdrawn: 0, exited: 0 });
    expect(e1.outcomes.placementsStarted).toBe(3);

    const both = await summary(`?cohort=2023-02&careProvider=${org.careA}`);
    expect(both.journeys).toEqual({ total: 3, open: 2, active: 2, paused: 0, completed: 0, withdrawn: 0, exited: 1 });
  });

  it('the aggregates equal their recomputation, and the whole municipality is the sum of its two cohorts', async () => {
    // Both come from the triggers' aggregates, kept per referral month; each cohort's figures are asserted above.
    expect((await db.query('SELECT aggregate, differing FROM pipeline_aggregates_drift($1) WHERE differing <> 0', [org.M])).rows).toEqual([]);
    const [all, jan, feb] = [await summary(), await summary('?cohort=2023-01'), await summary('?cohort=2023-02')];
    const add = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + b[k]]));
    expect(all.journeys).toEqual(add(jan.journeys, feb.journeys));
    expect(all.outcomes).toEqual(add(jan.outcomes, feb.outcomes));
    const perStep = (s: { bySteps: { step: string; journeys: number; active: number; paused: number }[] }) => s.bySteps;
    expect(perStep(all)).toEqual(perStep(jan).map((r, i) => ({ ...r, ...add(r as never, perStep(feb)[i] as never), step: r.step })));
    expect(all.conversion.map((c: { reachedFrom: number }) => c.reachedFrom)).toEqual(
      jan.conversion.map((c: { reachedFrom: number }, i: number) => c.reachedFrom + feb.conversion[i].reachedFrom),
    );
    expect(all.flowTimes.map((f: { visits: number }) => f.visits)).toEqual(jan.flowTimes.map((f: { visits: number }, i: number) => f.visits + feb.flowTimes[i].visits));
    const tasks = (list: { organisationId: string; open: number; overdue: number; escalated: number }[]) =>
      list.reduce((sum, r) => ({ open: sum.open + r.open, overdue: sum.overdue + r.overdue, escalated: sum.escalated + r.escalated }), { open: 0, overdue: 0, escalated: 0 });
    expect(tasks(all.tasks)).toEqual(add(tasks(jan.tasks), tasks(feb.tasks)));
    expect(tasks(all.tasks).open).toBeGreaterThan(0);
  });

  it('the period selects when things happened: arrivals, steps left, outcomes', async () => {
    const s = await summary('?from=2023-02-06&to=2023-02-28');
    expect(s.filters).toEqual({ from: '2023-02-06', to: '2023-02-28' });
    expect(s.journeys.total).toBe(9); // the counts of now are not period-bound
    expect(s.conversion).toEqual(conversion([5, 3, 3, 3, 2, 0, 0], [0.6, 1, 1, 0.6667, 0, null]));
    expect(s.flowTimes).toEqual([
      flow('CONNECT', 3, 2, 4.4),
      flow('DISCOVER', 3, 6, 7.6),
      flow('ANALYSE', 3, 3, 4.6),
      flow('PLACE', 2, 3, 3),
      flow('PLACEMENT_RUNNING', 0, null, null),
      flow('PAID_WORK', 0, null, null),
    ]);
    expect(s.outcomes).toEqual(outcomes({ orientations: 3, placementsStarted: 2, pauses: 1, exits: 1 }));
    expect(s.routes).toEqual([]);
    // One day: A5's rejection (day 1 of February's cohort) and nothing else.
    expect((await summary('?from=2023-02-07&to=2023-02-07')).outcomes).toEqual(outcomes({ exits: 1, orientations: 0 }));
  });

  it('stuck journeys: active, no progress for N days, oldest first, paginated, with the timeline link', async () => {
    const all = (await get('coordinator', '/pipeline/stuck-journeys?days=14&limit=200')).json();
    expect(all.items.map((i: { candidateId: string }) => i.candidateId)).toEqual([j.A3, j.A7, j.A9, j.A2, j.A8].map((x) => x.candidateId));
    expect(all.nextCursor).toBeUndefined();
    expect(all.items[0]).toEqual({
      candidateId: j.A3.candidateId,
      step: 'ANALYSE',
      phase: 'ANALYSE:ACTIVE',
      careProviderId: org.careB,
      referredAt: JAN,
      lastProgressAt: day(JAN, 21),
      daysWithoutProgress: Math.floor((Date.now() - Date.parse(day(JAN, 21))) / 86_400_000),
      openTasks: 1,
      overdueTasks: 1,
      waitingOn: [org.M],
      timeline: `/journeys/${j.A3.candidateId}/timeline`,
    });
    expect(all.items[2]).toMatchObject({ candidateId: j.A9.candidateId, step: 'PLACEMENT_RUNNING', currentEmployerId: org.E1, openTasks: 0, waitingOn: [] });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = (await get('coordinator', `/pipeline/stuck-journeys?days=14&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      pages.push(page.items.map((i: { candidateId: string }) => i.candidateId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([[j.A3, j.A7], [j.A9, j.A2], [j.A8]].map((p) => p.map((x) => x.candidateId)));

    expect((await get('coordinator', '/pipeline/stuck-journeys?days=3650')).json().items).toEqual([]);
    expect((await get('coordinator', `/pipeline/stuck-journeys?careProvider=${org.careB}`)).json().items.map((i: { candidateId: string }) => i.candidateId)).toEqual([
      j.A3.candidateId,
      j.A8.candidateId,
    ]);
    // The timeline behind the link is the coordinator's to read.
    expect((await get('coordinator', all.items[0].timeline)).statusCode).toBe(200);
  });

  it('overdue tasks by party: longest overdue first, paginated, with the timeline link', async () => {
    const all = (await get('coordinator', '/pipeline/overdue-tasks?limit=200')).json();
    expect(all.items.map((i: { candidateId: string; type: string }) => [i.candidateId, i.type])).toEqual([
      [j.A3.candidateId, 'analyse.match'],
      [j.A7.candidateId, 'intake.accept'],
      [j.A6.candidateId, 'placement.offer'],
      [j.A2.candidateId, 'orientation.propose'],
      [j.A8.candidateId, 'orientation.propose'],
    ]);
    expect(all.items[2]).toEqual({
      candidateId: j.A6.candidateId,
      taskId: expect.stringMatching(/^placement\.offer#\d+$/),
      type: 'placement.offer',
      step: 'PLACE',
      assigneeOrganisationId: org.E2,
      assigneeName: await name(org.E2),
      assigneeRole: 'employer',
      dueAt: day(FEB, 25),
      daysOverdue: Math.floor((Date.now() - Date.parse(day(FEB, 25))) / 86_400_000),
      escalated: false,
      timeline: `/journeys/${j.A6.candidateId}/timeline`,
    });
    expect(all.items[3]).toMatchObject({ escalated: true, assigneeOrganisationId: org.M, dueAt: day(JAN, 76) });

    expect((await get('coordinator', `/pipeline/overdue-tasks?party=${org.E2}`)).json().items.map((i: { candidateId: string }) => i.candidateId)).toEqual([j.A6.candidateId]);
    const first = (await get('coordinator', `/pipeline/overdue-tasks?party=${org.M}&limit=3`)).json();
    const second = (await get('coordinator', `/pipeline/overdue-tasks?party=${org.M}&limit=3&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: { candidateId: string }) => i.candidateId)).toEqual([j.A3, j.A7, j.A2, j.A8].map((x) => x.candidateId));
    expect(second.nextCursor).toBeUndefined();
  });

  it('CSV: the summary and every list, parsed back, say what the JSON says', async () => {
    const response = await get('coordinator', '/pipeline/summary.csv?cohort=2023-02');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pipeline-summary.csv"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(response.body);
    expect(rows[0]).toEqual(['section', 'key', 'name', 'measure', 'value']);
    const s = await summary('?cohort=2023-02');
    const value = (section: string, key: string, measure: string): string | undefined => rows.find((r) => r[0] === section && r[1] === key && r[3] === measure)?.[4];
    for (const [measure, n] of Object.entries(s.journeys)) expect(value('journeys', 'all', measure)).toBe(String(n));
    for (const r of s.bySteps) expect(value('step', r.step, 'journeys')).toBe(String(r.journeys));
    for (const r of s.byPhases) expect(value('phase', r.phase, 'journeys')).toBe(String(r.journeys));
    for (const c of s.conversion) expect(value('conversion', `${c.fromStep}>${c.toStep}`, 'rate')).toBe(c.rate === null ? '' : String(c.rate));
    for (const f of s.flowTimes) expect([f.step, value('flow_time', f.step, 'median_days'), value('flow_time', f.step, 'p90_days')]).toEqual([f.step, f.medianDays === null ? '' : String(f.medianDays), f.p90Days === null ? '' : String(f.p90Days)]);
    for (const [measure, n] of Object.entries(s.outcomes)) expect(value('outcome', measure, 'count')).toBe(String(n));
    for (const r of s.routes) expect([value('route', r.route, 'decided'), value('route', r.route, 'share')]).toEqual([String(r.decided), String(r.share)]);
    for (const p of s.byCareProviders) {
      expect(rows.find((r) => r[0] === 'care_provider' && r[1] === p.organisationId && r[3] === 'journeys')).toEqual(['care_provider', p.organisationId, p.name, 'journeys', String(p.journeys)]);
    }
    // Names with commas and quotes survive the round trip.
    expect(rows.some((r) => r[2] === `Cohort careB, "test"`)).toBe(true);
    expect(rows.filter((r) => r[0] === 'tasks')).toEqual(
      s.tasks.flatMap((t: { organisationId: string; name: string; open: number; overdue: number; escalated: number }) =>
        (['open', 'overdue', 'escalated'] as const).map((m) => ['tasks', t.organisationId, t.name, m, String(t[m])]),
      ),
    );
    expect(rows.length).toBe(
      1 + 7 + 6 * 3 + s.byPhases.length + 6 * 3 + 6 * 3 + 11 + s.routes.length * 2 + s.tasks.length * 3 +
        [...s.byCareProviders, ...s.bySchools, ...s.byEmployers].reduce((n: number, p: PartyRow) => n + 1 + (p.placed === undefined ? 0 : 1) + Object.keys(p.bySteps).length, 0) +
        s.byVenueKinds.reduce((n: number, v: { bySteps: object }) => n + 3 + Object.keys(v.bySteps).length, 0),
    );

    const stuck = await get('coordinator', '/pipeline/stuck-journeys.csv?days=14');
    const stuckRows = parseCsv(stuck.body);
    const stuckJson = (await get('coordinator', '/pipeline/stuck-journeys?days=14&limit=200')).json().items;
    expect(stuckRows[0]).toEqual(['candidate_id', 'step', 'phase', 'care_provider_id', 'current_employer_id', 'referred_at', 'last_progress_at', 'days_without_progress', 'open_tasks', 'overdue_tasks', 'waiting_on', 'timeline']);
    expect(stuckRows.slice(1)).toEqual(
      stuckJson.map((i: Record<string, unknown>) => [
        i.candidateId, i.step, i.phase, i.careProviderId ?? '', i.currentEmployerId ?? '', i.referredAt, i.lastProgressAt, String(i.daysWithoutProgress),
        String(i.openTasks), String(i.overdueTasks), (i.waitingOn as string[]).join(' '), i.timeline,
      ]),
    );
    const stuckPage = await get('coordinator', '/pipeline/stuck-journeys.csv?days=14&limit=2');
    expect(parseCsv(stuckPage.body).length).toBe(3);
    expect(stuckPage.headers.link).toMatch(/^<\/pipeline\/stuck-journeys\.csv\?days=14&limit=2&cursor=[A-Za-z0-9_-]+>; rel="next"$/);

    const overdue = parseCsv((await get('coordinator', `/pipeline/overdue-tasks.csv?party=${org.M}`)).body);
    const overdueJson = (await get('coordinator', `/pipeline/overdue-tasks?party=${org.M}`)).json().items;
    expect(overdue.slice(1)).toEqual(
      overdueJson.map((i: Record<string, unknown>) => [
        i.candidateId, i.taskId, i.type, i.step, i.assigneeOrganisationId, i.assigneeName, i.assigneeRole, i.dueAt, String(i.daysOverdue), String(i.escalated), i.timeline,
      ]),
    );
    // No personal data: the cohort's candidates are all called "Cohort Member".
    for (const body of [response.body, stuck.body]) expect(body).not.toMatch(/Cohort Member|Member|2006-01-01/);
  });

  it('CSV for Dutch Excel (locale=nl): semicolons, a BOM, Dutch headers and names, decimal commas; the same figures as the JSON', async () => {
    const response = await get('coordinator', '/pipeline/summary.csv?cohort=2023-02&locale=nl');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pijplijn.csv"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(response.rawPayload.toString('utf8'), ';');
    expect(rows[0]).toEqual(['Onderdeel', 'Code', 'Naam', 'Maat', 'Waarde']);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    const english = parseCsv((await get('coordinator', '/pipeline/summary.csv?cohort=2023-02')).body);
    expect(rows.length).toBe(english.length);
    const s = await summary('?cohort=2023-02');
    const decimal = (n: number | null): string => (n === null ? '' : String(n).replace('.', ','));
    const value = (section: string, key: string, measure: string): string | undefined => rows.find((r) => r[0] === section && r[1] === key && r[3] === measure)?.[4];
    expect(value('trajecten', 'all', 'totaal')).toBe(String(s.journeys.total));
    expect(value('trajecten', 'all', 'ingetrokken')).toBe(String(s.journeys.withdrawn));
    for (const r of s.bySteps) expect(value('stap', r.step, 'trajecten')).toBe(String(r.journeys));
    const rates = s.conversion.filter((c: { rate: number | null }) => c.rate !== null && !Number.isInteger(c.rate));
    expect(rates.length).toBeGreaterThan(0);
    for (const c of s.conversion) {
      expect(value('doorstroom', `${c.fromStep}>${c.toStep}`, 'doorstroom (fractie)')).toBe(decimal(c.rate));
      expect(value('doorstroom', `${c.fromStep}>${c.toStep}`, 'bereikten de eerste stap')).toBe(String(c.reachedFrom));
    }
    expect(rows.find((r) => r[1] === 'CONNECT>DISCOVER')?.[2]).toBe('verbinden → ontdekken');
    for (const f of s.flowTimes) expect(value('dagen per stap', f.step, 'mediaan (dagen)')).toBe(decimal(f.medianDays));
    for (const [measure, n] of Object.entries(s.outcomes)) expect(value('uitkomst', measure, 'aantal')).toBe(String(n));
    expect(rows.find((r) => r[0] === 'uitkomst' && r[1] === 'withdrawals')?.[2]).toBe('ingetrokken');
    for (const p of s.byCareProviders) expect(value('zorgaanbieder', p.organisationId, 'trajecten')).toBe(String(p.journeys));
    for (const p of s.byEmployers) expect(value('werkgever', p.organisationId, 'trajecten')).toBe(String(p.journeys));
    // Names with commas, quotes and semicolons' neighbours survive; no English section or measure is left.
    expect(rows.some((r) => r[2] === `Cohort careB, "test"`)).toBe(true);
    const sections = new Set(rows.slice(1).map((r) => r[0]));
    expect([...sections].filter((x) => /^(journeys|step|phase|care_provider|employer|venue_kind|conversion|flow_time|tasks|outcome)$/.test(x))).toEqual([]);
    expect((await get('coordinator', '/pipeline/summary.csv?locale=de')).statusCode).toBe(400);

    // The lists too: Dutch headers, semicolons, the same rows as the JSON; the next page keeps the locale.
    const stuck = parseCsv((await get('coordinator', '/pipeline/stuck-journeys.csv?days=14&locale=nl')).rawPayload.toString('utf8'), ';');
    expect(stuck[0]).toEqual(['jongere (id)', 'stap', 'fase', 'zorgaanbieder (id)', 'werkgever nu (id)', 'aangemeld op', 'laatste voortgang', 'dagen zonder voortgang', 'open taken', 'te late taken', 'wacht op (ids)', 'tijdlijn']);
    const stuckJson = (await get('coordinator', '/pipeline/stuck-journeys?days=14&limit=200')).json().items;
    expect(stuck.slice(1).map((r) => [r[0], r[7]])).toEqual(stuckJson.map((i: { candidateId: string; daysWithoutProgress: number }) => [i.candidateId, String(i.daysWithoutProgress)]));
    expect((await get('coordinator', '/pipeline/stuck-journeys.csv?days=14&limit=2&locale=nl')).headers.link).toMatch(/locale=nl&cursor=/);
    const overdue = parseCsv((await get('coordinator', `/pipeline/overdue-tasks.csv?party=${org.M}&locale=nl`)).rawPayload.toString('utf8'), ';');
    expect(overdue[0]).toEqual(['jongere (id)', 'taak (id)', 'soort taak', 'stap', 'organisatie (id)', 'organisatie', 'rol', 'uiterlijk op', 'dagen te laat', 'opgeschaald', 'tijdlijn']);
    const overdueJson = (await get('coordinator', `/pipeline/overdue-tasks?party=${org.M}&limit=200`)).json().items;
    expect(overdue.slice(1).map((r) => [r[1], r[9]])).toEqual(overdueJson.map((i: { taskId: string; escalated: boolean }) => [i.taskId, i.escalated ? 'ja' : 'nee']));
  });

  it("another municipality's coordinator sees none of it; other roles and parties may not look", async () => {
    const s = (await get('foreign', '/pipeline/summary')).json();
    expect(s.municipalityId).toBe(foreign.municipalityId);
    expect(s.journeys.total).toBe(1);
    const ownIds = [org.M, org.careA, org.careB, org.S, org.E1, org.E2, org.E3, ...Object.values(j).map((x) => x.candidateId)];
    for (const url of ['/pipeline/summary', `/pipeline/summary?careProvider=${org.careB}`, `/pipeline/summary?employer=${org.E1}`, '/pipeline/summary.csv', '/pipeline/stuck-journeys?days=1', '/pipeline/overdue-tasks', `/pipeline/overdue-tasks.csv?party=${org.M}`]) {
      const response = await get('foreign', url);
      expect([url, response.statusCode]).toEqual([url, 200]);
      // (the filters echo what the caller asked for; left out)
      const body = url.includes('.csv') ? response.body : JSON.stringify({ ...response.json(), filters: undefined });
      for (const id of ownIds) expect(body).not.toContain(id);
    }
    const filtered = (await get('foreign', `/pipeline/summary?careProvider=${org.careB}`)).json();
    expect(filtered.journeys.total).toBe(0);
    expect((await get('foreign', `/pipeline/overdue-tasks?party=${org.M}`)).json().items).toEqual([]);

    for (const who of ['municipalityClerk', 'care', 'employer']) {
      for (const url of ['/pipeline/summary', '/pipeline/summary.csv', '/pipeline/stuck-journeys', '/pipeline/overdue-tasks.csv', '/pipeline/reconciliations']) {
        const response = await get(who, url);
        expect([who, url, response.statusCode, response.headers['content-type']]).toEqual([who, url, 403, expect.stringContaining('application/problem+json')]);
      }
    }
    expect((await api.inject({ method: 'GET', url: '/pipeline/summary' })).statusCode).toBe(401);
  });

  it.each([
    ['/pipeline/summary?from=2023-02-30', 'from'],
    ['/pipeline/summary?to=yesterday', 'to'],
    ['/pipeline/summary?from=2023-03-01&to=2023-02-01', 'to'],
    ['/pipeline/summary?cohort=2023-13', 'cohort'],
    ['/pipeline/summary?careProvider=not-a-uuid', 'careProvider'],
    ['/pipeline/summary.csv?employer=1', 'employer'],
    ['/pipeline/summary?region=west', 'region'],
    ['/pipeline/stuck-journeys?days=0', 'days'],
    ['/pipeline/stuck-journeys?days=ten', 'days'],
    ['/pipeline/stuck-journeys?limit=201', 'limit'],
    ['/pipeline/stuck-journeys.csv?limit=10001', 'limit'],
    ['/pipeline/stuck-journeys?cursor=bm90IGpzb24', 'cursor'],
    ['/pipeline/overdue-tasks?cursor=WyJ4Il0', 'cursor'],
    ['/pipeline/overdue-tasks?party=x', 'party'],
    ['/pipeline/reconciliations/not-a-uuid', 'id'],
    ['/pipeline/reconciliations?limit=-1', 'limit'],
  ])('bad input %s -> 400 naming %s', async (url, field) => {
    const response = await get('coordinator', url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});

interface PartyRow {
  placed?: number;
  bySteps: Record<string, number>;
}
