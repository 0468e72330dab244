/**
 * 5. Bulk onboarding: a municipality brings in its caseload, one referral per young person over
 * HTTP (each starts its journey workflow and waits until the read model has it). The baseline,
 * run afterwards (after the memory snapshot): as many update-with-start calls to the bare
 * workflow, at the same concurrency, from the same client.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { touchUpdate, type benchBaselineWorkflow } from '../baseline/baseline.workflows';
import { ApiCaller, createParties } from '../http';
import type { BenchContext } from '../context';
import { pool, round, since, summarize, type LatencySummary } from '../stats';

export interface OnboardingResult {
  journeys: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  referral: LatencySummary;
  failures: number;
  /** 503 answers retried with the same Idempotency-Key. */
  retries: number;
  /** Bare update-with-start calls, filled in by onboardingBaseline. */
  baseline?: { seconds: number; perSecond: number; start: LatencySummary; ratio: number };
}

export async function onboarding(ctx: BenchContext): Promise<OnboardingResult> {
  const { stack, scale, log } = ctx;
  const api = new ApiCaller(stack.api.url);
  const parties = await createParties(stack.databaseUrl, api, 'onboarding', 1);
  const n = scale.onboardingJourneys;
  const candidateIds: string[] = [];
  const latencies: number[] = [];
  let failures = 0;
  const progressEvery = Math.max(1, Math.round(n / 10));
  log(`onboarding ${n} journeys at concurrency ${scale.onboardingConcurrency}`);
  const start = process.hrtime.bigint();
  await pool(n, scale.onboardingConcurrency, async (i) => {
    const t = process.hrtime.bigint();
    try {
      candidateIds.push((await api.refer(parties, `Caseload${i}`)).candidateId);
      latencies.push(since(t));
    } catch (error) {
      if (++failures <= 3) log(`  referral ${i} failed: ${String(error)}`);
    }
    const done = candidateIds.length + failures;
    if (done % progressEvery === 0) {
      const seconds = since(start) / 1000;
      log(`  ${done}/${n} journeys started, ${seconds.toFixed(1)} s, ${(done / seconds).toFixed(1)}/s`);
    }
  });
  const seconds = since(start) / 1000;
  ctx.onboarded = { municipalityId: parties.municipalityId, coordinatorToken: parties.tokens.municipality, candidateIds };
  return { journeys: candidateIds.length, concurrency: scale.onboardingConcurrency, seconds: round(seconds), perSecond: round(candidateIds.length / seconds, 1), referral: summarize(latencies), failures, retries: api.retries };
}

/**
 * The engine's own rate on this machine: update-with-start of the bare workflow (it accepts the
 * Update and completes, so nothing stays open), as many as were onboarded, same concurrency.
 */
export async function onboardingBaseline(ctx: BenchContext, result: OnboardingResult): Promise<void> {
  const { stack, scale, log } = ctx;
  const n = scale.onboardingJourneys;
  const latencies: number[] = [];
  log(`onboarding baseline: ${n} bare update-with-start calls at concurrency ${scale.onboardingConcurrency}`);
  const start = process.hrtime.bigint();
  await pool(n, scale.onboardingConcurrency, async () => {
    const t = process.hrtime.bigint();
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof benchBaselineWorkflow>('benchBaselineWorkflow', {
      workflowId: `bench-onboard-${randomUUID()}`,
      taskQueue: stack.baselineTaskQueue,
      args: [{ updates: 1 }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await stack.client.workflow.executeUpdateWithStart(touchUpdate, { args: [null], startWorkflowOperation });
    latencies.push(since(t));
  });
  const seconds = since(start) / 1000;
  const perSecond = round(n / seconds, 1);
  result.baseline = { seconds: round(seconds), perSecond, start: summarize(latencies), ratio: round(result.perSecond / perSecond, 2) };
  log(`  baseline ${perSecond}/s in ${seconds.toFixed(1)} s; journeys onboarded at ${result.baseline.ratio}x that rate`);
}
