/**
 * The fault drill: concurrent clients drive journeys through the API while the worker, Temporal,
 * PostgreSQL (killed, and stopped the hard way) and the API are killed and started again, round
 * after round; then everything the clients were told is checked against the read model and the
 * workflows. See `npm run drill`.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import type { Log } from '../../libs/devstack/src/child-process';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import { timelineDigest, timelineEntryOfRow, TIMELINE_ROW_COLUMNS, type TimelineRow } from '../../libs/domain/src/read-model';
import { getJourneyQuery } from '../../libs/contracts/src/workflows/journey.messages';
import { ApiCaller, createParties } from '../http';
import { DrillClients, type ClientStats } from './clients';
import { DrillSystem, type Part } from './system';

export interface DrillOptions {
  clients: number;
  rounds: number;
  /** How long a part stays down before it is started again. */
  downMs: number;
  /** How long the system runs between faults once it serves again. */
  settleMs: number;
  /** Journeys per client in the smallest drills (the clients stop after them); unbounded otherwise. */
  journeysPerClient?: number;
  /** Keep the drill's folder (PostgreSQL, Temporal, the worker's and API's logs) though it passed; a failed drill always keeps it. */
  keep?: boolean;
}

/** One fault: what it does to the system (down for `downMs` where a part is killed), and whether it needs the drill's own Temporal. */
export interface Fault {
  name: string;
  killsTemporal: boolean;
  /** It hits the first worker only (the other serves on): only that worker's workflow tasks may time out by it. */
  firstWorkerOnly?: boolean;
  run: (system: DrillSystem, downMs: number) => Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A part killed, down for `downMs`, started again. */
const killed = (name: string, part: Part, how: 'SIGKILL' | 'SIGQUIT' = 'SIGKILL'): Fault => ({
  name,
  killsTemporal: part === 'temporal',
  firstWorkerOnly: part === 'worker',
  run: async (system, downMs) => {
    await system.kill(part, how);
    await sleep(downMs);
    await system.restart(part);
  },
});

/** Longer than a workflow task's 10 s timeout: what the paused worker had started times out and goes to the other. */
const PAUSE_MS = 12_000;

export const FAULTS: Fault[] = [
  killed('worker SIGKILL', 'worker'),
  killed('Temporal SIGKILL', 'temporal'),
  killed('PostgreSQL SIGKILL', 'postgres'),
  killed('PostgreSQL immediate stop', 'postgres', 'SIGQUIT'),
  killed('API SIGKILL', 'api'),
  killed('both workers SIGKILL', 'workers'),
  {
    name: 'worker paused 12 s (SIGSTOP)',
    killsTemporal: false,
    firstWorkerOnly: true,
    run: async (system) => {
      system.pauseWorker(true);
      await sleep(PAUSE_MS);
      system.pauseWorker(false);
    },
  },
  {
    name: 'worker SIGKILL, Temporal 3 s later',
    killsTemporal: true,
    run: async (system, downMs) => {
      await system.kill('worker');
      await sleep(3000);
      await system.kill('temporal');
      await sleep(downMs);
      await system.restart('temporal');
      await system.restart('worker');
    },
  },
];

export interface FaultResult {
  round: number;
  fault: string;
  /** From the part being down until a command sent after that succeeded, seconds (it was down `downMs` of it). */
  unavailableSeconds: number;
  /** From the part being down until /health/ready answered 200 again, seconds. */
  readySeconds: number;
}

export interface DrillResult {
  startedAt: string;
  /** The drill's folder with the worker's and API's logs, when kept (asked for, or the drill failed). */
  kept?: string;
  options: DrillOptions;
  faults: FaultResult[];
  journeys: { started: number; finished: number; referred: number };
  commands: { succeeded: number; retried: number; statuses: Record<string, number> };
  checks: {
    journeysMissingInTemporal: string[];
    journeysMissingInReadModel: string[];
    /** Journeys whose row, timeline or open tasks differ from the workflow. */
    readModelDiffers: { candidateId: string; what: string }[];
    /** 2xx commands whose effect is not in the timeline exactly once. */
    effectsNotOnce: { candidateId: string; taskId?: string; kind: string; found: number }[];
    reconciliationDrift: number;
    reconciliationFindings: unknown[];
    serverErrors: number;
    unexpectedAnswers: ClientStats['unexpected'];
    /**
     * Workflow tasks that ran out of their 10 s with no fault of their worker, Temporal, PostgreSQL
     * or the API while they ran (from the fault's start until the API is ready again): a worker too
     * slow to keep up. Must be none.
     */
    workflowTaskTimeouts: number;
    /** Each of those: when it started and timed out, on which worker. */
    workflowTaskTimeoutTimes: { startedAt: string; timedOutAt: string; identity?: string }[];
    /** Workflow tasks under way when a part was killed (the server or the worker forgot them): they time out by design. */
    workflowTaskTimeoutsAtFaults: number;
    /** Workflow tasks that waited in vain on a worker's sticky queue and moved to the shared one. */
    stickyHandOvers: number;
    workflowTaskFailures: number;
    /** How long workflow tasks took from start to completion, ms. */
    workflowTaskMs: { count: number; p50: number; p99: number; max: number; over5s: number };
    workerLogTaskNotFound: number;
    /**
     * Tasks an inbox showed that no committed history opened (a lost workflow task's rows), and
     * how long each was shown (first to last sight; one sight counts 0). The aim: none over 2 s.
     */
    phantomsShown: { candidateId: string; taskId: string; shownMs: number }[];
    /** The longest of those, ms (0 when none). */
    longestPhantomMs: number;
  };
  passed: boolean;
}

export async function runDrill(options: DrillOptions, log: Log): Promise<DrillResult> {
  const startedAt = new Date().toISOString();
  const system = await DrillSystem.start(log);
  let passed = false;
  try {
    await waitReady(system.apiUrl, 180_000);
    const parties = await createParties(system.databaseUrl, new ApiCaller(system.apiUrl), 'drill', 2);
    const clients = new DrillClients(system.apiUrl, parties);
    clients.start(options.clients, options.journeysPerClient);
    await untilCommands(clients.stats, Math.max(options.clients * 2, 10), 300_000);
    log(`clients running: ${clients.stats.commands.length} commands so far`);

    const faults: FaultResult[] = [];
    const faultTimes: FaultWindow[] = [];
    // An existing Temporal server is not the drill's to kill: its faults are left out.
    const faultsHere = FAULTS.filter((f) => !(system.existing && f.killsTemporal));
    for (let round = 1; round <= options.rounds; round++) {
      for (const fault of faultsHere) {
        const before = clients.stats.commands.length;
        const faultAt = Date.now();
        const t0 = faultAt; // the fault begins
        const hit = fault.firstWorkerOnly ? system.firstWorkerIdentity() : undefined;
        await fault.run(system, options.downMs);
        const served = untilCommandAfter(clients.stats, t0, 600_000);
        await waitReady(system.apiUrl, 600_000);
        const readySeconds = (Date.now() - t0) / 1000;
        const unavailableSeconds = ((await served) - t0) / 1000;
        faults.push({ round, fault: fault.name, unavailableSeconds: round2(unavailableSeconds), readySeconds: round2(readySeconds) });
        faultTimes.push({ name: `round ${round}, ${fault.name}`, at: faultAt, until: Date.now(), ...(hit ? { worker: hit } : {}) });
        log(`round ${round}, ${fault.name}: commands again after ${unavailableSeconds.toFixed(1)} s, ready after ${readySeconds.toFixed(1)} s (${clients.stats.commands.length - before} commands meanwhile)`);
        await new Promise((r) => setTimeout(r, options.settleMs));
      }
    }
    log('faults done; the clients finish the journeys under way');
    await clients.finish();
    const checks = await check(system, parties.tokens.municipality, clients.stats, faultTimes, log);
    const stats = clients.stats;
    const result: DrillResult = {
      startedAt,
      options,
      faults,
      journeys: { started: stats.journeysStarted, finished: stats.journeysFinished, referred: stats.commands.filter((c) => c.kind === 'refer').length },
      commands: { succeeded: stats.commands.length, retried: stats.commands.filter((c) => c.attempts > 1).length, statuses: stats.statuses },
      checks,
      passed:
        !checks.journeysMissingInTemporal.length &&
        !checks.journeysMissingInReadModel.length &&
        !checks.readModelDiffers.length &&
        !checks.effectsNotOnce.length &&
        checks.reconciliationDrift === 0 &&
        checks.serverErrors === 0 &&
        checks.workflowTaskTimeouts === 0 &&
        checks.longestPhantomMs <= PHANTOM_SHOWN_AIM_MS &&
        !checks.unexpectedAnswers.length,
    };
    passed = result.passed;
    return options.keep || !passed ? { ...result, kept: system.dir } : result;
  } finally {
    // A failed drill (a check, or an error on the way) keeps its logs: the cause of what failed is in them.
    const keep = options.keep || !passed;
    await system.stop(keep);
    if (keep) log(`${passed ? '' : 'the drill failed; '}its folder is kept (PostgreSQL, Temporal, worker.log, api.log): ${system.dir}`);
  }
}

/** No person sees a lost workflow task's row for longer than this. */
const PHANTOM_SHOWN_AIM_MS = 2000;

/** From a part being killed until the API was ready again. */
interface FaultWindow {
  name: string;
  at: number;
  until: number;
  /** The identity of the one worker it hit; none: it hit every workflow task under way (Temporal, PostgreSQL, the API, all workers). */
  worker?: string;
}

/**
 * A workflow task that timed out was under way at a fault (so it timed out by design) when the
 * fault began or lasted while it ran, and the fault hit its worker: a fault of one worker excuses
 * only that worker's tasks (and the server's speculative ones, which name no worker).
 */
function timedOutAtFault(faults: readonly FaultWindow[], startedAt: number, timedOutAt: number, identity: string): boolean {
  return faults.some((f) => f.at <= timedOutAt && f.until >= startedAt && (!f.worker || !identity || f.worker === identity));
}

async function check(system: DrillSystem, coordinatorToken: string, stats: ClientStats, faultTimes: FaultWindow[], log: Log): Promise<DrillResult['checks']> {
  const db = new Pool({ connectionString: system.databaseUrl, max: 4 });
  const temporal = await system.temporalClient();
  try {
    const referred = [...new Set(stats.commands.filter((c) => c.kind === 'refer').map((c) => c.candidateId))];
    const checks: DrillResult['checks'] = {
      journeysMissingInTemporal: [],
      journeysMissingInReadModel: [],
      readModelDiffers: [],
      effectsNotOnce: [],
      reconciliationDrift: 0,
      reconciliationFindings: [],
      serverErrors: Object.entries(stats.statuses).filter(([s]) => /^5/.test(s) && s !== '503').reduce((n, [, v]) => n + v, 0),
      unexpectedAnswers: stats.unexpected,
      workflowTaskTimeouts: 0,
      workflowTaskTimeoutTimes: [],
      workflowTaskTimeoutsAtFaults: 0,
      stickyHandOvers: 0,
      workflowTaskFailures: 0,
      workflowTaskMs: { count: 0, p50: 0, p99: 0, max: 0, over5s: 0 },
      workerLogTaskNotFound: 0,
      phantomsShown: [],
      longestPhantomMs: 0,
    };
    const taskMs: number[] = [];
    // Every command the clients sent has answered: the read model must say what each workflow says now.
    for (const candidateId of referred) {
      const handle = temporal.workflow.getHandle(journeyWorkflowId(candidateId));
      let view;
      try {
        view = await handle.query(getJourneyQuery);
      } catch {
        checks.journeysMissingInTemporal.push(candidateId);
        continue;
      }
      const { rows: [row] } = await db.query(`SELECT sequence, step, status FROM journeys WHERE candidate_id = $1`, [candidateId]);
      if (!row) {
        checks.journeysMissingInReadModel.push(candidateId);
        continue;
      }
      const differs: string[] = [];
      if (row.sequence !== view.sequence || row.step !== view.step || row.status !== view.status) differs.push(`row ${row.step}/${row.status}/${row.sequence} vs ${view.step}/${view.status}/${view.sequence}`);
      const { rows: events } = await db.query(`SELECT sequence FROM journey_events WHERE candidate_id = $1 ORDER BY sequence`, [candidateId]);
      if (events.length !== view.sequence || events.some((e, i) => e.sequence !== i + 1)) differs.push(`timeline has ${events.length} entries for sequence ${view.sequence}`);
      const { rows: open } = await db.query(`SELECT task_id, assignee_organisation_id FROM human_tasks WHERE candidate_id = $1 AND status IN ('OPEN', 'CLAIMED') ORDER BY task_id`, [candidateId]);
      const expected = view.openTasks.map((t) => `${t.id}@${t.assignee.organisationId}`).sort();
      const actual = open.map((t) => `${t.task_id}@${t.assignee_organisation_id}`).sort();
      if (expected.join() !== actual.join()) differs.push(`open tasks ${actual.join(' ')} vs ${expected.join(' ')}`);
      // The timeline's content, times included: the workflow keeps a digest of its entries after `from`.
      if (view.timeline) {
        const { rows: kept } = await db.query<TimelineRow>(
          `SELECT ${TIMELINE_ROW_COLUMNS} FROM journey_events WHERE candidate_id = $1 AND sequence > $2 AND sequence <= $3 ORDER BY sequence`,
          [candidateId, view.timeline.from, view.sequence],
        );
        if (timelineDigest(kept.map(timelineEntryOfRow)) !== view.timeline.digest) differs.push(`timeline content after ${view.timeline.from} differs from the history's`);
      }
      for (const what of differs) checks.readModelDiffers.push({ candidateId, what });

      const history = (await handle.fetchHistory()).events ?? [];
      const byId = new Map(history.map((e) => [Number(e.eventId), e]));
      for (const e of history) {
        const timedOut = e.workflowTaskTimedOutEventAttributes;
        if (!timedOut) continue;
        // Never started: it waited on the sticky queue of a worker that did not take it in time.
        // Started and never finished: under way at a fault (by design), or on a worker too slow.
        const startedEvent = byId.get(Number(timedOut.startedEventId));
        const started = startedEvent?.workflowTaskStartedEventAttributes;
        if (!startedEvent || !started) {
          checks.stickyHandOvers++;
          continue;
        }
        const startedAt = millis(startedEvent.eventTime);
        if (timedOutAtFault(faultTimes, startedAt, millis(e.eventTime), started.identity ?? '')) {
          checks.workflowTaskTimeoutsAtFaults++;
          continue;
        }
        checks.workflowTaskTimeouts++;
        checks.workflowTaskTimeoutTimes.push({ startedAt: new Date(startedAt).toISOString(), timedOutAt: new Date(millis(e.eventTime)).toISOString(), identity: started.identity ?? undefined });
      }
      checks.workflowTaskFailures += history.filter((e) => e.workflowTaskFailedEventAttributes).length;
      for (const e of history) {
        const completed = e.workflowTaskCompletedEventAttributes;
        const started = completed && byId.get(Number(completed.startedEventId));
        if (started) taskMs.push(millis(e.eventTime) - millis(started.eventTime));
      }
    }
    taskMs.sort((a, b) => a - b);
    const at = (q: number): number => taskMs[Math.min(taskMs.length - 1, Math.ceil(q * taskMs.length) - 1)] ?? 0;
    checks.workflowTaskMs = { count: taskMs.length, p50: at(0.5), p99: at(0.99), max: taskMs[taskMs.length - 1] ?? 0, over5s: taskMs.filter((ms) => ms > 5000).length };
    // Each 2xx command's effect, exactly once.
    const { rows: effects } = await db.query(
      `SELECT candidate_id, task_id, type FROM journey_events WHERE candidate_id = ANY ($1) AND type IN ('journey.referred', 'task.completed')`,
      [referred],
    );
    const seen = new Map<string, number>();
    for (const e of effects) {
      const k = e.type === 'journey.referred' ? `refer:${e.candidate_id}` : `complete:${e.candidate_id}:${e.task_id}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    for (const c of stats.commands) {
      const k = c.kind === 'refer' ? `refer:${c.candidateId}` : `complete:${c.candidateId}:${c.taskId}`;
      const found = seen.get(k) ?? 0;
      if (found !== 1) checks.effectsNotOnce.push({ candidateId: c.candidateId, taskId: c.taskId, kind: c.kind, found });
    }
    // Every task an inbox showed was opened by a committed history (the timeline equals it: checked above).
    const { rows: opened } = await db.query(`SELECT candidate_id, task_id FROM journey_events WHERE candidate_id = ANY ($1) AND type = 'task.opened'`, [referred]);
    const committedTasks = new Set(opened.map((o) => `${o.candidate_id} ${o.task_id}`));
    for (const [key, { first, last }] of Object.entries(stats.shown)) {
      if (committedTasks.has(key)) continue;
      const [candidateId, taskId] = key.split(' ');
      checks.phantomsShown.push({ candidateId, taskId, shownMs: last - first });
    }
    checks.longestPhantomMs = Math.max(0, ...checks.phantomsShown.map((p) => p.shownMs));
    // A reconciliation straight after finds nothing.
    const api = new ApiCaller(system.apiUrl);
    const { id } = await api.ok<{ id: string }>('POST', '/pipeline/reconciliations', coordinatorToken, {});
    for (;;) {
      const report = await api.ok<{ status: string; driftFound: number }>('GET', `/pipeline/reconciliations/${id}`, coordinatorToken);
      if (report.status === 'DONE' || report.status === 'FAILED') {
        if (report.status === 'FAILED') throw new Error(`the reconciliation failed: ${JSON.stringify(report)}`);
        checks.reconciliationDrift = report.driftFound;
        if (report.driftFound) checks.reconciliationFindings = (await api.ok<{ items: unknown[] }>('GET', `/pipeline/reconciliations/${id}/findings?limit=100`, coordinatorToken)).items;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const file of system.logFiles('worker')) {
      try {
        checks.workerLogTaskNotFound += (readFileSync(file, 'utf8').match(/Task not found when completing/g) ?? []).length;
      } catch {
        // no log
      }
    }
    log(`checked ${referred.length} journeys and ${stats.commands.length} commands`);
    return checks;
  } finally {
    await temporal.connection.close();
    await db.end();
  }
}

async function waitReady(apiUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${apiUrl}/health/ready`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not up
    }
    if (Date.now() > deadline) throw new Error(`the API was not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function untilCommands(stats: ClientStats, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (stats.commands.length < n) {
    if (Date.now() > deadline) throw new Error(`only ${stats.commands.length} commands within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** When the first command sent after t0 succeeded. */
async function untilCommandAfter(stats: ClientStats, t0: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const first = stats.commands.find((c) => c.sentAt > t0);
    if (first) return first.at;
    if (Date.now() > deadline) throw new Error(`no command succeeded within ${timeoutMs / 1000} s of the fault`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A history event's time in ms. */
function millis(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return Number(t?.seconds ?? 0) * 1000 + Math.round((t?.nanos ?? 0) / 1e6);
}

/** The result as text tables. */
export function renderDrill(r: DrillResult): string {
  const lines = [
    `Fault drill: ${r.options.clients} clients, ${r.options.rounds} rounds, parts down ${r.options.downMs / 1000} s each`,
    '',
    'round  fault                                commands again after (s)  ready after (s)',
    ...r.faults.map((f) => `${String(f.round).padEnd(6)} ${f.fault.padEnd(36)} ${String(f.unavailableSeconds).padStart(24)}  ${String(f.readySeconds).padStart(15)}`),
    '',
    `journeys: ${r.journeys.referred} referred, ${r.journeys.finished} walked to a running placement`,
    `commands: ${r.commands.succeeded} succeeded (${r.commands.retried} after a retry with the same key); answers ${JSON.stringify(r.commands.statuses)}`,
    `missing in Temporal: ${r.checks.journeysMissingInTemporal.length}, missing in the read model: ${r.checks.journeysMissingInReadModel.length}`,
    `read model differs from the workflow: ${r.checks.readModelDiffers.length}`,
    `2xx effects not exactly once in the timeline: ${r.checks.effectsNotOnce.length}`,
    `reconciliation straight after: ${r.checks.reconciliationDrift} findings`,
    `500s: ${r.checks.serverErrors}; other unexpected answers: ${r.checks.unexpectedAnswers.length}`,
    `lost workflow tasks' rows shown in an inbox: ${r.checks.phantomsShown.length}, the longest for ${r.checks.longestPhantomMs} ms (aim: at most ${PHANTOM_SHOWN_AIM_MS} ms)`,
    `workflow tasks: ${r.checks.workflowTaskMs.count}, start to completion p50 ${r.checks.workflowTaskMs.p50} ms, p99 ${r.checks.workflowTaskMs.p99} ms, max ${r.checks.workflowTaskMs.max} ms, ${r.checks.workflowTaskMs.over5s} over 5 s`,
    `workflow tasks timed out outside the faults: ${r.checks.workflowTaskTimeouts}; under way at a fault (by design): ${r.checks.workflowTaskTimeoutsAtFaults}; sticky hand-overs: ${r.checks.stickyHandOvers}; failed: ${r.checks.workflowTaskFailures}; "Task not found when completing" in the worker's log: ${r.checks.workerLogTaskNotFound}`,
    ...r.checks.workflowTaskTimeoutTimes.map((t) => `  started ${t.startedAt} on ${t.identity}, timed out ${t.timedOutAt}`),
    `result: ${r.passed ? 'PASSED' : 'FAILED'}`,
    ...(r.kept ? [`logs kept in ${r.kept}`] : []),
  ];
  return lines.join('\n');
}
