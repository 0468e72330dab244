import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Client as PgClient, Pool } from 'pg';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApiApp } from '../../apps/api/src/app.factory';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { initialGrants } from '../../libs/domain/src/privacy';
import { withOpenApiContract } from './openapi-contract';
import { testRun } from './test-run';

/** The worker process, in-process: real activities on the test database, the run's task queue; env overrides apply to this instance only. */
export async function startWorker(overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  return withEnv(overrides, async () => {
    // A start that fails throws here (the test fails), rather than exiting the whole jest process.
    const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'], abortOnError: false });
    await app.init();
    return app;
  });
}

/**
 * The API exactly as production builds it; env overrides apply to this instance only. Every
 * response it gives is checked against its served OpenAPI document (see openapi-contract.ts).
 */
export async function startApi(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
  return withEnv(overrides, async () => withOpenApiContract(await createApiApp(false)));
}

/** Runs `fn` with these environment variables set (each process reads its environment while it starts). */
async function withEnv<T>(overrides: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(overrides)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A client of the run's one dev server (started by global setup, reached as an existing server). */
export async function temporalClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: testRun().temporalAddress, namespace: 'default' });
  return { client: env.client, close: () => env.teardown() };
}

/**
 * Ends the journeys started on the run's task queue since a moment. A test that compresses
 * journey time (JOURNEY_TIME_SCALE) calls it when it is done: its journeys' reminders and
 * evaluations would otherwise keep firing many times a second, and the next test file's worker
 * (the same task queue) would spend the machine on them. Their histories stay for the replay.
 */
export async function endJourneysStartedSince(since: Date): Promise<number> {
  const { client, close } = await temporalClient();
  try {
    let ended = 0;
    const query = `TaskQueue = '${testRun().taskQueue}' AND WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running' AND StartTime >= '${since.toISOString()}'`;
    for await (const e of client.workflow.list({ query })) {
      await client.workflow.getHandle(e.workflowId, e.runId).terminate('test done: journey time was compressed').catch(() => undefined);
      ended++;
    }
    return ended;
  } finally {
    await close();
  }
}

/** A direct SQL connection to the run's database, for asserting what was (not) written. */
export async function sql(): Promise<PgClient> {
  const client = new PgClient({ connectionString: testRun().databaseUrl });
  await client.connect();
  return client;
}

export interface TestParties {
  municipalityId: string;
  careProviderId: string;
  schoolId: string;
  employerId: string;
}

/** Fresh organisations for one test, so no test depends on another's data. */
export async function createParties(db: PgClient): Promise<TestParties> {
  const parties: TestParties = {
    municipalityId: randomUUID(),
    careProviderId: randomUUID(),
    schoolId: randomUUID(),
    employerId: randomUUID(),
  };
  const rows: [string, OrganisationType][] = [
    [parties.municipalityId, OrganisationType.MUNICIPALITY],
    [parties.careProviderId, OrganisationType.CARE_PROVIDER],
    [parties.schoolId, OrganisationType.SCHOOL],
    [parties.employerId, OrganisationType.EMPLOYER],
  ];
  for (const [id, type] of rows) {
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [
      id,
      `Test ${type.toLowerCase()} ${id.slice(0, 8)}`,
      type,
      parties.municipalityId,
    ]);
  }
  return parties;
}

export function referralBody(parties: TestParties, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    municipalityId: parties.municipalityId,
    careProviderId: parties.careProviderId,
    candidate: { firstName: 'Sanne', lastName: 'Bakker', dateOfBirth: '2006-03-14' },
    situation: 'Attends day-activities three days a week.',
    consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    ...overrides,
  };
}

/** A candidate row, as a referral writes it: journeys and tasks refer to it. */
export async function createCandidate(db: PgClient, parties: TestParties): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Test', 'Candidate', '2006-01-01')`, [
    id,
    parties.municipalityId,
  ]);
  // Version 1 of the consent ledger, as the referral's consent makes it.
  await db.query(
    `INSERT INTO consent_versions (candidate_id, version, given_by, given_at, grants, recorded_by_organisation_id, recorded_by_user_id) VALUES ($1, 1, 'CANDIDATE', now(), $2, $3, 'test')`,
    [id, JSON.stringify(initialGrants()), parties.municipalityId],
  );
  return id;
}

let seedPool: Pool | undefined;

/**
 * Registers a user of the organisation (as seeding does; roles accumulate when the same user is
 * seeded again) and returns its id. The default user name follows the roles, so two tokens of one
 * organisation with different roles are two users.
 */
export async function seedUser(organisationId: string, roles: string[] = [], subject = `${roles.join('+') || 'no-role'}-${organisationId.slice(0, 8)}`): Promise<string> {
  if (!seedPool) {
    seedPool = new Pool({ connectionString: testRun().databaseUrl, max: 2, idleTimeoutMillis: 1000, allowExitOnIdle: true });
    seedPool.on('error', () => undefined); // an idle connection ended by the run's teardown (the database is dropped)
  }
  const { rows } = await seedPool.query(
    `INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, $3, $3, $4)
     ON CONFLICT (organisation_id, subject) DO UPDATE SET roles = ARRAY(SELECT DISTINCT unnest(users.roles || EXCLUDED.roles))
     RETURNING id`,
    [randomUUID(), organisationId, subject, roles],
  );
  return rows[0].id as string;
}

/** A bearer token for a (seeded) user of an organisation, minted by the API's development endpoint. */
export async function bearer(api: NestFastifyApplication, organisationId: string, roles: string[] = [], userId?: string): Promise<string> {
  const id = await seedUser(organisationId, roles, userId);
  const response = await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: id } });
  if (response.statusCode !== 200) throw new Error(`minting a token failed: ${response.statusCode} ${response.body}`);
  return `Bearer ${response.json().accessToken as string}`;
}

/**
 * Waits until the notice dispatcher has told every notice of these journeys (journey_notices holds
 * none of theirs). Until then it may ask a journey to project again to confirm its notices, which
 * repairs a read model that a test breaks on purpose: break it only once they are told.
 */
export async function untilNoticesTold(db: PgClient | Pool, candidateIds: string[], timeoutMs = 60_000): Promise<void> {
  await untilNone(db, `SELECT count(*)::int AS n FROM journey_notices WHERE candidate_id = ANY ($1::uuid[])`, candidateIds, 'notices not told', timeoutMs);
}

/**
 * Waits until every row of these journeys is committed (shown to people): an Update's answer
 * confirms its own, the notice dispatcher what no Update answered (a start, a timer) about a
 * second after it was written.
 */
export async function untilCommitted(db: PgClient | Pool, candidateIds: string[], timeoutMs = 60_000): Promise<void> {
  await untilNone(db, `SELECT count(*)::int AS n FROM journeys WHERE candidate_id = ANY ($1::uuid[]) AND sequence > committed_sequence`, candidateIds, 'journeys not committed', timeoutMs);
}

/** Polls `count` (one row, `n`, over the journeys `$1`) every 100 ms until it is 0. */
async function untilNone(db: PgClient | Pool, count: string, candidateIds: string[], what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>(count, [candidateIds]);
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} ${what} (of ${candidateIds.length} journeys) within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
