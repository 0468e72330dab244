import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { OrganisationType } from '../../libs/domain/src/organisation';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  exitJourneyUpdate,
  pauseJourneyUpdate,
  reassignTaskUpdate,
  resumeJourneyUpdate,
  syncJourneyUpdate,
  transferCareProviderUpdate,
  unclaimTaskUpdate,
  withdrawJourneyUpdate,
} from '../../libs/contracts/src/workflows/journey.messages';
import { JourneyDriver, PAYLOADS, QUIET_POLICY, type DriverParties } from '../support/journey-driver';
import { createCandidate, createParties, endJourneysStartedSince, sql, startWorker, temporalClient } from '../support/stack';
import { testRun } from '../support/test-run';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

/** The journey workflow on the real dev server, with the real worker projecting into PostgreSQL. */
describe('journey workflow', () => {
  let worker: INestApplicationContext;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let client: Client;
  let parties: DriverParties & { otherCareProviderId: string };

  beforeAll(async () => {
    [worker, db, temporal] = await Promise.all([startWorker(), sql(), temporalClient()]);
    client = temporal.client;
    const base = await createParties(db);
    const extra = { e2: randomUUID(), e3: randomUUID(), care2: randomUUID() };
    for (const [id, type] of [[extra.e2, OrganisationType.EMPLOYER], [extra.e3, OrganisationType.EMPLOYER], [extra.care2, OrganisationType.CARE_PROVIDER]]) {
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [id, `Extra ${type}`, type, base.municipalityId]);
    }
    parties = {
      municipalityId: base.municipalityId,
      careProviderId: base.careProviderId,
      employerIds: [base.employerId, extra.e2, extra.e3],
      otherCareProviderId: extra.care2,
    };
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  async function journey(policy: Partial<JourneyPolicy> = QUIET_POLICY): Promise<JourneyDriver> {
    return JourneyDriver.start(client, testRun().taskQueue, await createCandidate(db, parties as never), parties, policy);
  }

  async function readModel(candidateId: string) {
    // One client runs one query at a time.
    const journeys = await db.query('SELECT step, status, phase, sequence, route, proposed_route, employer_ids, run_count FROM journeys WHERE candidate_id = $1', [candidateId]);
    const events = await db.query('SELECT sequence, type, step, actor_organisation_id, task_id FROM journey_events WHERE candidate_id = $1 ORDER BY sequence', [candidateId]);
    const tasks = await db.query('SELECT task_id, type, status, assignee_organisation_id, escalated FROM human_tasks WHERE candidate_id = $1 ORDER BY created_at, task_id', [candidateId]);
    return { journey: journeys.rows[0], events: events.rows, tasks: tasks.rows };
  }

  async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  it('goes from referral to COMPLETED by Updates alone, every change in the read model', async () => {
    const j = await journey();
    await j.toRunningPlacement();
    expect((await j.view()).step).toBe('PLACEMENT_RUNNING');
    await j.evaluate(); // opened by the evaluation timer
    await j.complete('placement.outcome', PAYLOADS.paidWork);
    for (let i = 0; i < 4; i++) await j.complete('job.follow-up', PAYLOADS.employed); // 1, 3, 6 and 12 "months"
    await expect(j.handle.result()).resolves.toMatchObject({ step: 'COMPLETED', status: 'COMPLETED', route: 'JOBS_AGREEMENT' });

    const { journey: row, events, tasks } = await readModel(j.candidateId);
    expect(row).toMatchObject({ step: 'COMPLETED', status: 'COMPLETED', route: 'JOBS_AGREEMENT', proposed_route: 'WAGE_COST_SUBSIDY' });
    // The timeline is whole and in order: 1..N with no gap, every task act with its actor.
    expect(events.map((e: { sequence: number }) => e.sequence)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(row.sequence).toBe(events.length);
    const completed = events.filter((e: { type: string }) => e.type === 'task.completed');
    expect(completed.length).toBeGreaterThanOrEqual(23);
    expect(completed.every((e: { actor_organisation_id: string | null }) => e.actor_organisation_id)).toBe(true);
    expect(tasks.filter((t: { status: string }) => t.status === 'OPEN' || t.status === 'CLAIMED')).toEqual([]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['journey.referred', 'journey.moved', 'journey.completed']));

    const description = await j.handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.searchAttributes).toMatchObject({ JourneyStep: ['COMPLETED'], JourneyPhase: ['COMPLETED:COMPLETED'], MunicipalityId: [parties.municipalityId] });
  });

  it('loops back and keeps what was tried: orientations declined, offers declined, a placement ended, a job ended', async () => {
    const [e1, e2, e3] = parties.employerIds;
    const j = await journey();
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.complete('intake.meeting', PAYLOADS.meeting);
    await j.complete('profile.talents', PAYLOADS.talents);
    // Both employers decline the orientation, in parallel -> propose others.
    await j.complete('orientation.propose', PAYLOADS.propose(e1, e2));
    await Promise.all([j.complete('orientation.respond', PAYLOADS.declines, e1), j.complete('orientation.respond', PAYLOADS.declines, e2)]);
    await j.complete('orientation.propose', PAYLOADS.propose(e3));
    await j.complete('orientation.respond', PAYLOADS.accepts, e3);
    await j.complete('orientation.feedback', PAYLOADS.feedback, e3);
    await j.complete('orientation.feedback', PAYLOADS.feedback, parties.careProviderId);
    await j.complete('discover.conclude', PAYLOADS.ready);
    await j.complete('analyse.support-plan', PAYLOADS.supportPlan);
    // The offer is declined by the match and its alternative -> back to analyse.
    await j.complete('analyse.match', PAYLOADS.match(e3, [e1]));
    await j.complete('analyse.decision', PAYLOADS.approve);
    await j.complete('placement.offer', PAYLOADS.declines, e3);
    await j.complete('placement.offer', PAYLOADS.declines, e1);
    expect(await j.view()).toMatchObject({ step: 'ANALYSE' });
    await j.complete('analyse.match', PAYLOADS.match(e2));
    await j.complete('analyse.decision', PAYLOADS.approve);
    await j.complete('placement.offer', PAYLOADS.accepts, e2);
    await Promise.all([parties.municipalityId, parties.careProviderId, e2].map((org) => j.complete('placement.agreement', PAYLOADS.sign, org)));
    await j.complete('placement.start', PAYLOADS.start);
    // The placement ends -> discover.
    await j.complete('placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement: false }, parties.careProviderId);
    await j.complete('placement.outcome', PAYLOADS.end);
    expect(await j.view()).toMatchObject({ step: 'DISCOVER', status: 'ACTIVE' });
    // A new round to paid work, then the job ends -> discover again.
    await j.placeAt(e2);
    await j.evaluate();
    await j.complete('placement.outcome', PAYLOADS.paidWork);
    await j.complete('job.follow-up', PAYLOADS.jobEnded);

    const view = await j.view();
    expect(view).toMatchObject({ step: 'DISCOVER', status: 'ACTIVE' });
    expect(view.route).toBeUndefined(); // the label went with the job; the attempts keep it
    const tried = view.attempts.map((a) => `${a.kind}:${a.employerId === e1 ? 'e1' : a.employerId === e2 ? 'e2' : 'e3'}:${a.outcome}`);
    // The two parallel answers may land in either order.
    expect(tried.slice(0, 2).sort()).toEqual(['ORIENTATION:e1:DECLINED', 'ORIENTATION:e2:DECLINED']);
    expect(tried.slice(2)).toEqual([
      'ORIENTATION:e3:RECOMMENDED',
      'PLACEMENT:e3:DECLINED',
      'PLACEMENT:e1:DECLINED',
      'PLACEMENT:e2:ENDED',
      'ORIENTATION:e2:RECOMMENDED',
      'PLACEMENT:e2:PAID_WORK',
      'JOB:e2:ENDED',
    ]);
    expect(view.openTasks.map((t) => t.type)).toEqual(['orientation.propose']);
    const { journey: row } = await readModel(j.candidateId);
    expect(row).toMatchObject({ step: 'DISCOVER', route: null });
    expect([...row.employer_ids].sort()).toEqual([...parties.employerIds].sort());
  });

  it('pause, resume, transfer, claim, reassign, and withdrawal from a running placement', async () => {
    const j = await journey();
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.complete('intake.meeting', PAYLOADS.meeting);
    const careActor = { organisationId: parties.careProviderId };
    const coordinator = { organisationId: parties.municipalityId, userId: 'coordinator-1' };

    await j.handle.executeUpdate(pauseJourneyUpdate, { args: [{ actor: careActor, reasonCode: 'HOSPITAL' }] });
    const talents = await j.task('profile.talents');
    const paused = await rejection(
      j.handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: talents.id, actor: careActor, payload: PAYLOADS.talents }] }),
    );
    expect(paused.type).toBe('JOURNEY_PAUSED');
    await j.handle.executeUpdate(resumeJourneyUpdate, { args: [{ actor: coordinator }] });

    await j.handle.executeUpdate(transferCareProviderUpdate, { args: [{ actor: coordinator, careProviderId: parties.otherCareProviderId }] });
    expect((await j.task('profile.talents')).assignee.organisationId).toBe(parties.otherCareProviderId);
    await j.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: talents.id, actor: { organisationId: parties.otherCareProviderId, userId: 'coach-7' } }] });
    await j.handle.executeUpdate(reassignTaskUpdate, {
      args: [{ taskId: talents.id, actor: coordinator, to: { organisationId: parties.otherCareProviderId, role: 'support-worker', userId: 'coach-8' } }],
    });
    const { tasks } = await readModel(j.candidateId);
    expect(tasks.find((t: { task_id: string }) => t.task_id === talents.id)).toMatchObject({ status: 'CLAIMED', assignee_organisation_id: parties.otherCareProviderId });
    const { rows: claimed } = await db.query('SELECT assignee_user_id FROM human_tasks WHERE task_id = $1 AND candidate_id = $2', [talents.id, j.candidateId]);
    expect(claimed).toEqual([{ assignee_user_id: 'coach-8' }]);

    await j.handle.executeUpdate(withdrawJourneyUpdate, { args: [{ actor: coordinator, reasonCode: 'CONSENT_REVOKED' }] });
    await expect(j.handle.result()).resolves.toMatchObject({ status: 'WITHDRAWN', openTasks: [] });
    const after = await readModel(j.candidateId);
    expect(after.journey).toMatchObject({ status: 'WITHDRAWN', phase: 'DISCOVER:WITHDRAWN' });
    expect(after.tasks.filter((t: { status: string }) => t.status === 'OPEN' || t.status === 'CLAIMED')).toEqual([]);
    expect(after.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['journey.paused', 'journey.resumed', 'journey.care-provider-transferred', 'task.claimed', 'task.reassigned', 'task.cancelled', 'journey.withdrawn']),
    );
  });

  it('exit by the municipality ends the workflow', async () => {
    const j = await journey();
    await j.handle.executeUpdate(exitJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId }, reasonCode: 'MOVED_AWAY' }] });
    await expect(j.handle.result()).resolves.toMatchObject({ status: 'EXITED' });
  });

  describe('rejected Updates name their reason and leave no trace', () => {
    it.each([
      ['UNKNOWN_TASK', (taskId: string, p: DriverParties) => ({ taskId: `${taskId}x`, actor: { organisationId: p.municipalityId }, payload: PAYLOADS.accept })],
      ['NOT_ASSIGNEE', (taskId: string, p: DriverParties) => ({ taskId, actor: { organisationId: p.careProviderId }, payload: PAYLOADS.accept })],
      ['INVALID_PAYLOAD', (taskId: string, p: DriverParties) => ({ taskId, actor: { organisationId: p.municipalityId }, payload: { decision: 'MAYBE', extra: 1 } })],
    ])('%s', async (reason, args) => {
      const j = await journey();
      const task = await j.task('intake.accept');
      const before = await j.view();
      const updateId = randomUUID();
      const failure = await rejection(j.handle.executeUpdate(completeTaskUpdate, { args: [args(task.id, parties)], updateId }));
      expect(failure.type).toBe(reason);
      if (reason === 'INVALID_PAYLOAD') {
        expect((failure.details?.[0] as { fieldErrors: { field: string }[] }).fieldErrors.map((e) => e.field)).toEqual(['extra', 'decision']);
      }
      expect((await j.view()).sequence).toBe(before.sequence);
      const history = JSON.stringify(await j.handle.fetchHistory());
      expect(history).not.toContain(updateId); // rejected in the validator: not in the history at all
    });

    it('TASK_CLOSED', async () => {
      const j = await journey();
      const task = await j.task('intake.accept');
      await j.complete('intake.accept', PAYLOADS.accept);
      const failure = await rejection(
        j.handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: { organisationId: parties.municipalityId }, payload: PAYLOADS.accept }] }),
      );
      expect(failure.type).toBe('TASK_CLOSED');
    });
  });

  it('the same Update ID sent again, or in a concurrent burst, has one effect', async () => {
    const j = await journey();
    const task = await j.task('intake.accept');
    const updateId = randomUUID();
    const send = () =>
      j.handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: { organisationId: parties.municipalityId }, payload: PAYLOADS.accept }], updateId });
    const first = await send();
    const again = await send();
    const burst = await Promise.all([send(), send(), send(), send()]);
    expect(again).toEqual(first);
    for (const r of burst) expect(r).toEqual(first);
    const { events } = await readModel(j.candidateId);
    expect(events.filter((e: { type: string }) => e.type === 'task.completed')).toHaveLength(1);
    expect((await j.view()).openTasks.map((t) => t.type)).toEqual(['intake.meeting']);
  });

  it('fires reminders and escalations from the policy, into the read model', async () => {
    const j = await journey({ ...QUIET_POLICY, taskDueMs: { default: 1500 }, reminderBeforeDueMs: 1000, escalateAfterDueMs: 500 });
    const task = await j.task('intake.accept');
    const deadline = Date.now() + 20000;
    let row: { escalated: boolean } | undefined;
    while (Date.now() < deadline) {
      row = (await db.query('SELECT escalated FROM human_tasks WHERE candidate_id = $1 AND task_id = $2', [j.candidateId, task.id])).rows[0];
      if (row?.escalated) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(row).toEqual({ escalated: true });
    const types = (await readModel(j.candidateId)).events.map((e: { type: string }) => e.type);
    expect(types.indexOf('task.reminder-due')).toBeGreaterThan(-1);
    expect(types.indexOf('task.escalated')).toBeGreaterThan(types.indexOf('task.reminder-due'));
  });

  it('keeps the next due time armed while it stays: a claim and an unclaim cancel no timer, a new due time replaces it', async () => {
    const j = await journey();
    const task = await j.task('intake.accept');
    const timers = async () => {
      const { events } = await j.handle.fetchHistory();
      return {
        started: (events ?? []).filter((e) => e.timerStartedEventAttributes).length,
        cancelled: (events ?? []).filter((e) => e.timerCanceledEventAttributes).length,
      };
    };
    // The task shows once the first workflow task's projection committed, which is before that
    // workflow task (and its timer) is stored: an Update's answer comes after it is.
    await j.handle.executeUpdate(syncJourneyUpdate, { args: [] });
    const armed = await timers();
    expect(armed).toEqual({ started: 1, cancelled: 0 }); // the intake task's reminder

    const coordinator = { organisationId: parties.municipalityId, userId: 'coordinator-1' };
    await j.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor: coordinator }] });
    await j.handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId: task.id, actor: coordinator }] });
    await j.handle.executeUpdate(syncJourneyUpdate, { args: [] });
    expect(await timers()).toEqual(armed);

    // Completing it opens the next task with a later due time: that one replaces the timer.
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.handle.executeUpdate(syncJourneyUpdate, { args: [] });
    expect(await timers()).toEqual({ started: 2, cancelled: 1 });
  });

  it('an Update that opens the next party’s task costs its workflow task alone: its notices are written by the projection, no notify activity', async () => {
    const j = await journey();
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.handle.executeUpdate(syncJourneyUpdate, { args: [] });
    const { events } = await j.handle.fetchHistory();
    expect((events ?? []).filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    // The notices wait for the history to be known committed; the dispatcher has the workflow confirm them, then tells them.
    const deadline = Date.now() + 20000;
    let waiting = -1;
    while (Date.now() < deadline) {
      waiting = (await db.query('SELECT count(*)::int AS n FROM journey_notices WHERE candidate_id = $1', [j.candidateId])).rows[0].n;
      if (waiting === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(waiting).toBe(0);
    expect((await db.query('SELECT committed_sequence FROM journeys WHERE candidate_id = $1', [j.candidateId])).rows[0].committed_sequence).toBe((await j.view()).sequence);
  });

  it('continues as new before the history grows, keeping open tasks, timers and recent Update IDs', async () => {
    // Tasks escalate ~3 s after they open: the escalation of a task opened in the first run fires in the second.
    const j = await journey({ ...QUIET_POLICY, maxUpdatesPerRun: 3, taskDueMs: { default: 2500 }, reminderBeforeDueMs: 1000, escalateAfterDueMs: 500 });
    const firstRun = (await j.handle.describe()).runId;
    const meetingUpdate = randomUUID();
    await j.complete('intake.accept', PAYLOADS.accept);
    const afterMeeting = await j.complete('intake.meeting', PAYLOADS.meeting, undefined, meetingUpdate);
    await j.complete('profile.talents', PAYLOADS.talents); // the third Update of this run

    const deadline = Date.now() + 15000;
    while ((await j.handle.describe()).runId === firstRun && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const secondRun = (await j.handle.describe()).runId;
    expect(secondRun).not.toBe(firstRun);

    const view = await j.view();
    expect(view).toMatchObject({ runCount: 2, step: 'DISCOVER', status: 'ACTIVE' });
    expect(view.openTasks.map((t) => t.type)).toEqual(['orientation.propose']);

    // A retry of an Update from the first run: answered from carried state, no second effect.
    const meetingTask = (await readModel(j.candidateId)).tasks.find((t: { type: string }) => t.type === 'intake.meeting');
    const repeated = await j.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: meetingTask.task_id, actor: { organisationId: parties.municipalityId }, payload: PAYLOADS.meeting }],
      updateId: meetingUpdate,
    });
    expect(repeated).toEqual(afterMeeting);
    expect((await j.view()).sequence).toBe(view.sequence);

    // The escalation timer of the task opened in the first run fires in the second.
    const propose = view.openTasks[0];
    const escalatedBy = Date.now() + 15000;
    while (!(await j.openTasks()).find((t) => t.id === propose.id)?.escalated && Date.now() < escalatedBy) await new Promise((r) => setTimeout(r, 100));
    expect((await j.openTasks()).find((t) => t.id === propose.id)).toMatchObject({ escalated: true });
    expect((await j.handle.describe()).runId).toBe(secondRun);

    // The journey goes on in the new run, timers included (the evaluation timer opens the round).
    await j.placeAt(parties.employerIds[0]);
    await j.evaluate();
    expect((await j.view()).openTasks.map((t) => t.type)).toEqual(['placement.outcome']);
    expect((await j.view()).runCount).toBeGreaterThanOrEqual(3);
    const { journey: row } = await readModel(j.candidateId);
    expect(row.run_count).toBeGreaterThanOrEqual(3);
  });

  it('journey.sync returns the state once projected', async () => {
    const j = await journey();
    const view = await j.handle.executeUpdate(syncJourneyUpdate);
    const { journey: row } = await readModel(j.candidateId);
    expect(row.sequence).toBe(view.sequence);
  });
});
