import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { startFromSources, stopProcess } from '../support/processes';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { testRun } from '../support/test-run';

/**
 * When what a call needs is known to be down — no worker heartbeat for the task queue, or the
 * connection to Temporal failing — the API answers 503 with Retry-After at once (well within 2 s),
 * not after DEPENDENCY_TIMEOUT_MS; the same key afterwards has its one effect.
 */
describe('503 at once when a dependency is known to be down', () => {
  const DEPENDENCY_TIMEOUT_MS = 5000;
  /** "At once" on a loaded 2-core machine: far under the dependency timeout. */
  const AT_ONCE_MS = 2000;
  let db: PgClient;
  let parties: TestParties;

  beforeAll(async () => {
    db = await sql();
    parties = await createParties(db);
  });

  afterAll(async () => {
    await db?.end();
  });

  /** A request's answer and how long it took. */
  async function timed(api: NestFastifyApplication, request: Parameters<NestFastifyApplication['inject']>[0]) {
    const started = performance.now();
    const response = await api.inject(request as never);
    return { response, ms: performance.now() - started };
  }

  /** Each request answers 503 problem+json with Retry-After and this cause, at once. */
  async function expectUnavailableAtOnce(api: NestFastifyApplication, requests: Parameters<NestFastifyApplication['inject']>[0][], cause: RegExp) {
    for (const request of requests) {
      const { response, ms } = await timed(api, request);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toEqual(expect.any(String));
      expect(response.json()).toMatchObject({ type: expect.stringMatching(/dependency-unavailable$/), detail: expect.stringMatching(cause) });
      expect(ms).toBeLessThan(AT_ONCE_MS);
    }
  }

  /** Refers a young person through this API; the journey's first task is the municipality's intake.accept#1. */
  async function refer(api: NestFastifyApplication): Promise<string> {
    const care = await bearer(api, parties.careProviderId, ['support-worker']);
    const referred = await api.inject({ method: 'POST', url: '/referrals', headers: { authorization: care, 'idempotency-key': randomUUID() }, payload: referralBody(parties) });
    expect(referred.statusCode).toBe(201);
    return referred.json().candidateId as string;
  }

  /** The task detail read (a query to the journey's workflow) and the intake's acceptance (an Update), with one key. */
  function requests(candidateId: string, coordinator: string, key: string) {
    return {
      detail: { method: 'GET' as const, url: `/journeys/${candidateId}/tasks/intake.accept%231?purpose=MUNICIPAL_TASK`, headers: { authorization: coordinator } },
      accept: {
        method: 'POST' as const,
        url: `/journeys/${candidateId}/tasks/intake.accept%231/complete`,
        headers: { authorization: coordinator, 'idempotency-key': key },
        payload: { payload: { decision: 'ACCEPT' } },
      },
    };
  }

  /** Asks again (with the same key) until the answer is no longer a 503; a minute at most. */
  async function untilServed(api: NestFastifyApplication, request: Parameters<NestFastifyApplication['inject']>[0]) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await api.inject(request as never);
      if (response.statusCode !== 503 || Date.now() > deadline) return response;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function completedOnce(candidateId: string): Promise<void> {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed'`, [candidateId]);
    expect(rows[0].n).toBe(1);
  }

  it('no worker polls the task queue: the task detail read and an act answer 503 at once, naming it; a worker back, the same key works once', async () => {
    const overrides = { TEMPORAL_TASK_QUEUE: `known-down-worker-${testRun().runId}`, DEPENDENCY_TIMEOUT_MS: String(DEPENDENCY_TIMEOUT_MS) };
    const api = await startApi(overrides);
    let worker: INestApplicationContext | undefined = await startWorker(overrides);
    try {
      const candidateId = await refer(api);
      const coordinator = await bearer(api, parties.municipalityId, ['coordinator']);
      const { detail, accept } = requests(candidateId, coordinator, randomUUID());
      expect((await api.inject(detail)).statusCode).toBe(200);
      await worker.close(); // its heartbeat row goes with it
      worker = undefined;

      await expectUnavailableAtOnce(api, [detail, accept], /^No worker is processing journeys/);

      worker = await startWorker(overrides);
      expect((await untilServed(api, accept)).statusCode).toBe(200);
      await completedOnce(candidateId);
    } finally {
      await worker?.close();
      await api.close();
    }
  });

  it('the only worker is paused (SIGSTOP) until its heartbeat is stale: the task detail read (a query to the journey sticky on it) and an act answer 503 at once; resumed, the same key works once', async () => {
    const run = testRun();
    const taskQueue = `known-down-paused-${run.runId}`;
    const worker = startFromSources('apps/worker/src/main.ts', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: run.databaseUrl,
      TEMPORAL_ADDRESS: run.temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE: run.workflowBundle,
    });
    const api = await startApi({ TEMPORAL_TASK_QUEUE: taskQueue, DEPENDENCY_TIMEOUT_MS: String(DEPENDENCY_TIMEOUT_MS) });
    const polling = async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM worker_heartbeats WHERE task_queue = $1 AND seen_at > now() - interval '10 seconds'`, [taskQueue]);
      return rows[0].n as number;
    };
    /** Waits for a condition, up to two minutes (the worker process starts from the sources on a busy machine). */
    const until = async (what: string, condition: () => Promise<boolean>) => {
      const deadline = Date.now() + 120_000;
      while (!(await condition())) {
        if (Date.now() > deadline || worker.child.exitCode !== null) throw new Error(`${what} did not happen:\n${worker.output()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    try {
      await until('the worker polling', async () => (await polling()) > 0);
      const candidateId = await refer(api);
      const coordinator = await bearer(api, parties.municipalityId, ['coordinator']);
      const { detail, accept } = requests(candidateId, coordinator, randomUUID());
      expect((await api.inject(detail)).statusCode).toBe(200);
      worker.child.kill('SIGSTOP'); // its connections stay open: Temporal still counts it as polling
      await until("the paused worker's heartbeat going stale", async () => (await polling()) === 0);

      await expectUnavailableAtOnce(api, [detail, accept], /^No worker is processing journeys/);

      worker.child.kill('SIGCONT');
      expect((await untilServed(api, accept)).statusCode).toBe(200);
      await completedOnce(candidateId);
    } finally {
      worker.child.kill('SIGCONT');
      await api.close();
      await stopProcess(worker.child);
    }
  });

  it('Temporal cannot be reached: reads, acts and readiness answer 503 at once, naming it; Temporal back, the same key works once', async () => {
    const [host, port] = testRun().temporalAddress.split(':');
    const proxy = await TcpProxy.start({ host, port: Number(port) });
    const taskQueue = `known-down-temporal-${testRun().runId}`;
    // The worker reaches Temporal directly; only the API's way to it is cut.
    const worker = await startWorker({ TEMPORAL_TASK_QUEUE: taskQueue });
    const api = await startApi({ TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}`, DEPENDENCY_TIMEOUT_MS: String(DEPENDENCY_TIMEOUT_MS) });
    try {
      const candidateId = await refer(api);
      const coordinator = await bearer(api, parties.municipalityId, ['coordinator']);
      const { detail, accept } = requests(candidateId, coordinator, randomUUID());
      expect((await api.inject(detail)).statusCode).toBe(200);
      await proxy.cut(); // as Temporal killed: the connection drops, new ones are refused

      await expectUnavailableAtOnce(api, [detail, accept, detail], /^Temporal is not reachable/);
      const ready = await timed(api, { method: 'GET', url: '/health/ready' });
      expect(ready.response.statusCode).toBe(503);
      expect(ready.response.json()).toMatchObject({ temporal: { status: 'down' }, database: { status: 'up' } });
      expect(ready.ms).toBeLessThan(AT_ONCE_MS);

      await proxy.restore();
      expect((await untilServed(api, accept)).statusCode).toBe(200);
      await completedOnce(candidateId);
      expect((await untilServed(api, detail)).statusCode).toBe(200);
    } finally {
      await api.close();
      await worker.close();
      await proxy.cut();
    }
  });
});
