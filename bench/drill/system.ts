/**
 * The system as separate processes the drill can kill: its own PostgreSQL cluster, a Temporal dev
 * server on a file database, two workers on the task queue and the API from dist/. Each part can be
 * killed and started again on the same address (a worker also paused); the data stays.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { stopChild, stopWithOwner, type Log } from '../../libs/devstack/src/child-process';
import { freePort } from '../../libs/devstack/src/ports';
import { ensureDatabase, withDatabase } from '../../libs/devstack/src/postgres';
import { ensureTemporalCli } from '../../libs/devstack/src/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { dataSourceOptions, runMigrations } from '../../libs/database/src/data-source';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import { connectClient, type TemporalSettings } from '../../libs/temporal/src/connection';
import type { Client } from '@temporalio/client';
import { existingTemporal } from '../stack';
import { PostgresCluster } from './postgres-cluster';

const root = resolve(__dirname, '..', '..', '..');

/** `worker`: the first of the workers (the other keeps serving); `workers`: all of them at once. */
export type Part = 'worker' | 'workers' | 'api' | 'temporal' | 'postgres';

/** How many workers poll the task queue. */
export const WORKERS = 2;

export class DrillSystem {
  private readonly workers: (ChildProcess | undefined)[] = [];
  private api?: ChildProcess;
  private temporal?: TemporalDevServer;
  private stopping = false;

  private constructor(
    readonly dir: string,
    readonly postgres: PostgresCluster,
    readonly databaseUrl: string,
    readonly temporalPort: number,
    readonly apiPort: number,
    readonly taskQueue: string,
    private readonly cliPath: string | undefined,
    private readonly log: Log,
    /** An existing Temporal server (TEMPORAL_ADDRESS): not the drill's to kill. */
    readonly existing?: TemporalSettings,
  ) {}

  static async start(log: Log): Promise<DrillSystem> {
    const dir = mkdtempSync(join(tmpdir(), 'placement-drill-'));
    const existing = existingTemporal();
    const cli = existing ? undefined : await ensureTemporalCli(root, log);
    const postgres = await PostgresCluster.create(join(dir, 'postgres'), await freePort(), log);
    const databaseUrl = withDatabase(postgres.url, 'placement');
    await ensureDatabase(databaseUrl);
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    const taskQueue = existing ? `drill-journeys-${Date.now().toString(36)}` : 'drill-journeys';
    const system = new DrillSystem(dir, postgres, databaseUrl, await freePort(), await freePort(), taskQueue, cli?.path, log, existing);
    if (existing) log(`Temporal: the existing server at ${existing.address}, namespace ${existing.namespace} (its faults are left out)`);
    else await system.startTemporal();
    for (let i = 0; i < WORKERS; i++) system.startWorker(i);
    system.startApi();
    log(`system up in ${dir}: PostgreSQL :${postgres.port}, Temporal :${system.temporalPort}, API :${system.apiPort}`);
    return system;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get temporalSettings(): TemporalSettings {
    return this.existing ?? { address: `127.0.0.1:${this.temporalPort}`, namespace: 'default' };
  }

  /** A client of the drill's Temporal; the caller closes its connection. */
  temporalClient(): Promise<Client> {
    return connectClient(this.temporalSettings);
  }

  async startTemporal(): Promise<void> {
    if (!this.cliPath) throw new Error('The drill runs against an existing Temporal server: it does not start one.');
    this.temporal = await startTemporalDevServer({
      cliPath: this.cliPath,
      port: this.temporalPort,
      namespace: 'default',
      dbFile: join(this.dir, 'temporal.db'),
      searchAttributes: JOURNEY_SEARCH_ATTRIBUTES,
      log: () => undefined,
    });
  }

  private env(): Record<string, string> {
    return {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      // One client drives many users' work from one address, as no person does: no rate limits.
      RATE_LIMITS: 'off',
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporalSettings.address,
      TEMPORAL_NAMESPACE: this.temporalSettings.namespace,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      WORKFLOW_BUNDLE: join(root, 'dist', 'workflow-bundle.js'),
      PORT: String(this.apiPort),
    };
  }

  private node(name: string, script: string): ChildProcess {
    const child = spawn(process.execPath, [join(root, 'dist', script)], { env: { ...process.env, ...this.env() }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out = createWriteStream(join(this.dir, `${name}.log`), { flags: 'a' });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    if (child.pid) stopWithOwner(child.pid);
    child.once('exit', (code, signal) => {
      if (!this.stopping && code !== null) this.log(`${name} exited by itself (${signal ?? `code ${code}`}); see ${join(this.dir, `${name}.log`)}`);
    });
    return child;
  }

  startWorker(i: number): void {
    this.workers[i] = this.node(`worker-${i}`, 'apps/worker/src/main.js');
  }

  startApi(): void {
    this.api = this.node('api', 'apps/api/src/main.js');
  }

  /** Kills a part outright (the worker, the API, Temporal: SIGKILL; PostgreSQL: SIGKILL or immediate shutdown). */
  async kill(part: Part, how: 'SIGKILL' | 'SIGQUIT' = 'SIGKILL'): Promise<void> {
    if (part === 'postgres') return this.postgres.kill(how);
    const children = part === 'temporal' ? [this.temporal?.process] : part === 'worker' ? [this.workers[0]] : part === 'workers' ? this.workers : [this.api];
    await Promise.all(
      children.map(async (child) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGCONT'); // a paused one dies at once too
        child.kill('SIGKILL');
        await exited;
      }),
    );
  }

  async restart(part: Part): Promise<void> {
    if (part === 'postgres') await this.postgres.start();
    else if (part === 'temporal') await this.startTemporal();
    else if (part === 'worker') this.startWorker(0);
    else if (part === 'workers') for (let i = 0; i < WORKERS; i++) this.startWorker(i);
    else this.startApi();
  }

  /** The first worker's identity with Temporal (the SDK's default: pid@host), as its workflow task events name it. */
  firstWorkerIdentity(): string | undefined {
    const pid = this.workers[0]?.pid;
    return pid === undefined ? undefined : `${pid}@${hostname()}`;
  }

  /** Pauses the first worker (SIGSTOP) or lets it go on (SIGCONT): alive to the server, doing nothing. */
  pauseWorker(paused: boolean): void {
    this.workers[0]?.kill(paused ? 'SIGSTOP' : 'SIGCONT');
  }

  /** The workers' and the API's logs, for counting what they said. */
  logFiles(part: 'worker' | 'api'): string[] {
    return part === 'api' ? [join(this.dir, 'api.log')] : this.workers.map((_, i) => join(this.dir, `worker-${i}.log`));
  }

  async stop(keep = false): Promise<void> {
    this.stopping = true;
    this.pauseWorker(false);
    for (const child of [this.api, ...this.workers]) if (child) await stopChild(child);
    await this.temporal?.stop();
    await this.postgres.stop();
    if (!keep) rmSync(this.dir, { recursive: true, force: true });
  }
}
