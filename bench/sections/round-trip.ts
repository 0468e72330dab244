/**
 * 1. Task round trip: a party completes a task over HTTP, and the clock stops when the next
 * party sees its next task in its inbox. Each lane owns one journey looping in discover: the
 * coordinator proposes an employer, the employer declines, the coordinator proposes again.
 * Interleaved with the baseline: the same number of Updates on bare workflows (one per lane).
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { touchUpdate, type BaselineInput } from '../baseline/baseline.workflows';
import type { benchBaselineWorkflow } from '../baseline/baseline.workflows';
import { ApiCaller, createParties, type BenchParties } from '../http';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import type { BenchContext } from '../context';
import { addCpu, cpuSnapshot, noCpu, perOperation, type CpuParts } from '../cpu';
import { ratio, round, since, summarize, type LatencySummary } from '../stats';

export interface RoundTripLevel {
  concurrency: number;
  operations: number;
  http: LatencySummary & { perSecond: number };
  baseline: LatencySummary & { perSecond: number };
  ratios: { p50: number; p95: number; p99: number; perSecond: number };
  /**
   * The round trip's two halves, p50 in ms: the complete (POST: auth, key, reads, the Update with
   * its projection, the answer's record) and the inbox until it shows the task (GET, polled), with
   * the inbox reads it took per round trip (1 when the task shows at once).
   */
  parts: { complete: number; inbox: number; inboxReads: number };
  /** CPU milliseconds per operation (a round trip, or a bare Update) of each part of the system. */
  cpu: { http: CpuParts; baseline: CpuParts };
}

/** What a lane measured: whole round trips, and their halves. */
interface Samples {
  total: number[];
  complete: number[];
  inbox: number[];
  inboxReads: number;
}

interface Lane {
  candidateId: string;
  employerToken: string;
  employerId: string;
  /** The coordinator's open orientation.propose task. */
  proposeTaskId: string;
  used: number;
}

interface BareLane {
  handles: WorkflowHandle<typeof benchBaselineWorkflow>[];
  used: number;
}

async function openLane(api: ApiCaller, parties: BenchParties, i: number): Promise<Lane> {
  const { candidateId } = await api.refer(parties, `Lane${i}`);
  await api.complete(parties.tokens.municipality, candidateId, 'intake.accept', PAYLOADS.accept);
  await api.complete(parties.tokens.municipality, candidateId, 'intake.meeting', PAYLOADS.meeting);
  await api.complete(parties.tokens.care, candidateId, 'profile.talents', PAYLOADS.talents);
  const proposeTaskId = await api.awaitTask(parties.tokens.municipality, candidateId, 'orientation.propose');
  const e = i % parties.employerIds.length;
  return { candidateId, employerToken: parties.tokens.employers[e], employerId: parties.employerIds[e], proposeTaskId, used: 0 };
}

/**
 * Round trips a journey takes before its lane moves on to a fresh one, so no journey grows past a
 * realistic timeline (the pipeline trigger re-derives a journey's figures from its whole timeline).
 */
const OPS_PER_JOURNEY = 24;

/** Two round trips per loop: propose -> the employer sees respond; decline -> the coordinator sees propose. */
async function httpLane(api: ApiCaller, parties: BenchParties, journeys: Lane[], operations: number, samples: Samples): Promise<void> {
  /** One round trip: the complete, then the inbox until the next party's task shows. */
  const trip = async (token: string, candidateId: string, taskId: string, payload: unknown, nextToken: string, nextType: string): Promise<string> => {
    const start = process.hrtime.bigint();
    await api.completeTask(token, candidateId, taskId, payload);
    const completed = process.hrtime.bigint();
    const counted = { reads: 0 };
    const next = await api.awaitTask(nextToken, candidateId, nextType, undefined, counted);
    samples.complete.push(Number(completed - start) / 1e6);
    samples.inbox.push(since(completed));
    samples.total.push(since(start));
    samples.inboxReads += counted.reads;
    return next;
  };
  for (let done = 0; done < operations; ) {
    const lane = journeys[0];
    const respondTaskId = await trip(parties.tokens.municipality, lane.candidateId, lane.proposeTaskId, PAYLOADS.propose(lane.employerId), lane.employerToken, 'orientation.respond');
    done++;
    lane.used++;
    if (done < operations) {
      lane.proposeTaskId = await trip(lane.employerToken, lane.candidateId, respondTaskId, PAYLOADS.declines, parties.tokens.municipality, 'orientation.propose');
      done++;
    } else {
      // The lane's loop stays whole: the decline's round trip is made, not counted.
      await api.completeTask(lane.employerToken, lane.candidateId, respondTaskId, PAYLOADS.declines);
      lane.proposeTaskId = await api.awaitTask(parties.tokens.municipality, lane.candidateId, 'orientation.propose');
    }
    if (++lane.used >= OPS_PER_JOURNEY && journeys.length > 1) journeys.shift();
  }
}

async function measure(concurrency: number, run: (lane: number, samples: Samples) => Promise<void>): Promise<{ samples: Samples; ms: number }> {
  const samples: Samples = { total: [], complete: [], inbox: [], inboxReads: 0 };
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
    // Each lane gets enough fresh journeys for the warm-up and every round, opened before the clock runs.
    const perLaneJourneys = Math.ceil((2 + perLane * scale.roundTripRounds) / OPS_PER_JOURNEY) + 1;
    const toOpen = concurrency * perLaneJourneys;
    const opened: Lane[] = [];
    for (let i = 0; i < toOpen; i += 8) {
      opened.push(...(await Promise.all(Array.from({ length: Math.min(8, toOpen - i) }, (_, k) => openLane(api, parties, i + k)))));
    }
    const lanes: Lane[][] = Array.from({ length: concurrency }, (_, l) => opened.slice(l * perLaneJourneys, (l + 1) * perLaneJourneys));
    // The baseline moves on to a fresh bare workflow as often, so both histories stay as short.
    const bare: BareLane[] = await Promise.all(
      lanes.map(async () => ({
        used: 0,
        handles: await Promise.all(
          Array.from({ length: perLaneJourneys }, () =>
            stack.client.workflow.start<typeof benchBaselineWorkflow>('benchBaselineWorkflow', {
              workflowId: `bench-baseline-${randomUUID()}`,
              taskQueue: stack.baselineTaskQueue,
              args: [{ updates: 0 } satisfies BaselineInput],
            }),
          ),
        ),
      })),
    );
    const bareLane = async (lane: BareLane, operations: number, samples: Samples): Promise<void> => {
      for (let k = 0; k < operations; k++) {
        const start = process.hrtime.bigint();
        await lane.handles[0].executeUpdate(touchUpdate, { args: [PAYLOADS.propose(parties.employerIds[0])] });
        samples.total.push(since(start));
        if (++lane.used % OPS_PER_JOURNEY === 0 && lane.handles.length > 1) lane.handles.shift();
      }
    };
    // Warm-up: a few of each, not counted.
    const noSamples = (): Samples => ({ total: [], complete: [], inbox: [], inboxReads: 0 });
    await Promise.all(lanes.map((lane) => httpLane(api, parties, lane, 2, noSamples())));
    await Promise.all(bare.map((lane) => bareLane(lane, 2, noSamples())));

    const http = { samples: noSamples(), ms: 0, cpu: noCpu() };
    const baseline = { samples: noSamples(), ms: 0, cpu: noCpu() };
    for (let round = 0; round < scale.roundTripRounds; round++) {
      // Alternate which goes first, so neither always runs on a warmer or quieter machine.
      const order = round % 2 === 0 ? ['http', 'baseline'] : ['baseline', 'http'];
      for (const which of order) {
        const cpuBefore = cpuSnapshot(stack);
        const result =
          which === 'http'
            ? await measure(concurrency, (lane, samples) => httpLane(api, parties, lanes[lane], perLane, samples))
            : await measure(concurrency, (lane, samples) => bareLane(bare[lane], perLane, samples));
        const into = which === 'http' ? http : baseline;
        addCpu(into.cpu, cpuBefore, cpuSnapshot(stack));
        into.samples.total.push(...result.samples.total);
        into.samples.complete.push(...result.samples.complete);
        into.samples.inbox.push(...result.samples.inbox);
        into.samples.inboxReads += result.samples.inboxReads;
        into.ms += result.ms;
      }
    }
    await Promise.all(bare.flatMap((lane) => lane.handles.map((h) => h.terminate('benchmark done').catch(() => undefined))));
    const h = { ...summarize(http.samples.total), perSecond: round((http.samples.total.length / http.ms) * 1000, 1) };
    const b = { ...summarize(baseline.samples.total), perSecond: round((baseline.samples.total.length / baseline.ms) * 1000, 1) };
    const parts = {
      complete: summarize(http.samples.complete).p50,
      inbox: summarize(http.samples.inbox).p50,
      inboxReads: round(http.samples.inboxReads / (http.samples.total.length || 1)),
    };
    results.push({
      concurrency,
      operations: h.count,
      http: h,
      baseline: b,
      ratios: { p50: ratio(h.p50, b.p50), p95: ratio(h.p95, b.p95), p99: ratio(h.p99, b.p99), perSecond: ratio(h.perSecond, b.perSecond) },
      parts,
      cpu: { http: perOperation(http.cpu, http.samples.total.length), baseline: perOperation(baseline.cpu, baseline.samples.total.length) },
    });
    log(
      `  concurrency ${concurrency}: HTTP p50 ${h.p50} ms p99 ${h.p99} ms ${h.perSecond}/s (complete p50 ${parts.complete} ms, inbox p50 ${parts.inbox} ms in ${parts.inboxReads} reads); ` +
        `bare Update p50 ${b.p50} ms p99 ${b.p99} ms ${b.perSecond}/s`,
    );
  }
  return results;
}
