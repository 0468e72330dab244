/** Runs the chosen sections on a stack and reports them: one object for JSON, tables for people. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, release } from 'node:os';
import type { Log } from '../libs/devstack/src/child-process';
import { SECTIONS, type BenchContext, type BenchScale, type Section } from './context';
import { memoryResult, memorySnapshot, type MemoryResult } from './sections/memory';
import { onboarding, onboardingBaseline, type OnboardingResult } from './sections/onboarding';
import { queries, type QuerySizeResult, type VisibilityResult } from './sections/queries';
import { roundTrip, type RoundTripLevel } from './sections/round-trip';
import { throughput, type ThroughputResult } from './sections/throughput';
import type { BenchStack } from './stack';
import { table } from './stats';

export interface BenchResult {
  startedAt: string;
  finishedAt?: string;
  scale: BenchScale['name'];
  mode: BenchStack['mode'];
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; kernel: string };
  sections: Section[];
  roundTrip?: RoundTripLevel[];
  throughput?: ThroughputResult;
  onboarding?: OnboardingResult;
  memory?: MemoryResult;
  queries?: { sizes: QuerySizeResult[]; visibility?: VisibilityResult };
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

export async function runBench(stack: BenchStack, scale: BenchScale, sections: Section[], log: Log): Promise<BenchResult> {
  const wanted = new Set(sections);
  // Memory is measured on the onboarded caseload, so it brings onboarding along.
  if (wanted.has('memory')) wanted.add('onboarding');
  const ordered = SECTIONS.filter((s) => wanted.has(s));
  const result: BenchResult = {
    startedAt: new Date().toISOString(),
    scale: scale.name,
    mode: stack.mode,
    commit: commit(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release() },
    sections: ordered,
  };
  const ctx: BenchContext = { stack, scale, log };
  if (wanted.has('roundtrip')) result.roundTrip = await roundTrip(ctx);
  if (wanted.has('throughput')) result.throughput = await throughput(ctx);
  if (wanted.has('onboarding')) {
    const before = wanted.has('memory') ? await memorySnapshot(ctx) : undefined;
    result.onboarding = await onboarding(ctx);
    if (before) {
      await new Promise((r) => setTimeout(r, scale.name === 'smoke' ? 200 : 5000)); // let the journeys go idle
      result.memory = memoryResult(ctx, before, await memorySnapshot(ctx));
    }
    await onboardingBaseline(ctx, result.onboarding);
  }
  if (wanted.has('queries')) result.queries = await queries(ctx);
  result.finishedAt = new Date().toISOString();
  return result;
}

const mib = (bytes?: number): string => (bytes === undefined || !Number.isFinite(bytes) ? '-' : (bytes / 2 ** 20).toFixed(1));

/** The report as text tables. */
export function renderReport(r: BenchResult): string {
  const out: string[] = [`Benchmark ${r.scale} (${r.mode}), commit ${r.commit}, ${r.machine.cpus} x ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}`];
  if (r.roundTrip) {
    out.push('', '1. Task round trip (complete over HTTP -> next task in the inbox) vs a bare Temporal Update, ms');
    out.push(
      table(
        ['concurrency', 'ops', 'HTTP p50', 'p95', 'p99', '/s', 'bare p50', 'p95', 'p99', '/s', 'ratio p50', 'p95', 'p99', '/s'],
        r.roundTrip.map((l) => [l.concurrency, l.operations, l.http.p50, l.http.p95, l.http.p99, l.http.perSecond, l.baseline.p50, l.baseline.p95, l.baseline.p99, l.baseline.perSecond, l.ratios.p50, l.ratios.p95, l.ratios.p99, l.ratios.perSecond]),
      ),
    );
    out.push('', '   its halves, p50 ms: the complete (POST) and the inbox until it shows the task (GET, with the reads it took)');
    out.push(
      table(
        ['concurrency', 'complete p50', 'inbox p50', 'inbox reads per trip'],
        r.roundTrip.map((l) => [l.concurrency, l.parts?.complete ?? '-', l.parts?.inbox ?? '-', l.parts?.inboxReads ?? '-']),
      ),
    );
    out.push('', '   CPU ms per operation (a round trip; a bare Update), by process (PostgreSQL: every backend of the server)');
    out.push(
      table(
        ['concurrency', 'API', 'worker', 'Temporal', 'PostgreSQL', 'bench', 'machine', 'bare: Temporal', 'bench', 'machine'],
        r.roundTrip.map((l) =>
          l.cpu
            ? [l.concurrency, l.cpu.http.api, l.cpu.http.worker, l.cpu.http.temporal, l.cpu.http.postgres, l.cpu.http.bench, l.cpu.http.machine, l.cpu.baseline.temporal, l.cpu.baseline.bench, l.cpu.baseline.machine]
            : [l.concurrency, '-', '-', '-', '-', '-', '-', '-', '-', '-'],
        ),
      ),
    );
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push('', `2. Journey throughput: ${t.journeys} journeys referral -> paid work (${t.updatesPerJourney} Updates each), concurrency ${t.concurrency}, time scale ${t.timeScale}, ${t.http.retries} answers 503 retried`);
    out.push(
      table(
        ['', 'seconds', 'journeys/s', 'workflow tasks', 'wf tasks/s'],
        [
          ['HTTP + journeys', t.http.seconds, t.http.journeysPerSecond, t.http.workflowTasks, t.http.workflowTasksPerSecond],
          ['bare workflows', t.baseline.seconds, t.baseline.workflowsPerSecond, t.baseline.workflowTasks, t.baseline.workflowTasksPerSecond],
          ['ratio', '', t.ratios.journeysPerSecond, '', t.ratios.workflowTasksPerSecond],
        ],
      ),
    );
    if (t.cpu) {
      out.push(
        `   CPU ms per journey: ${t.cpu.http.machine} (API ${t.cpu.http.api}, worker ${t.cpu.http.worker}, Temporal ${t.cpu.http.temporal}, PostgreSQL ${t.cpu.http.postgres}), cores ${Math.round(t.cpu.httpBusy * 100)}% busy; ` +
          `per bare workflow: ${t.cpu.baseline.machine}, cores ${Math.round(t.cpu.baselineBusy * 100)}% busy; capacity ratio (bare CPU / ours) ${t.cpu.capacityRatio}`,
      );
    }
  }
  if (r.queries) {
    out.push('', '3. Queries over HTTP (coordinator), ms');
    out.push(
      table(
        ['journeys in read model', 'seeded in s', 'summary p50', 'p95', 'cohort p50', 'p95', 'period p50', 'p95', 'inbox p50', 'p95'],
        r.queries.sizes.map((s) => [
          s.journeys,
          s.seedSeconds,
          s.summary.p50,
          s.summary.p95,
          s.cohortSummary.p50,
          s.cohortSummary.p95,
          s.periodSummary.p50,
          s.periodSummary.p95,
          s.inbox.p50,
          s.inbox.p95,
        ]),
      ),
    );
    const v = r.queries.visibility;
    if (v) {
      out.push(
        '',
        `   Per-step counts over ${v.journeys} real journey workflows (${v.steps} steps), ms; counts agree with the read model: ${v.countsAgree ? 'yes' : 'NO'}`,
        table(
          ['source', 'p50', 'p95'],
          [
            [`visibility: ${v.steps} x CountWorkflowExecutions`, v.visibilityCounts.p50, v.visibilityCounts.p95],
            ['read model: GET /pipeline/summary', v.summary.p50, v.summary.p95],
          ],
        ),
      );
    }
  }
  if (r.memory) {
    const m = r.memory;
    out.push('', `4. Memory with ${m.journeys} open, idle journeys (${m.mode})`);
    out.push(
      table(
        ['', 'before MiB', 'after MiB', 'bytes per journey'],
        [
          ['worker RSS', mib(m.before.workerRssBytes), mib(m.after.workerRssBytes), m.workerBytesPerJourney],
          ['API RSS', mib(m.before.apiRssBytes), mib(m.after.apiRssBytes), '-'],
          ['Temporal server RSS', mib(m.before.temporalRssBytes), mib(m.after.temporalRssBytes), m.temporalRssBytesPerJourney ?? '-'],
          ['PostgreSQL database', mib(m.before.postgresBytes), mib(m.after.postgresBytes), m.postgresBytesPerJourney],
          ["Temporal's database (SQLite file)", mib(m.before.temporalDbBytes), mib(m.after.temporalDbBytes), m.temporalDbBytesPerJourney ?? 'in memory'],
        ],
      ),
    );
  }
  if (r.onboarding) {
    const o = r.onboarding;
    out.push('', `5. Bulk onboarding: ${o.journeys} referrals over HTTP at concurrency ${o.concurrency}: ${o.seconds} s, ${o.perSecond} journeys/s (referral p50 ${o.referral.p50} ms, p99 ${o.referral.p99} ms, ${o.failures} failed, ${o.retries} answers 503 retried)`);
    if (o.baseline) {
      out.push(`   baseline, bare update-with-start: ${o.baseline.seconds} s, ${o.baseline.perSecond}/s (p50 ${o.baseline.start.p50} ms, p99 ${o.baseline.start.p99} ms); ratio ${o.baseline.ratio}`);
    }
  }
  return out.join('\n');
}
