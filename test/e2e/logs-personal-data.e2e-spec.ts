import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { freePort } from '../../libs/devstack/src/ports';
import { PERSONAL_MARKERS, PRIVACY_MARKERS as M } from '../support/personal-markers';
import { createParties, referralBody, sql, type TestParties } from '../support/stack';
import { devToken, startFromSources as start, type SourceProcess, stopProcess as stop, untilReady } from '../support/processes';
import { testRun } from '../support/test-run';

/**
 * The API's and the worker's logs, at their most talkative, hold none of the young person's data:
 * an end-to-end run with every kind of personal data (names, birth date, contact details, free
 * text, BSN), through reads, changes, bad input and the export, then a grep of both logs.
 */
describe("personal data never reaches the API's or the worker's logs", () => {
  let api: SourceProcess;
  let worker: SourceProcess;
  let db: PgClient;
  let parties: TestParties;
  let base: string;

  beforeAll(async () => {
    db = await sql();
    parties = await createParties(db);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const run = testRun();
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'verbose',
      DATABASE_URL: run.databaseUrl,
      TEMPORAL_ADDRESS: run.temporalAddress,
      TEMPORAL_TASK_QUEUE: run.taskQueue,
      WORKFLOW_BUNDLE: run.workflowBundle,
      PORT: String(port),
    };
    worker = start('apps/worker/src/main.ts', env);
    api = start('apps/api/src/main.ts', env);
    await untilReady(base, [api, worker]);
  });

  afterAll(async () => {
    await Promise.all([api && stop(api.child), worker && stop(worker.child)]);
    await db?.end();
  });

  const token = (organisationId: string, roles: string[]): Promise<string> => devToken(base, organisationId, roles, 'logs');

  /** A request as a client sends it: a 503 is sent again as it asks, with the same Idempotency-Key. */
  const call = async (auth: string, method: string, path: string, body?: unknown, key = true) => {
    const idempotencyKey = randomUUID();
    const deadline = Date.now() + 60000;
    for (;;) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(key && method !== 'GET' ? { 'idempotency-key': idempotencyKey } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 503 || Date.now() > deadline) return { status: response.status, text };
      await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after') ?? 1)));
    }
  };

  it('a run through every kind of personal data leaves none of it in either log', async () => {
    const [coordinator, care] = [await token(parties.municipalityId, ['coordinator']), await token(parties.careProviderId, ['support-worker'])];
    const { situation, bsn: _bsn, correctedLastName: _c, ...candidate } = M;
    const referral = await call(care, 'POST', '/referrals', referralBody(parties, { candidate, situation }));
    expect(referral.status).toBe(201);
    const { candidateId } = JSON.parse(referral.text) as { candidateId: string };
    // Bad input that carries personal data: a name where a date belongs, an over-long situation, a broken phone number.
    const bad = await call(care, 'POST', '/referrals', referralBody(parties, { candidate: { ...candidate, dateOfBirth: M.firstName, phone: `${M.phone} ${M.lastName}` }, situation: `${M.situation} `.repeat(80) }));
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain(M.firstName);

    const inbox = JSON.parse((await call(coordinator, 'GET', `/tasks?journey=${candidateId}&type=intake.accept`)).text) as { items: { taskId: string }[] };
    expect((await call(coordinator, 'POST', `/journeys/${candidateId}/tasks/${encodeURIComponent(inbox.items[0].taskId)}/complete`, { payload: { decision: 'ACCEPT' } })).status).toBe(200);
    expect((await call(coordinator, 'GET', `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`)).text).toContain(M.lastName);
    expect((await call(coordinator, 'PUT', `/journeys/${candidateId}/bsn`, { bsn: M.bsn, purpose: 'MUNICIPAL_TASK' }, false)).status).toBe(204);
    expect((await call(coordinator, 'GET', `/journeys/${candidateId}/bsn?purpose=MUNICIPAL_TASK`)).text).toContain(M.bsn);
    expect((await call(coordinator, 'POST', '/journeys/find-by-bsn', { bsn: M.bsn, purpose: 'MUNICIPAL_TASK' }, false)).status).toBe(200);
    expect((await call(care, 'PUT', `/journeys/${candidateId}/bsn`, { bsn: M.bsn, purpose: 'MUNICIPAL_TASK' }, false)).status).toBe(403);
    expect((await call(care, 'PATCH', `/journeys/${candidateId}/candidate`, { version: 2, reason: `Spelling van ${M.lastName}`, lastName: M.correctedLastName })).status).toBe(200);
    expect((await call(care, 'PATCH', `/journeys/${candidateId}/candidate`, { version: 1, reason: 'stale', lastName: M.lastName })).status).toBe(409);
    expect((await call(care, 'GET', `/journeys/${candidateId}/export?format=html`)).text).toContain(M.situation);
    expect((await call(care, 'GET', `/journeys/${candidateId}/access-log`)).status).toBe(200);
    expect((await call(care, 'POST', `/journeys/${candidateId}/consents`, { givenBy: 'CANDIDATE', givenAt: '2026-11-20T10:00:00Z', grants: [], withdrawAll: true })).status).toBe(201);

    await new Promise((r) => setTimeout(r, 1000)); // the last lines flushed
    const logs = { api: api.output(), worker: worker.output() };
    // The logs were written at all, at the level asked for: every request, the worker's start.
    expect(logs.api).toContain('"status":201');
    expect(logs.api.split('\n').filter((l) => l.includes('"HTTP"')).length).toBeGreaterThan(10);
    expect(logs.worker).toContain('Worker polling task queue');
    const leaks = Object.entries(logs).flatMap(([name, text]) => PERSONAL_MARKERS.filter((m) => text.includes(m)).map((m) => `${name}: ${m}`));
    expect(leaks).toEqual([]);
  });
});
