/**
 * 5. Bulk onboarding: a municipality brings in its caseload, one referral per young person over
 * HTTP (each starts its journey workflow and waits until the read model has it).
 */
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
