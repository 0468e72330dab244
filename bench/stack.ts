/**
 * What a benchmark runs against: the API over HTTP, the worker, a Temporal client and the
 * database. `startBenchStack` (npm run bench) starts everything as real child processes on a
 * Temporal dev server with a file database of its own and a fresh PostgreSQL database; the smoke
 * test builds the same shape in-process on the jest run's server and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { stopChild, stopWithOwner, type Log } from '../libs/devstack/src/child-process';
import { freePort } from '../libs/devstack/src/ports';
import { dropDatabase, resolvePostgres, withDatabase } from '../libs/devstack/src/postgres';
import { ensureTemporalCli } from '../libs/devstack/src/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../libs/devstack/src/temporal-dev-server';
import { dataSourceOptions, runMigrations } from '../libs/database/src/data-source';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../libs/domain/src/search-attributes';
import { temporalSettings, validateTemporalEnvironment } from '../libs/config/src/environment';
import { connectClient, type TemporalSettings } from '../libs/temporal/src/connection';

/** A running API: its base URL and, when it is a process of its own, its pid. */
export interface BenchApi {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

export interface BenchStack {
  /** 'processes': API and worker are child processes; 'in-process': all in the harness's own process (smoke). */
  mode: 'processes' | 'in-process';
  api: BenchApi;
  /** Starts another API on the same stack with extra environment (e.g. JOURNEY_TIME_SCALE). */
  startApi(extraEnv: Record<string, string>): Promise<BenchApi>;
  workerPid: number;
  temporalPid?: number;
  client: Client;
  namespace: string;
  taskQueue: string;
  baselineTaskQueue: string;
  databaseUrl: string;
  /** Temporal's file database (plus -wal/-shm), when it has one. */
  temporalDbFile?: string;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '..', '..');

export async function waitForHealth(url: string, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`The API did not become healthy at ${url} within ${timeoutMs / 1000}s.`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * An existing Temporal server to run against instead of a dev server of one's own: TEMPORAL_ADDRESS
 * (with TEMPORAL_NAMESPACE and the TLS and API-key variables the API and worker read) when set.
 * Its namespace must exist and have the journeys' search attributes (`npm run cluster` makes both).
 */
export function existingTemporal(env: NodeJS.ProcessEnv = process.env): TemporalSettings | undefined {
  return env.TEMPORAL_ADDRESS ? temporalSettings(validateTemporalEnvironment(env)) : undefined;
}

/** Size in bytes of a SQLite database with its write-ahead log. */
export function sqliteBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
}

function startNode(script: string, env: Record<string, string>, log: Log, name: string): ChildProcess {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": for profiling the processes under load.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString().trim();
    if (text) log(`${name}: ${text.slice(0, 500)}`);
  });
  if (child.pid) stopWithOwner(child.pid);
  return child;
}

/**
 * The whole system as `npm start` runs it, but throw-away: a Temporal dev server on a temp file
 * database, a fresh database on the local PostgreSQL (or DATABASE_URL's server), migrations, the
 * worker, the API and the baseline worker as child processes from dist/.
 */
export async function startBenchStack(log: Log): Promise<BenchStack> {
  const runId = `${Date.now().toString(36)}${Math.random().toString(16).slice(2, 6)}`;
  const workDir = mkdtempSync(join(tmpdir(), `placement-bench-${runId}-`));
  const temporalDbFile = join(workDir, 'temporal.db');
  const database = `placement_bench_${runId}`;
  const existing = existingTemporal();
  const startDevServer = async (): Promise<TemporalDevServer> =>
    startTemporalDevServer({
      cliPath: (await ensureTemporalCli(root, log)).path,
      port: await freePort(),
      namespace: 'default',
      dbFile: temporalDbFile,
      // BENCH_TEMPORAL_SQLITE_PRAGMAS=none: SQLite's own defaults (rollback journal, full sync), for a before/after.
      ...(process.env.BENCH_TEMPORAL_SQLITE_PRAGMAS ? { sqlitePragmas: process.env.BENCH_TEMPORAL_SQLITE_PRAGMAS.split(',').filter((p) => p && p !== 'none') } : {}),
      searchAttributes: JOURNEY_SEARCH_ATTRIBUTES,
      log,
    });
  const [temporal, postgres] = await Promise.all([
    existing ? undefined : startDevServer(),
    resolvePostgres({
      database,
      dataDir: join(root, 'data', 'postgres'),
      env: process.env.DATABASE_URL ? { DATABASE_URL: withDatabase(process.env.DATABASE_URL, database) } : {},
      log,
    }),
  ]);
  const settings: TemporalSettings = existing ?? { address: temporal!.address, namespace: 'default' };
  if (existing) log(`Temporal: the existing server at ${existing.address}, namespace ${existing.namespace}`);
  const dataSource = await new DataSource(dataSourceOptions(postgres.url)).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  const taskQueue = `bench-${runId}`;
  const baselineTaskQueue = `bench-baseline-${runId}`;
  const common = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // One client drives many users' work from one address, as no person does: no rate limits.
    RATE_LIMITS: 'off',
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: settings.address,
    TEMPORAL_NAMESPACE: settings.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE: join(root, 'dist', 'workflow-bundle.js'),
  };
  const children: ChildProcess[] = [];
  // BENCH_WORKERS: several journey workers on the same task queue (the scale-out curve); the memory section reads the first.
  const workers = Array.from({ length: Math.max(1, Number(process.env.BENCH_WORKERS ?? 1)) }, (_, i) =>
    startNode(join(root, 'dist', 'apps', 'worker', 'src', 'main.js'), common, log, `worker ${i + 1}`),
  );
  const worker = workers[0];
  const baseline = startNode(join(root, 'dist', 'bench', 'baseline', 'baseline-worker.js'), { ...common, BASELINE_TASK_QUEUE: baselineTaskQueue }, log, 'baseline worker');
  children.push(...workers, baseline);

  const startApi = async (extraEnv: Record<string, string>): Promise<BenchApi> => {
    const port = await freePort();
    const child = startNode(join(root, 'dist', 'apps', 'api', 'src', 'main.js'), { ...common, PORT: String(port), ...extraEnv }, log, 'api');
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url);
    return { url, pid: child.pid, stop: () => stopChild(child) };
  };
  const api = await startApi({});
  if (baseline.exitCode !== null) throw new Error(`the baseline worker exited (${baseline.exitCode}) while starting`);

  const client = await connectClient(settings);
  let stopped = false;
  return {
    mode: 'processes',
    api,
    startApi,
    workerPid: worker.pid!,
    temporalPid: temporal?.process.pid,
    client,
    namespace: settings.namespace,
    taskQueue,
    baselineTaskQueue,
    databaseUrl: postgres.url,
    temporalDbFile: temporal ? temporalDbFile : undefined,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await client.connection.close().catch(() => undefined);
      for (const child of [...children].reverse()) await stopChild(child);
      await temporal?.stop();
      await dropDatabase(postgres.url).catch((error: unknown) => log(`dropping ${database} failed: ${String(error)}`));
      await postgres.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
