/**
 * 2. Journey throughput: N journeys from referral to paid work, every step by the party that owns
 * it over HTTP, on an API whose journeys run on compressed time (JOURNEY_TIME_SCALE, so the
 * six-weekly evaluations come in about a second). Baseline: N bare workflows, each started and
 * sent as many Updates as a journey took, by the same client on the same server.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { touchUpdate, type benchBaselineWorkflow } from '../baseline/baseline.workflows';
import { ApiCaller, createParties, type BenchParties } from '../http';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import type { BenchContext } from '../context';
import { cpus } from 'node:os';
import { addCpu, cpuSnapshot, noCpu, perOperation, type CpuParts } from '../cpu';
import { pool, ratio, round, since } from '../stats';

export const THROUGHPUT_TIME_SCALE = '0.0000003';

export interface ThroughputResult {
  journeys: number;
  concurrency: number;
  timeScale: number;
  updatesPerJourney: number;
  http: { seconds: number; journeysPerSecond: number; workflowTasks: number; workflowTasksPerSecond: number; retries: number };
  baseline: { seconds: number; workflowsPerSecond: number; workflowTasks: number; workflowTasksPerSecond: number };
  ratios: { journeysPerSecond: number; workflowTasksPerSecond: number };
  /**
   * CPU milliseconds per journey and per bare workflow, and how busy the machine's cores were
   * (0-1): the journeys wait on their compressed timers (two evaluation rounds), so their
   * per-second figure can be bounded by those waits rather than by capacity; CPU per journey is not.
   */
  cpu: { http: CpuParts; baseline: CpuParts; httpBusy: number; baselineBusy: number; capacityRatio: number };
}

/** Referral to paid work, as the pilot's first young person: 21 completions (the cluster tests walk it too). */
export async function toPaidWork(api: ApiCaller, p: BenchParties, i: number): Promise<string> {
  const { candidateId: id } = await api.refer(p, `Flow${i}`);
  const m = p.tokens.municipality;
  const c = p.tokens.care;
  const e = p.tokens.employers[0];
  const employerId = p.employerIds[0];
  await api.complete(m, id, 'intake.accept', PAYLOADS.accept);
  await api.complete(m, id, 'intake.meeting', PAYLOADS.meeting);
  await api.complete(c, id, 'profile.talents', PAYLOADS.talents);
  await api.complete(m, id, 'orientation.propose', PAYLOADS.propose(employerId));
  await api.complete(e, id, 'orientation.respond', PAYLOADS.accepts);
  await api.complete(e, id, 'orientation.feedback', PAYLOADS.feedback);
  await api.complete(c, id, 'orientation.feedback', PAYLOADS.feedback);
  await api.complete(m, id, 'discover.conclude', PAYLOADS.ready);
  await api.complete(c, id, 'analyse.support-plan', PAYLOADS.supportPlan);
  await api.complete(m, id, 'analyse.match', PAYLOADS.match(employerId));
  await api.complete(m, id, 'analyse.decision', PAYLOADS.approve);
  await api.complete(e, id, 'placement.offer', PAYLOADS.accepts);
  await Promise.all([m, c, e].map((who) => api.complete(who, id, 'placement.agreement', PAYLOADS.sign)));
  await api.complete(e, id, 'placement.start', PAYLOADS.start);
  for (let round = 0; round < 2; round++) {
    await api.complete(e, id, 'placement.evaluation', PAYLOADS.evaluation);
    await api.complete(c, id, 'placement.evaluation', PAYLOADS.evaluation);
  }
  await api.complete(m, id, 'placement.outcome', PAYLOADS.paidWork);
  return id;
}
const UPDATES_PER_JOURNEY = 1 + 21; // the referral's update-with-start, then 21 completions

async function workflowTasks(client: Client, workflowIds: string[]): Promise<number> {
  let total = 0;
  await pool(workflowIds.length, 8, async (i) => {
    const history = await client.workflow.getHandle(workflowIds[i]).fetchHistory();
    total += (history.events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length;
  });
  return total;
}

export async function throughput(ctx: BenchContext): Promise<ThroughputResult> {
  const { stack, scale, log } = ctx;
  const n = scale.throughputJourneys;
  const scaledApi = await stack.startApi({ JOURNEY_TIME_SCALE: THROUGHPUT_TIME_SCALE });
  try {
    const api = new ApiCaller(scaledApi.url);
    const parties = await createParties(stack.databaseUrl, api, 'throughput', 1);
    log(`throughput: ${n} journeys from referral to paid work at concurrency ${scale.throughputConcurrency}, then the baseline`);
    const ids: string[] = [];
    // The CPU of the API these journeys use (the scaled one), beside the rest.
    const processes = { ...stack, api: scaledApi };
    const httpCpu = noCpu();
    let cpuBefore = cpuSnapshot(processes);
    let start = process.hrtime.bigint();
    await pool(n, scale.throughputConcurrency, async (i) => {
      ids.push(await toPaidWork(api, parties, i));
      if (ids.length % Math.max(1, Math.round(n / 5)) === 0) log(`  ${ids.length}/${n} journeys in paid work`);
    });
    const httpSeconds = since(start) / 1000;
    addCpu(httpCpu, cpuBefore, cpuSnapshot(processes));
    const httpTasks = await workflowTasks(stack.client, ids.map((id) => `journey-${id}`));
    // On compressed time these journeys would go on firing follow-up timers for a while: end them, so
    // later sections (and, in the smoke run, other test files counting rows) see no stray writes.
    await pool(ids.length, 8, (i) => stack.client.workflow.getHandle(`journey-${ids[i]}`).terminate('benchmark done').then(() => undefined));

    const bareIds: string[] = [];
    const bareCpu = noCpu();
    cpuBefore = cpuSnapshot(processes);
    start = process.hrtime.bigint();
    await pool(n, scale.throughputConcurrency, async () => {
      const workflowId = `bench-flow-${randomUUID()}`;
      const handle: WorkflowHandle<typeof benchBaselineWorkflow> = await stack.client.workflow.start<typeof benchBaselineWorkflow>('benchBaselineWorkflow', {
        workflowId,
        taskQueue: stack.baselineTaskQueue,
        args: [{ updates: UPDATES_PER_JOURNEY }],
      });
      for (let k = 0; k < UPDATES_PER_JOURNEY; k++) await handle.executeUpdate(touchUpdate, { args: [PAYLOADS.evaluation] });
      await handle.result();
      bareIds.push(workflowId);
    });
    const bareSeconds = since(start) / 1000;
    addCpu(bareCpu, cpuBefore, cpuSnapshot(processes));
    const bareTasks = await workflowTasks(stack.client, bareIds);
    const http = { seconds: round(httpSeconds), journeysPerSecond: round(n / httpSeconds), workflowTasks: httpTasks, workflowTasksPerSecond: round(httpTasks / httpSeconds, 1), retries: api.retries };
    const baseline = { seconds: round(bareSeconds), workflowsPerSecond: round(n / bareSeconds), workflowTasks: bareTasks, workflowTasksPerSecond: round(bareTasks / bareSeconds, 1) };
    const cores = cpus().length;
    const cpu = {
      http: perOperation(httpCpu, n),
      baseline: perOperation(bareCpu, n),
      httpBusy: round(httpCpu.machine / (httpSeconds * 1000 * cores)),
      baselineBusy: round(bareCpu.machine / (bareSeconds * 1000 * cores)),
      capacityRatio: ratio(bareCpu.machine, httpCpu.machine),
    };
    log(
      `  ${http.journeysPerSecond} journeys/s (${http.workflowTasksPerSecond} workflow tasks/s, ${cpu.http.machine} CPU ms per journey, cores ${Math.round(cpu.httpBusy * 100)}% busy); ` +
        `baseline ${baseline.workflowsPerSecond} workflows/s (${baseline.workflowTasksPerSecond} workflow tasks/s, ${cpu.baseline.machine} CPU ms per workflow, cores ${Math.round(cpu.baselineBusy * 100)}% busy)`,
    );
    return {
      journeys: n,
      concurrency: scale.throughputConcurrency,
      timeScale: Number(THROUGHPUT_TIME_SCALE),
      updatesPerJourney: UPDATES_PER_JOURNEY,
      http,
      baseline,
      ratios: { journeysPerSecond: ratio(http.journeysPerSecond, baseline.workflowsPerSecond), workflowTasksPerSecond: ratio(http.workflowTasksPerSecond, baseline.workflowTasksPerSecond) },
      cpu,
    };
  } finally {
    await scaledApi.stop();
  }
}
