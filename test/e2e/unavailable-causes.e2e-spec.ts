import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import { bearer, createCandidate, createParties, referralBody, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * A command that cannot be done now answers 503 with Retry-After and names what is missing — no
 * worker, or a workflow whose workflow task keeps failing — and readiness says the same; the same
 * key afterwards has its one effect.
 */
describe('503 answers name their cause', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let parties: TestParties;
  const taskQueue = `no-worker-${testRun().runId}`;
  const overrides = { TEMPORAL_TASK_QUEUE: taskQueue, DEPENDENCY_TIMEOUT_MS: '2000' };

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(overrides), sql()]);
    parties = await createParties(db);
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
  });

  it('no worker polls: readiness is 503 with the worker down, a command 503 saying so; a worker back, the same key works once', async () => {
    // A worker on this queue starts the journey, then stops.
    let worker: INestApplicationContext | undefined = await startWorker(overrides);
    const care = await bearer(api, parties.careProviderId, ['support-worker']);
    const referred = await api.inject({ method: 'POST', url: '/referrals', headers: { authorization: care, 'idempotency-key': randomUUID() }, payload: referralBody(parties) });
    expect(referred.statusCode).toBe(201);
    const candidateId = referred.json().candidateId as string;
    expect((await api.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    await worker.close();

    const ready = await api.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'error', database: { status: 'up' }, temporal: { status: 'up' }, worker: { status: 'down', workers: 0 } });
    expect((await api.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);

    const coordinator = await bearer(api, parties.municipalityId, ['coordinator']);
    const key = randomUUID();
    const accept = () =>
      api.inject({
        method: 'POST',
        url: `/journeys/${candidateId}/tasks/intake.accept%231/complete`,
        headers: { authorization: coordinator, 'idempotency-key': key },
        payload: { payload: { decision: 'ACCEPT' } },
      });
    const refused = await accept();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toEqual(expect.any(String));
    expect(refused.json().detail).toMatch(new RegExp(`^No worker is processing journeys \\(task queue ${taskQueue}`));

    worker = await startWorker(overrides);
    try {
      let answer = await accept();
      for (let i = 0; i < 20 && answer.statusCode === 503; i++) answer = await accept();
      expect(answer.statusCode).toBe(200);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'`, [candidateId]);
      expect(rows[0].n).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('a workflow whose workflow task keeps failing: 503 with Retry-After that says so, not 500', async () => {
    const queue = `failing-${testRun().runId}`;
    const connection = await NativeConnection.connect({ address: testRun().temporalAddress });
    const broken = await Worker.create({ connection, taskQueue: queue, workflowsPath: require.resolve('../support/failing-workflows') });
    const running = broken.run();
    const temporal = await temporalClient();
    const onQueue = await startApi({ TEMPORAL_TASK_QUEUE: queue, DEPENDENCY_TIMEOUT_MS: '2000' });
    try {
      // The read model knows the journey (as before the deploy that broke it); its workflow fails every workflow task.
      const candidateId = await createCandidate(db, parties);
      await db.query(
        `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status, phase, sequence, referred_at, updated_at)
         VALUES ($1, $2, $3, $4, $4, 'CONNECT', 'ACTIVE', 'CONNECT:ACTIVE', 2, now(), now())`,
        [candidateId, journeyWorkflowId(candidateId), parties.municipalityId, parties.careProviderId],
      );
      await temporal.client.workflow.start('journeyWorkflow', { workflowId: journeyWorkflowId(candidateId), taskQueue: queue, args: [] });
      // Temporal refuses Updates once the workflow task has failed on its retries too (attempt 3).
      const handle = temporal.client.workflow.getHandle(journeyWorkflowId(candidateId));
      for (let attempt = 0; attempt < 3; await new Promise((r) => setTimeout(r, 200))) {
        attempt = (await handle.describe()).raw.pendingWorkflowTask?.attempt ?? 0;
      }
      // The stand-in worker polls the queue; as a worker of the system does, it says so (else the API knows no worker polls).
      await db.query(`INSERT INTO worker_heartbeats (worker_id, task_queue, host, pid, started_at, seen_at) VALUES ($1, $2, 'test', 0, now(), now())`, [randomUUID(), queue]);
      const coordinator = await bearer(onQueue, parties.municipalityId, ['coordinator']);
      const paused = await onQueue.inject({ method: 'POST', url: `/journeys/${candidateId}/pause`, headers: { authorization: coordinator, 'idempotency-key': randomUUID() }, payload: {} });
      expect(paused.statusCode).toBe(503);
      expect(paused.headers['retry-after']).toEqual(expect.any(String));
      expect(paused.json()).toMatchObject({ type: expect.stringMatching(/dependency-unavailable$/), detail: expect.stringMatching(/^The journey's workflow is retrying a failed workflow task/) });
      await handle.terminate('test done');
    } finally {
      await onQueue.close();
      broken.shutdown();
      await running;
      await connection.close();
      await temporal.close();
    }
  });
});
