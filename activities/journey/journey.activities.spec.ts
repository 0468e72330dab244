import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Client as PgClient } from 'pg';
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { startJourney, type JourneySnapshot } from '../../libs/domain/src/journey';
import { testRun } from '../../test/support/test-run';
import { createParties, sql, type TestParties } from '../../test/support/stack';
import { createJourneyActivities } from './journey.activities';

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

  async function newJourney(): Promise<JourneySnapshot> {
    const candidateId = randomUUID();
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'A', 'B', '2006-01-01')`, [
      candidateId,
      parties.municipalityId,
    ]);
    return startJourney(
      { candidateId, municipalityId: parties.municipalityId, careProviderId: parties.careProviderId, referrerOrganisationId: parties.careProviderId, referredAt: '2026-11-01T09:00:00.000Z' },
      '2026-11-01T09:00:01.000Z',
    );
  }

  const read = async (candidateId: string) => ({
    journey: (await db.query('SELECT step, status, sequence FROM journeys WHERE candidate_id = $1', [candidateId])).rows,
    events: (await db.query('SELECT sequence, type FROM journey_events WHERE candidate_id = $1 ORDER BY sequence', [candidateId])).rows,
  });

  it('writes the journey and its timeline entry', async () => {
    const journey = await newJourney();
    await activities.projectJourney({ journey, event: { type: 'journey.referred', actorOrganisationId: parties.careProviderId } });
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'CONNECT', status: 'ACTIVE', sequence: 1 }],
      events: [{ sequence: 1, type: 'journey.referred' }],
    });
  });

  it('a retried or replayed projection changes nothing', async () => {
    const journey = await newJourney();
    const input = { journey, event: { type: 'journey.referred' } };
    await activities.projectJourney(input);
    await activities.projectJourney(input);
    await Promise.all([activities.projectJourney(input), activities.projectJourney(input)]);
    const { events } = await read(journey.candidateId);
    expect(events).toEqual([{ sequence: 1, type: 'journey.referred' }]);
  });

  it('a late, older projection never moves the journey back', async () => {
    const journey = await newJourney();
    const later = { ...journey, step: 'DISCOVER' as const, sequence: 2, updatedAt: '2026-11-02T09:00:00.000Z' };
    await activities.projectJourney({ journey: later, event: { type: 'intake.accepted' } });
    await activities.projectJourney({ journey, event: { type: 'journey.referred' } });
    expect(await read(journey.candidateId)).toEqual({
      journey: [{ step: 'DISCOVER', status: 'ACTIVE', sequence: 2 }],
      events: [
        { sequence: 1, type: 'journey.referred' },
        { sequence: 2, type: 'intake.accepted' },
      ],
    });
  });
});
