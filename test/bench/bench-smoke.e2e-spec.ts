import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startBaselineWorker, type BaselineWorker } from '../../bench/baseline/baseline-worker';
import { SCALES, SECTIONS } from '../../bench/context';
import { renderReport, runBench, type BenchResult } from '../../bench/harness';
import type { BenchApi, BenchStack } from '../../bench/stack';
import { startApi, startWorker, temporalClient } from '../support/stack';
import { plainSettings } from '../../libs/temporal/src/connection';
import { testRun } from '../support/test-run';

/**
 * The benchmark harness at a tiny scale, in-process on this run's dev server and database: every
 * section completes and reports numbers. Never a timing assertion (see `npm run bench`).
 */
describe('benchmark harness (smoke)', () => {
  let worker: INestApplicationContext;
  const apis: NestFastifyApplication[] = [];
  let baseline: BaselineWorker;
  let closeClient: () => Promise<void>;
  let stack: BenchStack;

  async function listening(overrides: Record<string, string>): Promise<BenchApi> {
    const app = await startApi(overrides);
    await app.listen({ port: 0, host: '127.0.0.1' });
    apis.push(app);
    return { url: await app.getUrl(), stop: () => app.close() };
  }

  beforeAll(async () => {
    const run = testRun();
    const baselineTaskQueue = `${run.taskQueue}-bench-baseline`;
    const [w, b, c, api] = await Promise.all([
      startWorker(),
      startBaselineWorker({ temporal: plainSettings(run.temporalAddress), taskQueue: baselineTaskQueue }),
      temporalClient(),
      listening({}),
    ]);
    [worker, baseline, closeClient] = [w, b, c.close];
    stack = {
      mode: 'in-process',
      api,
      startApi: listening,
      workerPid: process.pid,
      client: c.client,
      namespace: 'default',
      taskQueue: run.taskQueue,
      baselineTaskQueue,
      databaseUrl: run.databaseUrl,
      stop: async () => undefined,
    };
  });

  afterAll(async () => {
    for (const app of apis) await app.close().catch(() => undefined);
    await baseline?.stop();
    await worker?.close();
    await closeClient?.();
  });

  it('runs every section and reports each with numbers', async () => {
    const lines: string[] = [];
    const result: BenchResult = await runBench(stack, SCALES.smoke, [...SECTIONS], (m) => lines.push(m));
    const finite = (n: unknown): void => expect(Number.isFinite(n)).toBe(true);

    expect(result.sections).toEqual([...SECTIONS]);
    expect(result.roundTrip!.map((l) => l.concurrency)).toEqual(SCALES.smoke.roundTripConcurrency);
    for (const level of result.roundTrip!) {
      expect(level.http.count).toBe(level.baseline.count);
      for (const n of [level.http.p50, level.http.p99, level.http.perSecond, level.baseline.p50, level.baseline.p99, level.ratios.p50, level.ratios.p99]) finite(n);
      // The halves, and CPU per operation (in-process here: API and worker are the bench's own process).
      for (const n of [level.parts.complete, level.parts.inbox]) finite(n);
      expect(level.parts.inboxReads).toBeGreaterThanOrEqual(1);
      expect(level.cpu.http.machine).toBeGreaterThan(0);
      expect(level.cpu.http.bench).toBeGreaterThan(0);
      finite(level.cpu.baseline.machine);
    }

    const t = result.throughput!;
    expect(t.journeys).toBe(SCALES.smoke.throughputJourneys);
    for (const n of [t.http.journeysPerSecond, t.http.workflowTasksPerSecond, t.baseline.workflowsPerSecond, t.ratios.journeysPerSecond]) finite(n);
    expect(t.http.workflowTasks).toBeGreaterThan(t.journeys * t.updatesPerJourney);
    expect(t.cpu.http.machine).toBeGreaterThan(0);
    for (const n of [t.cpu.baseline.machine, t.cpu.httpBusy, t.cpu.capacityRatio]) finite(n);

    expect(result.onboarding).toMatchObject({ journeys: SCALES.smoke.onboardingJourneys, failures: 0 });
    finite(result.onboarding!.perSecond);
    finite(result.onboarding!.baseline!.perSecond);
    expect(lines.some((l) => /journeys started/.test(l))).toBe(true); // progress is shown

    const m = result.memory!;
    expect(m).toMatchObject({ journeys: SCALES.smoke.onboardingJourneys, mode: 'in-process' });
    for (const n of [m.workerRssMiB, m.apiRssMiB, m.postgresBytesPerJourney]) finite(n);
    expect(m.postgresBytesPerJourney).toBeGreaterThan(0);

    const q = result.queries!;
    expect(q.sizes.map((s) => s.journeys)).toEqual(SCALES.smoke.querySizes);
    for (const s of q.sizes) for (const n of [s.summary.p50, s.summary.p95, s.cohortSummary.p95, s.periodSummary.p95, s.inbox.p50, s.inbox.p95]) finite(n);
    expect(q.visibility).toMatchObject({ journeys: SCALES.smoke.onboardingJourneys, countsAgree: true });
    expect(q.visibility!.counts.CONNECT).toBe(SCALES.smoke.onboardingJourneys);

    const report = renderReport(result);
    for (const heading of ['1. Task round trip', '2. Journey throughput', '3. Queries', '4. Memory', '5. Bulk onboarding']) expect(report).toContain(heading);
  });
});
