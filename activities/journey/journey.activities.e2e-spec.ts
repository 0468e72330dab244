import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Client as PgClient } from 'pg';
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { testRun } from '../../test/support/test-run';
import { createParties, sql, type TestParties } from '../../test/support/stack';
import type { ProjectionFence } from '../../libs/domain/src/read-model';
import { CommittedSequence } from '../../libs/database/src/read-model/committed';
import { NotificationsRepository } from '../../libs/database/src/repositories/notifications.repository';
import { NotificationKind, type JourneyNotice } from '../../libs/domain/src/notifications';
import { createJourneyActivities, type JourneyProjection, type JourneyRow, type TaskRow } from './journey.activities';

describe('projectJourney on a real PostgreSQL', () => {
  let dataSource: DataSource;
  let db: PgClient;
  let parties: TestParties;
  let activities: ReturnType<typeof createJourneyActivities>;

  beforeAll(async () => {
    dataSource = await new DataSource(dataSourceOptions(testRun().databaseUrl)).initialize();
    db = await sql();
    parties = await createParties(db);
    activities = createJourneyActivities({ dataSource });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.end();
  });

  async function newJourney(): Promise<JourneyRow> {
    const candidateId = randomUUID();
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'A', 'B', '2006-01-01')`, [
      candidateId,
      parties.municipalityId,
    ]);
    return {
      candidateId,
      municipalityId: parties.municipalityId,
      careProviderId: parties.careProviderId,
      referrerOrganisationId: parties.careProviderId,
      step: 'CONNECT',
      status: 'ACTIVE',
      phase: 'CONNECT:ACTIVE',
      sequence: 2,
      referredAt: '2026-11-01T09:00:00.000Z',
      updatedAt: '2026-11-01T09:00:01.000Z',
      employerIds: [],
      runCount: 1,
    };
  }

  const task = (sequence: number, status: string, taskId = 'intake.accept#1'): TaskRow => ({
    taskId,
    type: taskId.split('#')[0],
    step: 'CONNECT',
    status,
    assigneeOrganisationId: parties.municipalityId,
    assigneeRole: 'coordinator',
    dueAt: '2026-11-08T09:00:01.000Z',
    escalated: false,
    createdAt: '2026-11-01T09:00:01.000Z',
    sequence,
  });

  /** A workflow task at history length `history` and time `at` (ms): the fence only grows along the history. */
  const fence = (history: number, at = 1000 * history): ProjectionFence => [1, at, history];

  const referred = (journey: JourneyRow): JourneyProjection => ({
    fence: fence(3),
    base: 0,
    journey,
    events: [
      { sequence: 1, type: 'journey.referred', step: 'CONNECT', occurredAt: journey.updatedAt, actorOrganisationId: parties.careProviderId },
      { sequence: 2, type: 'task.opened', step: 'CONNECT', occurredAt: journey.updatedAt, taskId: 'intake.accept#1', data: { taskType: 'intake.accept' } },
    ],
    tasks: [task(2, 'OPEN')],
  });

  /** The intake accepted at sequences 3..5: the intake meeting opens. */
  const accepted = (journey: JourneyRow, f: ProjectionFence, at = '2026-11-02T09:00:00.000Z'): JourneyProjection => ({
    fence: f,
    base: 2,
    journey: { ...journey, sequence: 4, updatedAt: at },
    events: [
      { sequence: 3, type: 'task.completed', step: 'CONNECT', occurredAt: at, taskId: 'intake.accept#1', data: { decision: 'ACCEPT' } },
      { sequence: 4, type: 'task.opened', step: 'CONNECT', occurredAt: at, taskId: 'intake.meeting#2' },
    ],
    tasks: [task(4, 'COMPLETED'), task(4, 'OPEN', 'intake.meeting#2')],
  });

  /** Instead, the intake claimed at sequence 3 (the same sequence, another change). */
  const claimed = (journey: JourneyRow, f: ProjectionFence): JourneyProjection => ({
    fence: f,
    base: 2,
    journey: { ...journey, sequence: 3, updatedAt: '2026-11-02T10:00:00.000Z' },
    events: [{ sequence: 3, type: 'task.claimed', step: 'CONNECT', occurredAt: '2026-11-02T10:00:00.000Z', taskId: 'intake.accept#1' }],
    tasks: [{ ...task(3, 'CLAIMED'), assigneeUserId: 'user-1' }],
  });

  const read = async (candidateId: string) => ({
    journey: (await db.query('SELECT step, status, phase, sequence FROM journeys WHERE candidate_id = $1', [candidateId])).rows,
    events: (await db.query('SELECT sequence, type, task_id FROM journey_events WHERE candidate_id = $1 ORDER BY sequence', [candidateId])).rows,
    tasks: (await db.query('SELECT task_id, status FROM human_tasks WHERE candidate_id = $1 ORDER BY task_id', [candidateId])).rows,
  });

  it('writes the journey, its timeline entries and its tasks', async () => {
    const journey = await newJourney();
    await activities.projectJourney(referred(journey));
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'CONNECT', status: 'ACTIVE', phase: 'CONNECT:ACTIVE', sequence: 2 }],
      events: [
        { sequence: 1, type: 'journey.referred', task_id: null },
        { sequence: 2, type: 'task.opened', task_id: 'intake.accept#1' },
      ],
      tasks: [{ task_id: 'intake.accept#1', status: 'OPEN' }],
    });
  });

  it('a retried or replayed projection changes nothing', async () => {
    const journey = await newJourney();
    const input = referred(journey);
    await activities.projectJourney(input);
    const once = await read(journey.candidateId);
    await activities.projectJourney(input);
    await Promise.all([activities.projectJourney(input), activities.projectJourney(input)]);
    expect(await read(journey.candidateId)).toEqual(once);
  });

  it('a late projection from an older workflow task never moves the journey or a task back', async () => {
    const journey = await newJourney();
    await activities.projectJourney(referred(journey));
    await activities.projectJourney(accepted(journey, fence(7)));
    await activities.projectJourney(referred(journey));
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'CONNECT', status: 'ACTIVE', phase: 'CONNECT:ACTIVE', sequence: 4 }],
      events: [
        { sequence: 1, type: 'journey.referred', task_id: null },
        { sequence: 2, type: 'task.opened', task_id: 'intake.accept#1' },
        { sequence: 3, type: 'task.completed', task_id: 'intake.accept#1' },
        { sequence: 4, type: 'task.opened', task_id: 'intake.meeting#2' },
      ],
      tasks: [
        { task_id: 'intake.accept#1', status: 'COMPLETED' },
        { task_id: 'intake.meeting#2', status: 'OPEN' },
      ],
    });
  });

  it('what a lost workflow task wrote beyond the committed base is replaced by the task that redid the work', async () => {
    const journey = await newJourney();
    await activities.projectJourney(referred(journey));
    // A workflow task at history length 7 accepts the intake, writes, and is lost (never committed).
    await activities.projectJourney(accepted(journey, fence(7, 7000)));
    // Its redo, later, applies a claim instead at the same sequence: at the same history length, or
    // a shorter one (the lost attempt counted transient events the server no longer has).
    await activities.projectJourney(claimed(journey, fence(6, 8000)));
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'CONNECT', status: 'ACTIVE', phase: 'CONNECT:ACTIVE', sequence: 3 }],
      events: [
        { sequence: 1, type: 'journey.referred', task_id: null },
        { sequence: 2, type: 'task.opened', task_id: 'intake.accept#1' },
        { sequence: 3, type: 'task.claimed', task_id: 'intake.accept#1' },
      ],
      tasks: [{ task_id: 'intake.accept#1', status: 'CLAIMED' }],
    });
    // The lost task's projection, retried late (a zombie), is dropped: the fence is older.
    await activities.projectJourney(accepted(journey, fence(7, 7000)));
    expect((await read(journey.candidateId)).events.map((e) => e.type)).toEqual(['journey.referred', 'task.opened', 'task.claimed']);
  });

  it('a projection that carries nothing new still removes what a lost workflow task left (the repair)', async () => {
    const journey = await newJourney();
    await activities.projectJourney(referred(journey));
    await activities.projectJourney(accepted(journey, fence(7, 7000)));
    const before = await db.query(`SELECT count(*)::int AS n FROM pipeline_progress WHERE candidate_id = $1 AND last_progress_at = '2026-11-02T09:00:00Z'`, [
      journey.candidateId,
    ]);
    expect(before.rows[0].n).toBe(1); // the lost task's completion counted as progress
    await activities.projectJourney({ ...referred(journey), fence: fence(9), base: 2, events: [], tasks: [task(2, 'OPEN')] });
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'CONNECT', status: 'ACTIVE', phase: 'CONNECT:ACTIVE', sequence: 2 }],
      events: [
        { sequence: 1, type: 'journey.referred', task_id: null },
        { sequence: 2, type: 'task.opened', task_id: 'intake.accept#1' },
      ],
      tasks: [{ task_id: 'intake.accept#1', status: 'OPEN' }],
    });
    // The pipeline tables follow the timeline: the phantom's progress is gone.
    const after = await db.query(`SELECT count(*)::int AS n FROM pipeline_progress WHERE candidate_id = $1 AND last_progress_at = '2026-11-02T09:00:00Z'`, [
      journey.candidateId,
    ]);
    expect(after.rows[0].n).toBe(0);
  });
  describe('notices written with the projection (patch 2026-11-30-notices-in-projection)', () => {
    const notice = (sequence: number, taskId: string): JourneyNotice => ({
      sequence,
      type: 'task.opened',
      kind: NotificationKind.TASK_ASSIGNED,
      occurredAt: '2026-11-02T09:00:00.000Z',
      taskId,
      taskType: taskId.split('#')[0],
      to: [{ organisationId: parties.municipalityId }],
    });
    const withNotices = (p: JourneyProjection, ...notices: JourneyNotice[]): JourneyProjection => ({
      ...p,
      notices: { parties: { municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, referrerOrganisationId: parties.careProviderId, employerIds: [] }, notices },
    });
    const stored = async (candidateId: string) => ({
      committed: (await db.query('SELECT committed_sequence FROM journeys WHERE candidate_id = $1', [candidateId])).rows[0].committed_sequence as number,
      notices: (await db.query(`SELECT sequence, notice ->> 'taskId' AS task FROM journey_notices WHERE candidate_id = $1 ORDER BY sequence`, [candidateId])).rows,
    });
    const toldOf = async (candidateId: string, fail = false): Promise<unknown[]> => {
      const told: unknown[] = [];
      await new NotificationsRepository(dataSource).tellCommittedNotices(
        async (_id, _parties, notices) => {
          told.push(...notices.map((n) => (n as JourneyNotice).sequence));
          if (fail) throw new Error('lost after telling');
        },
        { candidateId },
      );
      return told;
    };

    it('a notice is told only once the history holding it is known committed, and only once', async () => {
      const journey = await newJourney();
      await activities.projectJourney(withNotices(referred(journey), notice(2, 'intake.accept#1')));
      await activities.projectJourney(withNotices(accepted(journey, fence(7)), notice(4, 'intake.meeting#2')));
      // The referral's projection is below the acceptance's base: committed. The acceptance's is not yet.
      expect(await stored(journey.candidateId)).toEqual({ committed: 2, notices: [{ sequence: 2, task: 'intake.accept#1' }, { sequence: 4, task: 'intake.meeting#2' }] });
      // A teller lost before its commit tells them again; the one that commits removes them.
      await expect(toldOf(journey.candidateId, true).catch(() => 'failed')).resolves.toBe('failed');
      expect(await toldOf(journey.candidateId)).toEqual([2]);
      expect(await toldOf(journey.candidateId)).toEqual([]);
      // The Update's answer says sequence 4 is committed.
      await new CommittedSequence(dataSource).confirmCommitted(new Map([[journey.candidateId, 4]]));
      expect(await toldOf(journey.candidateId)).toEqual([4]);
      expect(await stored(journey.candidateId)).toEqual({ committed: 4, notices: [] });
      // A later projection (its base 4) does not bring a told notice back, nor move the committed sequence back.
      await activities.projectJourney(withNotices({ ...accepted(journey, fence(9)), base: 4, events: [] }));
      expect(await stored(journey.candidateId)).toEqual({ committed: 4, notices: [] });
    });

    it('answers of several journeys are confirmed in one write, and a confirmation never moves a journey back', async () => {
      const [a, b] = [await newJourney(), await newJourney()];
      await activities.projectJourney(withNotices(referred(a), notice(2, 'intake.accept#1')));
      await activities.projectJourney(withNotices(accepted(a, fence(7)), notice(4, 'intake.meeting#2')));
      await activities.projectJourney(withNotices(referred(b), notice(2, 'intake.accept#1')));
      await activities.projectJourney(withNotices(accepted(b, fence(7)), notice(4, 'intake.meeting#2')));
      await new CommittedSequence(dataSource).confirmCommitted(new Map([[b.candidateId, 4], [a.candidateId, 4]]));
      expect([(await stored(a.candidateId)).committed, (await stored(b.candidateId)).committed]).toEqual([4, 4]);
      await new CommittedSequence(dataSource).confirmCommitted(new Map([[a.candidateId, 3], [b.candidateId, 2]]));
      expect([(await stored(a.candidateId)).committed, (await stored(b.candidateId)).committed]).toEqual([4, 4]);
    });

    it('what a lost workflow task noticed beyond the base is replaced by the redo, never told', async () => {
      const journey = await newJourney();
      await activities.projectJourney(withNotices(referred(journey)));
      // Lost: the intake accepted, the meeting's assignee to be told.
      await activities.projectJourney(withNotices(accepted(journey, fence(7, 7000)), notice(4, 'intake.meeting#2')));
      // The redo claims instead, which tells nobody: the lost notice goes.
      await activities.projectJourney(withNotices(claimed(journey, fence(6, 8000))));
      expect(await stored(journey.candidateId)).toEqual({ committed: 2, notices: [] });
      // Another lost task notices at sequence 4, and its redo notices something else at 4.
      await activities.projectJourney(withNotices({ ...accepted(journey, fence(9, 9000)), base: 3 }, notice(4, 'intake.meeting#2')));
      await activities.projectJourney(withNotices({ ...accepted(journey, fence(9, 9500)), base: 3 }, notice(4, 'intake.meeting#9')));
      expect(await stored(journey.candidateId)).toEqual({ committed: 3, notices: [{ sequence: 4, task: 'intake.meeting#9' }] });
      expect(await toldOf(journey.candidateId)).toEqual([]);
    });
  });
});
