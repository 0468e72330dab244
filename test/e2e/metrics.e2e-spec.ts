import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { METRICS } from '../../libs/config/src/metrics';
import { freePort } from '../../libs/devstack/src/ports';
import { devToken, startFromSources, stopProcess, untilReady, type SourceProcess } from '../support/processes';
import { createParties, referralBody, sql, untilNoticesTold, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Prometheus text: the value of every sample whose name and labels match. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * The API's and the worker's Prometheus endpoints (METRICS_PORT), scraped after real work: a
 * referral over HTTP, its journey's projection, a reconciliation that finds and repairs a task the
 * read model lost. The SDK's own metrics (workflow task latency, schedule-to-start latency, slots)
 * come through the same endpoint.
 */
describe('metrics', () => {
  let api: SourceProcess;
  let worker: SourceProcess;
  let db: PgClient;
  let parties: TestParties;
  let base: string;
  let apiMetrics: string;
  let workerMetrics: string;

  beforeAll(async () => {
    db = await sql();
    parties = await createParties(db);
    const [port, apiMetricsPort, workerMetricsPort] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    apiMetrics = `http://127.0.0.1:${apiMetricsPort}/metrics`;
    workerMetrics = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    const run = testRun();
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: run.databaseUrl,
      TEMPORAL_ADDRESS: run.temporalAddress,
      // A task queue of its own: only this worker runs these journeys (and their projections).
      TEMPORAL_TASK_QUEUE: `${run.taskQueue}-metrics`,
      WORKFLOW_BUNDLE: run.workflowBundle,
      PORT: String(port),
    };
    worker = startFromSources('apps/worker/src/main.ts', { ...env, METRICS_PORT: String(workerMetricsPort) });
    api = startFromSources('apps/api/src/main.ts', { ...env, METRICS_PORT: String(apiMetricsPort) });
    await untilReady(base, [api, worker]);
  });

  afterAll(async () => {
    await Promise.all([api && stopProcess(api.child), worker && stopProcess(worker.child)]);
    await db?.end();
  });

  const token = (organisationId: string, roles: string[]): Promise<string> => devToken(base, organisationId, roles, 'metrics');

  const scrape = async (url: string): Promise<string> => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('the API counts requests by route and status, with their latency; the worker its projections, findings and the SDK metrics', async () => {
    const care = await token(parties.careProviderId, ['support-worker']);
    const coordinator = await token(parties.municipalityId, ['coordinator']);
    const referral = await fetch(`${base}/referrals`, {
      method: 'POST',
      headers: { authorization: care, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(referralBody(parties)),
    });
    expect(referral.status).toBe(201);
    const { candidateId } = (await referral.json()) as { candidateId: string };
    expect((await fetch(`${base}/journeys/${candidateId}/nope`, { headers: { authorization: care } })).status).toBe(404);

    // The read model loses the journey's open task (once its notices are told: their confirmation
    // would project the journey again); the reconciliation finds and repairs it.
    await untilNoticesTold(db, [candidateId]);
    const { rowCount } = await db.query(`DELETE FROM human_tasks WHERE candidate_id = $1 AND status = 'OPEN'`, [candidateId]);
    expect(rowCount).toBeGreaterThan(0);
    const started = await fetch(`${base}/pipeline/reconciliations`, { method: 'POST', headers: { authorization: coordinator, 'idempotency-key': randomUUID() } });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const deadline = Date.now() + 60000;
    let report: { status: string; driftFound: number } = { status: 'RUNNING', driftFound: 0 };
    while (report.status !== 'DONE' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      report = (await (await fetch(`${base}/pipeline/reconciliations/${id}`, { headers: { authorization: coordinator } })).json()) as typeof report;
    }
    expect(report).toMatchObject({ status: 'DONE' });
    expect(report.driftFound).toBeGreaterThan(0);

    const fromApi = await scrape(apiMetrics);
    expect(sum(samples(fromApi, METRICS.httpRequests, { method: 'POST', route: '/referrals', status: '201' }))).toBe(1);
    // By route pattern, never by path: a journey's id makes no series of its own.
    expect(sum(samples(fromApi, METRICS.httpRequests, { status: '404' }))).toBeGreaterThan(0);
    expect(fromApi).not.toContain(candidateId);
    expect(sum(samples(fromApi, `${METRICS.httpRequestDuration}_count`, { route: '/referrals', status: '201' }))).toBe(1);
    expect(samples(fromApi, `${METRICS.httpRequestDuration}_bucket`, { route: '/referrals', le: '+Inf' })).toEqual([1]);

    // The worker's SDK metrics are exported every few seconds by the runtime: wait for the projection's.
    let fromWorker = '';
    const until = Date.now() + 30000;
    do {
      await new Promise((r) => setTimeout(r, 500));
      fromWorker = await scrape(workerMetrics);
    } while (sum(samples(fromWorker, `${METRICS.reconciliationFindings}`, { kind: 'TASK_MISSING' })) === 0 && Date.now() < until);
    expect(sum(samples(fromWorker, `${METRICS.projectionDuration}_count`, { outcome: 'APPLIED' }))).toBeGreaterThan(0);
    expect(sum(samples(fromWorker, METRICS.reconciliationFindings, { kind: 'TASK_MISSING', repaired: 'true' }))).toBeGreaterThan(0);
    expect(sum(samples(fromWorker, 'temporal_workflow_task_execution_latency_count'))).toBeGreaterThan(0);
    expect(sum(samples(fromWorker, 'temporal_workflow_task_schedule_to_start_latency_count'))).toBeGreaterThan(0);
    expect(samples(fromWorker, 'temporal_worker_task_slots_used', { worker_type: 'WorkflowWorker' }).length).toBeGreaterThan(0);
  });
});
