import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { parseCsv } from '../support/csv';
import { HttpParties } from '../support/http-driver';
import { PAYLOADS } from '../support/journey-driver';
import { pilotParties, pilotReferral } from '../support/pilot';
import { endJourneysStartedSince, sql, startApi, startWorker } from '../support/stack';

/**
 * The pilot's six young people driven over HTTP by the parties themselves (real workflows, time
 * compressed), then paused by the coordinator so nothing moves while the pipeline is read. Each
 * figure is asserted: counts as the pilot's story has them, flow times as the timelines say,
 * task figures as the parties' own inboxes say.
 */
describe('pipeline monitoring on the pilot, over HTTP', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let p: HttpParties;
  let org: Record<string, string>;
  const ids: Record<string, string> = {};

  const startedAt = new Date();

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.0000002' }), sql()]);
    ({ org, p } = await pilotParties(api, db));

    const referral = (firstName: string, careProvider?: string) => pilotReferral(org, firstName, careProvider);
    const connect = async (id: string) => {
      await p.complete('municipality', id, 'intake.accept', PAYLOADS.accept);
      await p.complete('municipality', id, 'intake.meeting', PAYLOADS.meeting);
    };
    const orientation = async (id: string, care: string, employer: string) => {
      await p.complete('municipality', id, 'orientation.propose', PAYLOADS.propose(org[employer]));
      await p.complete(employer, id, 'orientation.respond', PAYLOADS.accepts);
      await p.complete(employer, id, 'orientation.feedback', PAYLOADS.feedback);
      await p.complete(care, id, 'orientation.feedback', PAYLOADS.feedback);
      await p.complete('municipality', id, 'discover.conclude', PAYLOADS.ready);
    };
    const place = async (id: string, care: string, employer: string) => {
      await p.complete(care, id, 'analyse.support-plan', PAYLOADS.supportPlan);
      await p.complete('municipality', id, 'analyse.match', PAYLOADS.match(org[employer]));
      await p.complete('municipality', id, 'analyse.decision', PAYLOADS.approve);
      await p.complete(employer, id, 'placement.offer', PAYLOADS.accepts);
      await Promise.all(['municipality', care, employer].map((who) => p.complete(who, id, 'placement.agreement', PAYLOADS.sign)));
      await p.complete(employer, id, 'placement.start', PAYLOADS.start);
    };
    const evaluate = async (id: string, care: string, employer: string, continuePlacement = true) => {
      await p.complete(employer, id, 'placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement });
      await p.complete(care, id, 'placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement });
    };

    ids.sanne = await p.refer('careA', referral('Sanne', 'careA'));
    ids.daan = await p.refer('careA', referral('Daan', 'careA'));
    ids.fleur = await p.refer('careB', referral('Fleur', 'careB'));
    ids.milan = await p.refer('careB', referral('Milan', 'careB'));
    ids.noor = await p.refer('school', referral('Noor', 'careA'));
    ids.jesse = await p.refer('school', referral('Jesse'));
    await Promise.all([
      (async () => {
        await connect(ids.sanne);
        await p.complete('careA', ids.sanne, 'profile.talents', PAYLOADS.talents);
        await orientation(ids.sanne, 'careA', 'e1');
        await place(ids.sanne, 'careA', 'e1');
        await evaluate(ids.sanne, 'careA', 'e1');
        await evaluate(ids.sanne, 'careA', 'e1');
        await p.complete('municipality', ids.sanne, 'placement.outcome', PAYLOADS.paidWork);
      })(),
      (async () => {
        await connect(ids.daan);
        await p.complete('careA', ids.daan, 'profile.talents', PAYLOADS.talents);
        await p.complete('municipality', ids.daan, 'orientation.propose', PAYLOADS.propose(org.e2));
        await p.complete('e2', ids.daan, 'orientation.respond', PAYLOADS.declines);
        await orientation(ids.daan, 'careA', 'e3');
        await place(ids.daan, 'careA', 'e3');
        await evaluate(ids.daan, 'careA', 'e3');
        await evaluate(ids.daan, 'careA', 'e3');
        await p.complete('municipality', ids.daan, 'placement.outcome', { decision: 'PAID_WORK', route: 'REGULAR_JOB' });
      })(),
      (async () => {
        await connect(ids.fleur);
        await p.complete('careB', ids.fleur, 'profile.talents', PAYLOADS.talents);
        await orientation(ids.fleur, 'careB', 'e1');
        await place(ids.fleur, 'careB', 'e1');
        await evaluate(ids.fleur, 'careB', 'e1', false);
        await p.complete('municipality', ids.fleur, 'placement.outcome', PAYLOADS.end);
      })(),
      (async () => {
        await connect(ids.milan);
        await p.complete('careB', ids.milan, 'profile.talents', PAYLOADS.talents);
        await orientation(ids.milan, 'careB', 'e2');
      })(),
      connect(ids.noor),
    ]);
    // The coordinator pauses every journey: timers stand still, so the pipeline holds still while read.
    for (const id of Object.values(ids)) {
      const response = await api.inject({ method: 'POST', url: `/journeys/${id}/pause`, headers: { authorization: p.tokens.municipality, 'idempotency-key': randomUUID() }, payload: {} });
      expect(response.statusCode).toBe(200);
    }
    // Due dates are fractions of a second in compressed time: wait until every open task is past its own.
    for (;;) {
      const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM human_tasks WHERE candidate_id = ANY ($1) AND status IN ('OPEN', 'CLAIMED') AND due_at >= now()`, [Object.values(ids)]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  /** The journey's timeline over HTTP, every page. */
  async function timeline(id: string): Promise<{ type: string; occurredAt: string; data: Record<string, unknown> }[]> {
    const items: { type: string; occurredAt: string; data: Record<string, unknown> }[] = [];
    let after: number | undefined;
    do {
      const page = (await p.get('municipality', `/journeys/${id}/timeline?limit=200${after ? `&after=${after}` : ''}`)).json();
      items.push(...page.items);
      after = page.nextCursor;
    } while (after);
    return items;
  }

  /** percentile_cont: linear between the closest ranks. */
  const percentile = (sorted: number[], q: number): number => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo] + (pos - lo) * ((sorted[Math.ceil(pos)] ?? sorted[lo]) - sorted[lo]);
  };
  const round2 = (n: number): number => Math.round(n * 100) / 100;

  it("every figure of the pilot's summary", async () => {
    const response = await p.get('municipality', '/pipeline/summary');
    expect(response.statusCode).toBe(200);
    const s = response.json();
    const bySteps = (list: { organisationId: string; journeys: number; bySteps: Record<string, number>; placed?: number }[]) =>
      Object.fromEntries(list.map((x) => [x.organisationId, { journeys: x.journeys, bySteps: x.bySteps, ...(x.placed === undefined ? {} : { placed: x.placed }) }]));

    expect(s.journeys).toEqual({ total: 6, open: 6, active: 0, paused: 6, completed: 0, withdrawn: 0, exited: 0 });
    expect(s.bySteps.map((x: { step: string; journeys: number; paused: number }) => [x.step, x.journeys, x.paused])).toEqual([
      ['CONNECT', 1, 1], ['DISCOVER', 2, 2], ['ANALYSE', 1, 1], ['PLACE', 0, 0], ['PLACEMENT_RUNNING', 0, 0], ['PAID_WORK', 2, 2],
    ]);
    expect(s.byPhases).toEqual([
      { phase: 'ANALYSE:PAUSED', journeys: 1 }, { phase: 'CONNECT:PAUSED', journeys: 1 }, { phase: 'DISCOVER:PAUSED', journeys: 2 }, { phase: 'PAID_WORK:PAUSED', journeys: 2 },
    ]);
    expect(bySteps(s.byCareProviders)).toEqual({
      [org.careA]: { journeys: 3, bySteps: { DISCOVER: 1, PAID_WORK: 2 } },
      [org.careB]: { journeys: 2, bySteps: { DISCOVER: 1, ANALYSE: 1 } },
    });
    expect(bySteps(s.bySchools)).toEqual({ [org.school]: { journeys: 2, bySteps: { CONNECT: 1, DISCOVER: 1 } } });
    expect(bySteps(s.byEmployers)).toEqual({
      [org.e1]: { journeys: 2, bySteps: { DISCOVER: 1, PAID_WORK: 1 }, placed: 1 },
      [org.e2]: { journeys: 2, bySteps: { ANALYSE: 1, PAID_WORK: 1 }, placed: 0 },
      [org.e3]: { journeys: 1, bySteps: { PAID_WORK: 1 }, placed: 1 },
    });
    expect(s.conversion.map((c: { reachedFrom: number; reachedTo: number; rate: number | null }) => [c.reachedFrom, c.reachedTo, c.rate])).toEqual([
      [6, 5, 0.8333], [5, 4, 0.8], [4, 3, 0.75], [3, 3, 1], [3, 2, 0.6667], [2, 0, 0],
    ]);
    expect(s.outcomes).toEqual({
      orientations: 4, placementsStarted: 3, paidWorkReached: 2, inWorkAt3Months: 0, inWorkAt6Months: 0, inWorkAt12Months: 0,
      loopsBack: 1, pauses: 6, withdrawals: 0, exits: 0, completed: 0,
    });
    expect(s.routes).toEqual([{ route: 'JOBS_AGREEMENT', decided: 1, share: 0.5 }, { route: 'REGULAR_JOB', decided: 1, share: 0.5 }]);

    // Flow times, as the timelines tell them: each stay in a step that ended by moving on.
    const stays: Record<string, number[]> = {};
    for (const id of Object.values(ids)) {
      const entries = (await timeline(id)).filter((e) => e.type === 'journey.referred' || e.type === 'journey.moved');
      entries.forEach((e, i) => {
        const next = entries[i + 1];
        if (!next) return;
        const step = e.type === 'journey.referred' ? 'CONNECT' : (e.data.to as string);
        (stays[step] ??= []).push((Date.parse(next.occurredAt) - Date.parse(e.occurredAt)) / 86_400_000);
      });
    }
    expect(s.flowTimes).toEqual(
      ['CONNECT', 'DISCOVER', 'ANALYSE', 'PLACE', 'PLACEMENT_RUNNING', 'PAID_WORK'].map((step) => {
        const days = (stays[step] ?? []).sort((a, b) => a - b);
        return { step, visits: days.length, medianDays: days.length ? round2(percentile(days, 0.5)) : null, p90Days: days.length ? round2(percentile(days, 0.9)) : null };
      }),
    );
    expect(s.flowTimes.map((f: { visits: number }) => f.visits)).toEqual([5, 4, 3, 3, 3, 0]);

    // Tasks per party, as each party's own inbox has them.
    const expected = [];
    for (const who of ['municipality', 'careA', 'careB', 'school', 'e1', 'e2', 'e3']) {
      const inbox = (await p.get(who, '/tasks?limit=200')).json().items as { overdue: boolean; escalated: boolean }[];
      if (inbox.length) {
        expected.push({ organisationId: org[who], open: inbox.length, overdue: inbox.filter((x) => x.overdue).length, escalated: inbox.filter((x) => x.escalated).length });
      }
    }
    const sortById = <T extends { organisationId: string }>(list: T[]) => [...list].sort((a, b) => a.organisationId.localeCompare(b.organisationId));
    expect(sortById(s.tasks.map(({ organisationId, open, overdue, escalated }: Record<string, unknown>) => ({ organisationId, open, overdue, escalated })))).toEqual(sortById(expected));
    expect(expected.length).toBeGreaterThan(0);
  });

  it("the pilot's lists and CSV: overdue tasks match the inboxes, nobody is stuck yet, no personal data", async () => {
    const overdue = (await p.get('municipality', '/pipeline/overdue-tasks?limit=200')).json().items as { taskId: string; candidateId: string; assigneeOrganisationId: string }[];
    const inboxes: string[] = [];
    for (const who of ['municipality', 'careA', 'careB', 'school', 'e1', 'e2', 'e3']) {
      for (const task of (await p.get(who, '/tasks?limit=200&overdue=true')).json().items as { candidateId: string; taskId: string }[]) inboxes.push(`${task.candidateId} ${task.taskId}`);
    }
    expect(overdue.map((x) => `${x.candidateId} ${x.taskId}`).sort()).toEqual(inboxes.sort());
    // Paused journeys are not stuck; and nothing is older than a day.
    expect((await p.get('municipality', '/pipeline/stuck-journeys?days=1')).json().items).toEqual([]);

    const csv = await p.get('municipality', '/pipeline/summary.csv');
    const rows = parseCsv(csv.body);
    expect(rows.find((r) => r[0] === 'outcome' && r[1] === 'loopsBack')).toEqual(['outcome', 'loopsBack', '', 'count', '1']);
    expect(rows.find((r) => r[0] === 'school' && r[3] === 'journeys')).toEqual(['school', org.school, expect.stringMatching(/^Test school/), 'journeys', '2']);
    for (const body of [csv.body, (await p.get('municipality', '/pipeline/overdue-tasks.csv')).body, (await p.get('municipality', '/pipeline/summary')).body]) {
      for (const personal of ['Sanne', 'Daan', 'Fleur', 'Milan', 'Noor', 'Jesse', 'Pilot,', '2006-05-05', 'Day-activities']) expect(body).not.toContain(personal);
    }
  });
});
