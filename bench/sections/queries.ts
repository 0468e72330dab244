/**
 * 3. Queries: a coordinator's pipeline summary and task inbox over HTTP, on municipalities whose
 * read model holds 10k and 100k journeys (seeded in bulk). For comparison, the per-step counts
 * from Temporal visibility (one CountWorkflowExecutions per step, filtered by search attributes)
 * over the onboarded caseload, whose journeys are real workflows, next to the summary over the
 * same caseload.
 */
import { JourneyStep } from '../../libs/domain/src/journey';
import { ApiCaller, createParties } from '../http';
import type { BenchContext } from '../context';
import { seedReadModel } from '../seed';
import { round, since, summarize, type LatencySummary } from '../stats';

export interface QuerySizeResult {
  journeys: number;
  seedSeconds: number;
  /** No filter: read from the aggregates the triggers keep. */
  summary: LatencySummary;
  /** One referral month (about a sixth of the journeys): counted from the journeys themselves. */
  cohortSummary: LatencySummary;
  cohortJourneys: number;
  /** A one-month period: arrivals and outcomes from the aggregates by day, flow times counted. */
  periodSummary: LatencySummary;
  inbox: LatencySummary;
}

export interface VisibilityResult {
  journeys: number;
  steps: number;
  /** All per-step counts, issued together. */
  visibilityCounts: LatencySummary;
  /** The read model's summary over the same journeys. */
  summary: LatencySummary;
  /** The counts agree with the read model's per-step figures. */
  countsAgree: boolean;
  counts: Record<string, number>;
}

interface SummaryBody {
  journeys: { total: number };
  bySteps: { step: string; journeys: number }[];
}

async function timed(repetitions: number, fn: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < Math.min(3, repetitions); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(since(start));
  }
  return summarize(samples);
}

export async function queries(ctx: BenchContext): Promise<{ sizes: QuerySizeResult[]; visibility?: VisibilityResult }> {
  const { stack, scale, log } = ctx;
  const api = new ApiCaller(stack.api.url);
  const sizes: QuerySizeResult[] = [];
  for (const journeys of scale.querySizes) {
    const parties = await createParties(stack.databaseUrl, api, `queries ${journeys}`, 2);
    log(`seeding a municipality with ${journeys} journeys in the read model`);
    const seedMs = await seedReadModel(stack.databaseUrl, parties, journeys, log);
    let total = 0;
    const summary = await timed(scale.queryRepetitions, async () => {
      total = (await api.ok<SummaryBody>('GET', '/pipeline/summary', parties.tokens.municipality)).journeys.total;
    });
    if (total !== journeys) throw new Error(`the summary counts ${total} journeys, ${journeys} were seeded`);
    // A month in the middle of the seed's referrals (200 to 379 days ago) and of what followed them.
    const mid = new Date(Date.now() - 290 * 86_400_000);
    const lastMonth = new Date(Date.UTC(mid.getUTCFullYear(), mid.getUTCMonth(), 1));
    const month = lastMonth.toISOString().slice(0, 7);
    const monthEnd = new Date(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    let cohortTotal = 0;
    const cohortSummary = await timed(scale.queryRepetitions, async () => {
      cohortTotal = (await api.ok<SummaryBody>('GET', `/pipeline/summary?cohort=${month}`, parties.tokens.municipality)).journeys.total;
    });
    if (journeys >= 1000 && cohortTotal === 0) throw new Error(`the cohort ${month} is empty: the seed's dates and this section disagree`);
    const periodSummary = await timed(scale.queryRepetitions, () => api.ok('GET', `/pipeline/summary?from=${month}-01&to=${monthEnd}`, parties.tokens.municipality));
    const inbox = await timed(scale.queryRepetitions, () => api.ok('GET', '/tasks', parties.tokens.municipality));
    sizes.push({ journeys, seedSeconds: round(seedMs / 1000, 1), summary, cohortSummary, cohortJourneys: cohortTotal, periodSummary, inbox });
    log(
      `  ${journeys} journeys: summary p50 ${summary.p50} ms p95 ${summary.p95} ms; one cohort (${cohortTotal} journeys) p95 ${cohortSummary.p95} ms; ` +
        `one month's period p95 ${periodSummary.p95} ms; inbox p50 ${inbox.p50} ms p95 ${inbox.p95} ms`,
    );
  }

  let visibility: VisibilityResult | undefined;
  if (ctx.onboarded) {
    const { municipalityId, coordinatorToken, candidateIds } = ctx.onboarded;
    const steps = Object.values(JourneyStep) as string[];
    const count = (step: string): Promise<number> =>
      stack.client.workflow
        .count(`WorkflowType = 'journeyWorkflow' AND MunicipalityId = '${municipalityId}' AND JourneyStep = '${step}' AND ExecutionStatus = 'Running'`)
        .then((r) => r.count);
    const counts: Record<string, number> = {};
    const visibilityCounts = await timed(scale.queryRepetitions, async () => {
      const found = await Promise.all(steps.map(count));
      steps.forEach((s, i) => (counts[s] = found[i]));
    });
    let summaryBody: SummaryBody = { journeys: { total: 0 }, bySteps: [] };
    const summary = await timed(scale.queryRepetitions, async () => {
      summaryBody = await api.ok('GET', '/pipeline/summary', coordinatorToken);
    });
    const readModel = Object.fromEntries(summaryBody.bySteps.map((s) => [s.step, s.journeys]));
    visibility = {
      journeys: candidateIds.length,
      steps: steps.length,
      visibilityCounts,
      summary,
      countsAgree: steps.every((s) => (counts[s] ?? 0) === (readModel[s] ?? 0)),
      counts,
    };
    log(`  visibility, ${steps.length} counts over ${candidateIds.length} workflows: p50 ${visibilityCounts.p50} ms p95 ${visibilityCounts.p95} ms; read-model summary p50 ${summary.p50} ms p95 ${summary.p95} ms`);
  }
  return { sizes, visibility };
}
