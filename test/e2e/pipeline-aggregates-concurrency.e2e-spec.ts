import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { JourneyDriver, PAYLOADS, QUIET_POLICY } from '../support/journey-driver';
import { createCandidate, createParties, endJourneysStartedSince, sql, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

/**
 * The summary's aggregates under concurrent projections in one municipality: eight journeys
 * ping-pong an orientation between the coordinator and the employer at once, so every projection
 * closes one party's task and opens the other's (the pattern that deadlocked when triggers updated
 * shared aggregate rows; a lost delta shows as drift). The triggers append to a log instead.
 */
describe('pipeline aggregates under concurrent projections', () => {
  let worker: INestApplicationContext;
  let db: PgClient;
  let temporal: { client: Client; close: () => Promise<void> };
  let m: TestParties;
  const lanes: JourneyDriver[] = [];

  beforeAll(async () => {
    [worker, db, temporal] = await Promise.all([startWorker(), sql(), temporalClient()]);
    m = await createParties(db);
    const parties = { municipalityId: m.municipalityId, careProviderId: m.careProviderId, employerIds: [m.employerId] };
    const policy = { ...QUIET_POLICY, evaluationIntervalMs: 3_600_000 };
    const candidates: string[] = [];
    for (let i = 0; i < 8; i++) candidates.push(await createCandidate(db, m)); // one query at a time per pg client
    await Promise.all(
      candidates.map(async (candidateId) => {
        const journey = await JourneyDriver.start(temporal.client, testRun().taskQueue, candidateId, parties, policy);
        await journey.complete('intake.accept', PAYLOADS.accept);
        await journey.complete('intake.meeting', PAYLOADS.meeting);
        await journey.complete('profile.talents', PAYLOADS.talents);
        lanes.push(journey);
      }),
    );
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await worker?.close();
    await db?.end();
    await temporal?.close();
  });

  it('eight lanes at once: the aggregates equal their recomputation and the tasks as they are', async () => {
    await Promise.all(
      lanes.map(async (journey) => {
        for (let round = 0; round < 4; round++) {
          await journey.complete('orientation.propose', PAYLOADS.propose(m.employerId));
          await journey.complete('orientation.respond', PAYLOADS.declines, m.employerId);
        }
      }),
    );

    const drift = await db.query('SELECT aggregate, differing FROM pipeline_aggregates_drift($1) WHERE differing <> 0', [m.municipalityId]);
    expect(drift.rows).toEqual([]);
    // Each journey waits on the coordinator's next proposal; nothing waits on the employer.
    const { rows } = await db.query(
      'SELECT organisation_id, sum(open)::int AS open FROM pipeline_agg_tasks_all WHERE municipality_id = $1 GROUP BY organisation_id HAVING sum(open) <> 0',
      [m.municipalityId],
    );
    expect(rows).toEqual([{ organisation_id: m.municipalityId, open: 8 }]);
    const phases = () => db.query('SELECT step, status, sum(n)::int AS n FROM pipeline_agg_phases_all WHERE municipality_id = $1 GROUP BY step, status HAVING sum(n) <> 0', [m.municipalityId]);
    expect((await phases()).rows).toEqual([{ step: 'DISCOVER', status: 'ACTIVE', n: 8 }]);
    // Folding the log into the tables changes no sum.
    await db.query('SELECT pipeline_aggregates_fold()');
    expect((await db.query('SELECT count(*)::int AS n FROM pipeline_agg_phases_delta WHERE municipality_id = $1', [m.municipalityId])).rows[0].n).toBe(0);
    expect((await phases()).rows).toEqual([{ step: 'DISCOVER', status: 'ACTIVE', n: 8 }]);
    expect((await db.query('SELECT aggregate, differing FROM pipeline_aggregates_drift($1) WHERE differing <> 0', [m.municipalityId])).rows).toEqual([]);
  });
});
