import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import { freePort } from '../../libs/devstack/src/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import { JourneyDriver, PAYLOADS, QUIET_POLICY } from '../support/journey-driver';
import { bearer, createCandidate, createParties, endJourneysStartedSince, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Journeys of this file run on compressed time (evaluations every second): ended when it is done, so they load no later file. */
const startedAt = new Date();

/**
 * The read model converges to the committed history when a workflow task is lost after its
 * projection committed. The deterministic reproduction: the journey row is held locked, an
 * employer accepts an orientation (task A), the Temporal server is killed while the projection
 * waits, the lock is released (the projection commits; its workflow task never will), the server
 * comes back, another employer answers (task B, a new key) and the first retries with its key.
 * Before the fence, the timeline showed A completed twice and B never.
 */
describe('a workflow task lost after its projection committed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'placement-crash-'));
  const dbFile = join(dir, 'temporal.db');
  const taskQueue = `crash-${testRun().runId}`;
  let port: number;
  let temporal: TemporalDevServer;
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let connection: Connection;
  let client: Client;
  let parties: TestParties;
  let secondEmployerId: string;

  const startTemporal = () =>
    startTemporalDevServer({ cliPath: testRun().temporalCli, port, namespace: 'default', dbFile, searchAttributes: JOURNEY_SEARCH_ATTRIBUTES, log: () => undefined });

  beforeAll(async () => {
    port = await freePort();
    temporal = await startTemporal();
    const overrides = { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue };
    [worker, api, db] = await Promise.all([startWorker(overrides), startApi(overrides), sql()]);
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
    parties = await createParties(db);
    secondEmployerId = randomUUID();
    await db.query(`INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, 'Tweede werkgever', 'EMPLOYER', $2)`, [secondEmployerId, parties.municipalityId]);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await connection?.close();
    await temporal?.stop();
    await db?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves each completion in the timeline exactly once and the read model equal to the workflow', async () => {
    const driver = await JourneyDriver.start(client, taskQueue, await createCandidate(db, parties), { ...parties, employerIds: [parties.employerId, secondEmployerId] }, QUIET_POLICY);
    await driver.complete('intake.accept', PAYLOADS.accept);
    await driver.complete('intake.meeting', PAYLOADS.meeting);
    await driver.complete('profile.talents', PAYLOADS.talents);
    await driver.complete('orientation.propose', PAYLOADS.propose(parties.employerId, secondEmployerId));
    const taskA = await driver.task('orientation.respond', parties.employerId);
    const taskB = await driver.task('orientation.respond', secondEmployerId);
    const candidateId = driver.candidateId;
    const [first, second] = [await bearer(api, parties.employerId, ['employer']), await bearer(api, secondEmployerId, ['employer'])];
    const respond = (token: string, taskId: string, key: string) =>
      api.inject({
        method: 'POST',
        url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`,
        headers: { authorization: token, 'idempotency-key': key },
        payload: { payload: PAYLOADS.accepts },
      });
    /** Retries with the same key, as a client told 503 does, until the command is done. */
    const untilDone = async (send: () => ReturnType<typeof respond>) => {
      for (let attempt = 0; ; attempt++) {
        const response = await send();
        if (response.statusCode < 300) return response;
        expect(response.statusCode).toBe(503);
        if (attempt > 120) throw new Error(`still ${response.statusCode} after ${attempt} attempts: ${response.body}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    };

    // The projection of A's workflow task waits on the journey row.
    const lock = await sql();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM journeys WHERE candidate_id = $1 FOR UPDATE', [candidateId]);
    const keyA = randomUUID();
    const answerA = respond(first, taskA.id, keyA);
    await new Promise((r) => setTimeout(r, 2000));
    temporal.process.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 2000));
    await lock.query('COMMIT');
    await lock.end();
    // The server died under the call: a 503 to retry, never a 500.
    expect((await answerA).statusCode).toBe(503);
    // The projection of the lost workflow task committed: A shows completed, though no history says so.
    const phantom = async () =>
      (await db.query(`SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND type = 'task.completed' AND task_id = $2`, [candidateId, taskA.id])).rows[0].n;
    for (let waited = 0; (await phantom()) === 0 && waited < 10000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(await phantom()).toBe(1);
    // Nobody is shown the lost workflow task's rows: not the completion in the timeline, not the
    // feedback task it opened, not A's task as done (issue: phantoms users can see).
    const coordinator = await bearer(api, parties.municipalityId, ['coordinator']);
    const shown = async () => {
      const inbox = await api.inject({ method: 'GET', url: `/tasks?journey=${candidateId}`, headers: { authorization: first } });
      const timeline = await api.inject({ method: 'GET', url: `/journeys/${candidateId}/timeline`, headers: { authorization: coordinator } });
      expect([inbox.statusCode, timeline.statusCode]).toEqual([200, 200]);
      return {
        inbox: (inbox.json().items as { type: string }[]).map((t) => t.type).sort(),
        completed: (timeline.json().items as { type: string; taskId?: string }[]).filter((e) => e.type === 'task.completed').map((e) => e.taskId),
      };
    };
    const whileLost = await shown();
    expect(whileLost.inbox).not.toContain('orientation.feedback');
    expect(whileLost.completed).not.toContain(taskA.id);

    temporal = await startTemporal();
    await untilDone(() => respond(second, taskB.id, randomUUID()));
    await untilDone(() => respond(first, taskA.id, keyA));

    const { rows: events } = await db.query(`SELECT sequence, type, task_id FROM journey_events WHERE candidate_id = $1 ORDER BY sequence`, [candidateId]);
    const completions = events.filter((e) => e.type === 'task.completed' && e.task_id.startsWith('orientation.respond')).map((e) => e.task_id);
    expect(completions.sort()).toEqual([taskA.id, taskB.id].sort());
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));

    // The read model says what the workflow says: journey, open tasks, timeline length.
    const view = await driver.view();
    const { rows: [journey] } = await db.query('SELECT sequence, step, status FROM journeys WHERE candidate_id = $1', [candidateId]);
    expect(journey).toEqual({ sequence: view.sequence, step: view.step, status: view.status });
    expect(events.length).toBe(view.sequence);
    const { rows: open } = await db.query(`SELECT task_id FROM human_tasks WHERE candidate_id = $1 AND status IN ('OPEN', 'CLAIMED') ORDER BY task_id`, [candidateId]);
    expect(open.map((t) => t.task_id)).toEqual(view.openTasks.map((t) => t.id).sort());
    // Committed now: shown.
    const after = await shown();
    expect(after.inbox).toContain('orientation.feedback');
    expect(after.completed).toEqual(expect.arrayContaining([taskA.id, taskB.id]));
  });
});
