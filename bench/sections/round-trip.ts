/**
 * 1. Task round trip: a party completes a task over HTTP, and the clock stops when the next
 * party sees its next task in its inbox. Each lane owns one journey looping in discover: the
 * coordinator proposes an employer, the employer declines, the coordinator proposes again.
 * Interleaved with the baseline: the same number of Updates on bare workflows (one per lane).
 */
import { randomUUID } from 'node:crypto';
import { touchUpdate, type BaselineInput } from '../baseline/baseline.workflows';
import type { benchBaselineWorkflow } from '../baseline/baseline.workflows';
import { ApiCaller, createParties, type BenchParties } from '../http';
import { PAYLOADS } from '../payloads';
import type { BenchContext } from '../context';
import { ratio, round, since, summarize, type LatencySummary } from '../stats';

export interface RoundTripLevel {
  concurrency: number;
  operations: number;
  http: LatencySummary & { perSecond: number };
  baseline: LatencySummary & { perSecond: number };
  ratios: { p50: number; p95: number; p99: number; perSecond: number };
}

interface Lane {
  candidateId: string;
  employerToken: string;
  employerId: string;
  /** The coordinator's open orientation.propose task. */
  proposeTaskId: string;
}

async function openLane(api: ApiCaller, parties: BenchParties, i: number): Promise<Lane> {
  const { candidateId } = await api.refer(parties, `Lane${i}`);
  await api.complete(parties.tokens.municipality, candidateId, 'intake.accept', PAYLOADS.accept);
  await api.complete(parties.tokens.municipality, candidateId, 'intake.meeting', PAYLOADS.meeting);
  await api.complete(parties.tokens.care, candidateId, 'profile.talents', PAYLOADS.talents);
  const proposeTaskId = await api.awaitTask(parties.tokens.municipality, candidateId, 'orientation.propose');
  const e = i % parties.employerIds.length;
  return { candidateId, employerToken: parties.tokens.employers[e], employerId: parties.employerIds[e], proposeTaskId };
}

/** Two round trips per loop: propose -> the employer sees respond; decline -> the coordinator sees propose. */
async function httpLane(api: ApiCaller, parties: BenchParties, lane: Lane, operations: number, samples: number[]): Promise<void> {
  for (let done = 0; done < operations; ) {
    let start = process.hrtime.bigint();
    await api.completeTask(parties.tokens.municipality, lane.candidateId, lane.proposeTaskId, PAYLOADS.propose(lane.employerId));
    const respondTaskId = await api.awaitTask(lane.employerToken, lane.candidateId, 'orientation.respond');
    samples.push(since(start));
    if (++done >= operations) {
      // Leave the lane as it was found: the coordinator's propose task open.
      await api.completeTask(lane.employerToken, lane.candidateId, respondTaskId, PAYLOADS.declines);
      lane.proposeTaskId = await api.awaitTask(parties.tokens.municipality, lane.candidateId, 'orientation.propose');
      break;
    }
    start = process.hrtime.bigint();
    await api.completeTask(lane.employerToken, lane.candidateId, respondTaskId, PAYLOADS.declines);
    lane.proposeTaskId = await api.awaitTask(parties.tokens.municipality, lane.candidateId, 'orientation.propose');
    samples.push(since(start));
    done++;
  }
}

async function measure(concurrency: number, perLane: number, run: (lane: number, samples: number[]) => Promise<void>): Promise<{ samples: number[]; ms: number }> {
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, (_, lane) => run(lane, samples)));
  return { samples, ms: since(start) };
}

export async function roundTrip(ctx: BenchContext): Promise<RoundTripLevel[]> {
  const { stack, scale, log } = ctx;
  const api = new ApiCaller(stack.api.url);
  const parties = await createParties(stack.databaseUrl, api, 'round trip', 4);
  const results: RoundTripLevel[] = [];

  for (const concurrency of scale.roundTripConcurrency) {
    const perLane = Math.max(2, Math.ceil(scale.roundTripOperations / concurrency));
    log(`round trip at concurrency ${concurrency}: ${perLane * concurrency} operations x ${scale.roundTripRounds} rounds, interleaved with the baseline`);
    const lanes: Lane[] = [];
    for (let i = 0; i < concurrency; i += 8) {
      lanes.push(...(await Promise.all(Array.from({ length: Math.min(8, concurrency - i) }, (_, k) => openLane(api, parties, i + k)))));
    }
    const bare = await Promise.all(
      lanes.map(() =>
        stack.client.workflow.start<typeof benchBaselineWorkflow>('benchBaselineWorkflow', {
          workflowId: `bench-baseline-${randomUUID()}`,
          taskQueue: stack.baselineTaskQueue,
          args: [{ updates: 0 } satisfies BaselineInput],
        }),
      ),
    );
    // Warm-up: a few of each, not counted.
    await Promise.all(lanes.map((lane) => httpLane(api, parties, lane, 2, [])));
    await Promise.all(bare.map((h) => h.executeUpdate(touchUpdate, { args: [null] })));

    const http = { samples: [] as number[], ms: 0 };
    const baseline = { samples: [] as number[], ms: 0 };
    for (let round = 0; round < scale.roundTripRounds; round++) {
      // Alternate which goes first, so neither always runs on a warmer or quieter machine.
      const order = round % 2 === 0 ? ['http', 'baseline'] : ['baseline', 'http'];
      for (const which of order) {
        const result =
          which === 'http'
            ? await measure(concurrency, perLane, (lane, samples) => httpLane(api, parties, lanes[lane], perLane, samples))
            : await measure(concurrency, perLane, async (lane, samples) => {
                for (let k = 0; k < perLane; k++) {
                  const start = process.hrtime.bigint();
                  await bare[lane].executeUpdate(touchUpdate, { args: [PAYLOADS.propose(parties.employerIds[0])] });
                  samples.push(since(start));
                }
              });
        const into = which === 'http' ? http : baseline;
        into.samples.push(...result.samples);
        into.ms += result.ms;
      }
    }
    await Promise.all(bare.map((h) => h.terminate('benchmark done').catch(() => undefined)));
    const h = { ...summarize(http.samples), perSecond: round((http.samples.length / http.ms) * 1000, 1) };
    const b = { ...summarize(baseline.samples), perSecond: round((baseline.samples.length / baseline.ms) * 1000, 1) };
    results.push({
      concurrency,
      operations: h.count,
      http: h,
      baseline: b,
      ratios: { p50: ratio(h.p50, b.p50), p95: ratio(h.p95, b.p95), p99: ratio(h.p99, b.p99), perSecond: ratio(h.perSecond, b.perSecond) },
    });
    log(`  concurrency ${concurrency}: HTTP p50 ${h.p50} ms p99 ${h.p99} ms ${h.perSecond}/s; bare Update p50 ${b.p50} ms p99 ${b.p99} ms ${b.perSecond}/s`);
  }
  return results;
}
