import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Client as PgClient } from 'pg';
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { testRun } from '../../test/support/test-run';
import { createParties, sql, type TestParties } from '../../test/support/stack';
import { createJourneyActivities, type JourneyRow, type ProjectJourneyInput, type TaskRow } from './journey.activities';

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

  const task = (sequence: number, status: string): TaskRow => ({
    taskId: 'intake.accept#1',
    type: 'intake.accept',
    step: 'CONNECT',
    status,
    assigneeOrganisationId: parties.municipalityId,
    assigneeRole: 'coordinator',
    dueAt: '2026-11-08T09:00:01.000Z',
    escalated: false,
    createdAt: '2026-11-01T09:00:01.000Z',
    sequence,
  });

  const referred = (journey: JourneyRow): ProjectJourneyInput => ({
    journey,
    events: [
      { sequence: 1, type: 'journey.referred', step: 'CONNECT', occurredAt: journey.updatedAt, actorOrganisationId: parties.careProviderId },
      { sequence: 2, type: 'task.opened', step: 'CONNECT', occurredAt: journey.updatedAt, taskId: 'intake.accept#1', data: { taskType: 'intake.accept' } },
    ],
    tasks: [task(2, 'OPEN')],
  });

  const read = async (candidateId: string) => ({
    journey: (await db.query('SELECT step, status, phase, sequence FROM journeys WHERE candidate_id = $1', [candidateId])).rows,
    events: (await db.query('SELECT sequence, type, task_id FROM journey_events WHERE candidate_id = $1 ORDER BY sequence', [candidateId])).rows,
    tasks: (await db.query('SELECT task_id, status, sequence FROM human_tasks WHERE candidate_id = $1', [candidateId])).rows,
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
      tasks: [{ task_id: 'intake.accept#1', status: 'OPEN', sequence: 2 }],
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

  it('a late, older projection never moves the journey or a task back', async () => {
    const journey = await newJourney();
    const later: ProjectJourneyInput = {
      journey: { ...journey, step: 'DISCOVER', phase: 'DISCOVER:ACTIVE', sequence: 4, updatedAt: '2026-11-02T09:00:00.000Z' },
      events: [
        { sequence: 3, type: 'task.completed', step: 'CONNECT', occurredAt: '2026-11-02T09:00:00.000Z', taskId: 'intake.accept#1' },
        { sequence: 4, type: 'journey.moved', step: 'DISCOVER', occurredAt: '2026-11-02T09:00:00.000Z' },
      ],
      tasks: [task(4, 'COMPLETED')],
    };
    await activities.projectJourney(later);
    await activities.projectJourney(referred(journey));
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'DISCOVER', status: 'ACTIVE', phase: 'DISCOVER:ACTIVE', sequence: 4 }],
      events: [
        { sequence: 1, type: 'journey.referred', task_id: null },
        { sequence: 2, type: 'task.opened', task_id: 'intake.accept#1' },
        { sequence: 3, type: 'task.completed', task_id: 'intake.accept#1' },
        { sequence: 4, type: 'journey.moved', task_id: null },
      ],
      tasks: [{ task_id: 'intake.accept#1', status: 'COMPLETED', sequence: 4 }],
    });
  });
});
