import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { pipelineReconciliationScheduleId } from '../../libs/contracts/src/workflows/pipeline.messages';
import { JourneyDriver, PAYLOADS, QUIET_POLICY } from '../support/journey-driver';
import { bearer, createCandidate, createParties, endJourneysStartedSince, sql, startApi, startWorker, temporalClient, untilNoticesTold, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

/**
 * The read model stays true to the workflows: three real journeys, the read model broken on
 * purpose in every way it can drift, and a reconciliation (on demand, and by the schedule) that
 * finds each break, repairs what the workflows can tell, and reports the rest.
 */
describe('pipeline reconciliation', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let m: TestParties;
  let foreign: TestParties;
  const t: Record<string, string> = {};
  let analyse: JourneyDriver;
  let discover: JourneyDriver;
  let placed: JourneyDriver;
  let orphanId: string;

  // Nothing fires on its own during the test: due dates an hour away, evaluations hourly.
  const policy = { ...QUIET_POLICY, evaluationIntervalMs: 3_600_000 };

  beforeAll(async () => {
    [worker, api, db, temporal] = await Promise.all([startWorker(), startApi(), sql(), temporalClient()]);
    [m, foreign] = [await createParties(db), await createParties(db)];
    t.coordinator = await bearer(api, m.municipalityId, ['coordinator']);
    t.foreign = await bearer(api, foreign.municipalityId, ['coordinator']);
    const parties = { municipalityId: m.municipalityId, careProviderId: m.careProviderId, employerIds: [m.employerId] };
    const start = async () => JourneyDriver.start(temporal.client, testRun().taskQueue, await createCandidate(db, m), parties, policy);

    analyse = await start();
    await analyse.complete('intake.accept', PAYLOADS.accept);
    await analyse.complete('intake.meeting', PAYLOADS.meeting);
    await analyse.complete('profile.talents', PAYLOADS.talents);
    await analyse.complete('orientation.propose', PAYLOADS.propose(m.employerId));
    await analyse.complete('orientation.respond', PAYLOADS.accepts, m.employerId);
    await analyse.complete('orientation.feedback', PAYLOADS.feedback, m.employerId);
    await analyse.complete('orientation.feedback', PAYLOADS.feedback, m.careProviderId);
    await analyse.complete('discover.conclude', PAYLOADS.ready);

    discover = await start();
    await discover.complete('intake.accept', PAYLOADS.accept);
    await discover.complete('intake.meeting', PAYLOADS.meeting);
    await discover.complete('profile.talents', PAYLOADS.talents);
    await discover.complete('orientation.propose', PAYLOADS.propose(m.employerId));
    await discover.complete('orientation.respond', PAYLOADS.declines, m.employerId);

    placed = await start();
    await placed.toRunningPlacement();

    // Visibility lists them (it lags a little behind the workflows).
    const query = `WorkflowType = 'journeyWorkflow' AND MunicipalityId = '${m.municipalityId}'`;
    for (let seen = 0; seen < 3; await new Promise((r) => setTimeout(r, 100))) seen = (await temporal.client.workflow.count(query)).count;
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });
  const reconcile = (who: string, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url: '/pipeline/reconciliations', headers: { authorization: t[who], 'idempotency-key': key } });
  const finished = async (id: string) => {
    for (;;) {
      const report = (await get('coordinator', `/pipeline/reconciliations/${id}`)).json();
      if (report.status === 'DONE' || report.status === 'FAILED') return report;
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const findings = async (id: string) => {
    const all: { candidateId: string; kind: string; detail: Record<string, unknown>; repaired: boolean; timeline: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = (await get('coordinator', `/pipeline/reconciliations/${id}/findings?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  /** The read model's journey and open tasks, as the workflow would have them. */
  const readModel = async (d: JourneyDriver) => {
    const { rows: [j] } = await db.query('SELECT step, status, phase, sequence, employer_ids, current_employer_id FROM journeys WHERE candidate_id = $1', [d.candidateId]);
    const { rows: tasks } = await db.query(`SELECT task_id FROM human_tasks WHERE candidate_id = $1 AND status IN ('OPEN', 'CLAIMED') ORDER BY task_id`, [d.candidateId]);
    return { ...j, openTasks: tasks.map((r: { task_id: string }) => r.task_id) };
  };
  const workflowTruth = async (d: JourneyDriver, currentEmployerId: string | null) => {
    const view = await d.view();
    return {
      step: view.step,
      status: view.status,
      phase: view.phase,
      sequence: view.sequence,
      employer_ids: view.employerIds,
      current_employer_id: currentEmployerId,
      openTasks: view.openTasks.map((x) => x.id).sort(),
    };
  };

  it('an untouched read model: every journey checked, nothing found', async () => {
    const response = await reconcile('coordinator');
    expect(response.statusCode).toBe(202);
    expect(response.headers.location).toBe(`/pipeline/reconciliations/${response.json().id}`);
    expect(response.json()).toMatchObject({ trigger: 'ON_DEMAND', journeysChecked: 0 });
    const report = await finished(response.json().id);
    expect(report).toMatchObject({ status: 'DONE', journeysChecked: 3, driftFound: 0, repaired: 0, findingsByKind: {} });
    expect(await findings(report.id)).toEqual([]);
  });

  it('breaks in the read model are found and repaired from the workflows; what they cannot tell is reported', async () => {
    const summaryBefore = (await get('coordinator', '/pipeline/summary')).json();
    expect(summaryBefore.journeys.total).toBe(3);
    // The journeys are quiet: no notice left whose confirmation would project them again.
    await untilNoticesTold(db, [analyse.candidateId, discover.candidateId, placed.candidateId]);

    // 1. The analyse journey's row goes back in time; a closed task of it shows open again; a timeline entry is lost.
    await db.query(`UPDATE journeys SET step = 'CONNECT', phase = 'CONNECT:ACTIVE', sequence = 3 WHERE candidate_id = $1`, [analyse.candidateId]);
    await db.query(`UPDATE human_tasks SET status = 'OPEN', closed_at = NULL WHERE candidate_id = $1 AND task_id = 'intake.accept#1'`, [analyse.candidateId]);
    await db.query(`DELETE FROM journey_events WHERE candidate_id = $1 AND type = 'task.opened' AND task_id = 'intake.meeting#2'`, [analyse.candidateId]);
    // 2. The discover journey: what a lost workflow task leaves (an entry after the workflow's last
    // sequence, a task the workflow never opened); it also loses its open task and its step visits.
    const discoverView = await discover.view();
    await db.query(
      `INSERT INTO journey_events (candidate_id, sequence, type, step, occurred_at, task_id, data) VALUES ($1, $2, 'task.opened', 'DISCOVER', now(), 'discover.conclude#99', '{}')`,
      [discover.candidateId, discoverView.sequence + 1],
    );
    await db.query(
      `INSERT INTO human_tasks (candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, due_at, escalated, created_at, sequence)
       VALUES ($1, 'discover.conclude#99', 'discover.conclude', 'DISCOVER', 'OPEN', $2, 'coordinator', now(), false, now(), $3)`,
      [discover.candidateId, m.municipalityId, discoverView.sequence + 1],
    );
    const { rows: [lost] } = await db.query(`DELETE FROM human_tasks WHERE candidate_id = $1 AND status = 'OPEN' AND task_id <> 'discover.conclude#99' RETURNING task_id`, [discover.candidateId]);
    await db.query(`DELETE FROM pipeline_step_visits WHERE candidate_id = $1`, [discover.candidateId]);
    // 3. The placed journey's row is gone, and an entry of its timeline says something the history does not.
    await db.query(`DELETE FROM journeys WHERE candidate_id = $1`, [placed.candidateId]);
    await db.query(`UPDATE journey_events SET data = data || '{"decision": "DECLINE"}' WHERE candidate_id = $1 AND type = 'task.completed' AND task_id LIKE 'orientation.respond%'`, [
      placed.candidateId,
    ]);
    // 4. A journey row no workflow knows.
    orphanId = await createCandidate(db, m);
    await db.query(
      `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, referrer_organisation_id, step, status, sequence, referred_at, updated_at)
       VALUES ($1, $2, $3, $4, 'CONNECT', 'ACTIVE', 1, now(), now())`,
      [orphanId, `journey-${orphanId}`, m.municipalityId, m.careProviderId],
    );

    // 5. A figure of the summary's aggregates is off (orientations on one day).
    await db.query(
      `INSERT INTO pipeline_agg_outcomes_delta (municipality_id, cohort, kind, route, day, n)
       SELECT municipality_id, cohort, kind, route, day, 40 FROM pipeline_agg_outcomes_all
       WHERE municipality_id = $1 AND kind = 'ORIENTATION' AND n > 0 ORDER BY day LIMIT 1`,
      [m.municipalityId],
    );

    const broken = (await get('coordinator', '/pipeline/summary')).json();
    expect(broken.outcomes.orientations).toBe(summaryBefore.outcomes.orientations + 40);
    expect(broken.bySteps.find((s: { step: string }) => s.step === 'CONNECT').journeys).toBe(2); // the analyse journey and the orphan
    expect(broken.bySteps.find((s: { step: string }) => s.step === 'PLACEMENT_RUNNING').journeys).toBe(0);
    // The discover journey lost its visits; the placed journey lost its row only, and its visits still count.
    expect(broken.conversion[0]).toMatchObject({ reachedFrom: 2, reachedTo: 2 });

    const response = await reconcile('coordinator');
    const report = await finished(response.json().id);
    expect(report).toMatchObject({
      status: 'DONE',
      journeysChecked: 4,
      driftFound: 12,
      repaired: 9,
      findingsByKind: {
        JOURNEY_DIFFERS: 1,
        TASK_NOT_OPEN: 2,
        EVENTS_MISSING: 1,
        EVENTS_BEYOND: 1,
        TASK_MISSING: 1,
        DERIVED_DIFFERS: 2,
        JOURNEY_MISSING: 1,
        TIMELINE_DIFFERS: 1,
        ORPHAN_JOURNEY: 1,
        AGGREGATE_DIFFERS: 1,
      },
    });
    const found = await findings(report.id);
    const of = (id: string) => found.filter((f) => f.candidateId === id).map(({ kind, detail, repaired }) => ({ kind, detail, repaired }));
    expect(of(analyse.candidateId)).toEqual([
      { kind: 'EVENTS_MISSING', detail: { missing: 1, sequence: (await analyse.view()).sequence }, repaired: false },
      {
        kind: 'JOURNEY_DIFFERS',
        detail: {
          fields: {
            step: { readModel: 'CONNECT', workflow: 'ANALYSE' },
            phase: { readModel: 'CONNECT:ACTIVE', workflow: 'ANALYSE:ACTIVE' },
            sequence: { readModel: 3, workflow: (await analyse.view()).sequence },
          },
        },
        repaired: true,
      },
      { kind: 'TASK_NOT_OPEN', detail: { taskId: 'intake.accept#1', workflowStatus: 'COMPLETED' }, repaired: true },
    ]);
    expect(of(discover.candidateId)).toEqual([
      { kind: 'DERIVED_DIFFERS', detail: { tables: ['pipeline_step_visits'] }, repaired: true },
      { kind: 'EVENTS_BEYOND', detail: { events: 1, sequence: discoverView.sequence }, repaired: true },
      { kind: 'TASK_MISSING', detail: { taskId: lost.task_id }, repaired: true },
      { kind: 'TASK_NOT_OPEN', detail: { taskId: 'discover.conclude#99', workflowStatus: 'UNKNOWN' }, repaired: true },
    ]);
    // The changed entry moved the placed journey's outcomes (an orientation declined, not accepted);
    // the history cannot tell the timeline again, so that is reported, not repaired.
    expect(of(placed.candidateId)).toEqual([
      { kind: 'DERIVED_DIFFERS', detail: { tables: ['pipeline_outcomes'] }, repaired: true },
      { kind: 'JOURNEY_MISSING', detail: {}, repaired: true },
      { kind: 'TIMELINE_DIFFERS', detail: { from: 0, sequence: (await placed.view()).sequence }, repaired: false },
    ]);
    expect(of(orphanId)).toEqual([{ kind: 'ORPHAN_JOURNEY', detail: { reason: 'no workflow for this journey' }, repaired: false }]);
    // The aggregate's finding is about the municipality (two rows differ: the stored one and the recomputed one).
    expect(found.filter((f) => !f.candidateId)).toEqual([{ kind: 'AGGREGATE_DIFFERS', detail: { rowsDiffering: { pipeline_agg_outcomes: 2 } }, repaired: true }]);
    expect(found.filter((f) => f.candidateId).every((f) => f.timeline === `/journeys/${f.candidateId}/timeline`)).toBe(true);

    // The read model says again what the workflows say.
    const { rows: beyond } = await db.query(`SELECT sequence FROM journey_events WHERE candidate_id = $1 AND sequence > $2`, [discover.candidateId, discoverView.sequence]);
    expect(beyond).toEqual([]);
    expect(await readModel(analyse)).toEqual(await workflowTruth(analyse, null));
    expect(await readModel(discover)).toEqual(await workflowTruth(discover, null));
    expect(await readModel(placed)).toEqual(await workflowTruth(placed, m.employerId));
    const { rows: [accept] } = await db.query(`SELECT status, closed_at FROM human_tasks WHERE candidate_id = $1 AND task_id = 'intake.accept#1'`, [analyse.candidateId]);
    expect(accept.status).toBe('COMPLETED');
    expect(accept.closed_at).not.toBeNull();

    const repaired = (await get('coordinator', '/pipeline/summary')).json();
    expect(repaired.journeys.total).toBe(4);
    expect(repaired.bySteps.map((s: { step: string; journeys: number }) => [s.step, s.journeys])).toEqual([
      ['CONNECT', 1], // the orphan, reported and left alone
      ['DISCOVER', 1],
      ['ANALYSE', 1],
      ['PLACE', 0],
      ['PLACEMENT_RUNNING', 1],
      ['PAID_WORK', 0],
    ]);
    // One orientation less: the placed journey's changed entry now says declined (reported above).
    expect(repaired.outcomes).toMatchObject({ orientations: 1, placementsStarted: 1 });
    expect(repaired.conversion[0]).toEqual({ fromStep: 'CONNECT', toStep: 'DISCOVER', reachedFrom: 3, reachedTo: 3, rate: 1 });

    // Once more: only what cannot be repaired from the workflows is left.
    const again = await finished((await reconcile('coordinator')).json().id);
    expect(again).toMatchObject({ journeysChecked: 4, driftFound: 3, repaired: 0, findingsByKind: { EVENTS_MISSING: 1, ORPHAN_JOURNEY: 1, TIMELINE_DIFFERS: 1 } });
  });

  it('one reconciliation per Idempotency-Key; the list is newest first and paginated; other municipalities see none of it', async () => {
    const key = randomUUID();
    const first = await reconcile('coordinator', key);
    const second = await reconcile('coordinator', key);
    expect(second.statusCode).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().id).toBe(first.json().id);
    await finished(first.json().id);

    const page1 = (await get('coordinator', '/pipeline/reconciliations?limit=2')).json();
    const page2 = (await get('coordinator', `/pipeline/reconciliations?limit=2&cursor=${page1.nextCursor}`)).json();
    const ids = [...page1.items, ...page2.items].map((r: { id: string }) => r.id);
    expect(ids[0]).toBe(first.json().id);
    expect(ids.length).toBe(4);
    expect(new Set(ids).size).toBe(4);
    expect(page2.nextCursor).toBeUndefined();

    expect((await get('foreign', '/pipeline/reconciliations')).json().items).toEqual([]);
    for (const url of [`/pipeline/reconciliations/${first.json().id}`, `/pipeline/reconciliations/${first.json().id}/findings`]) {
      const response = await get('foreign', url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await reconcile('foreign')).statusCode).toBe(202); // their own, of their own (empty) municipality
    const missing = await api.inject({ method: 'POST', url: '/pipeline/reconciliations', headers: { authorization: t.coordinator } });
    expect(missing.statusCode).toBe(400);
  });

  it('the nightly schedule exists and, triggered, reconciles every municipality with a report of its own', async () => {
    const handle = temporal.client.schedule.getHandle(pipelineReconciliationScheduleId(testRun().taskQueue));
    const schedule = await handle.describe();
    expect(schedule.spec.timezone).toBe('Europe/Amsterdam');
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 2, end: 2, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'pipelineReconciliationWorkflow', taskQueue: testRun().taskQueue });

    const before = new Set(((await get('coordinator', '/pipeline/reconciliations?limit=200')).json().items as { id: string }[]).map((r) => r.id));
    await handle.trigger();
    let workflowId: string | undefined;
    while (!workflowId) {
      const { info } = await handle.describe();
      workflowId = [...info.runningActions, ...info.recentActions.map((a) => a.action)].find((a) => a.type === 'startWorkflow')?.workflow.workflowId;
      if (!workflowId) await new Promise((r) => setTimeout(r, 100));
    }
    const outcomes: { municipalityId: string; reconciliationId: string; journeysChecked: number }[] = await temporal.client.workflow.getHandle(workflowId).result();
    expect(outcomes.map((o) => o.municipalityId)).toEqual(expect.arrayContaining([m.municipalityId, foreign.municipalityId]));
    const ours = outcomes.find((o) => o.municipalityId === m.municipalityId)!;
    expect(ours.journeysChecked).toBe(4);
    const listed = (await get('coordinator', '/pipeline/reconciliations?limit=200')).json().items as { id: string; trigger: string }[];
    expect(listed.filter((r) => !before.has(r.id))).toEqual([expect.objectContaining({ id: ours.reconciliationId, trigger: 'SCHEDULE', status: 'DONE', driftFound: 3 })]);
    // It checks every journey of every municipality in the run's shared database: as many as the suites before it made.
  }, 300_000);
});
