/**
 * A throw-away Temporal cluster for one test file: the Temporal server on the local PostgreSQL
 * (databases of its own, dropped afterwards, so `npm run cluster`'s are never touched), the
 * namespace and search attributes, a fresh application database, and the workers and APIs as
 * processes of their own that a test can kill and start again.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../libs/database/src/data-source';
import { freeLowPort, freePort } from '../../libs/devstack/src/ports';
import { dropDatabase, resolvePostgres, withDatabase, type ResolvedPostgres } from '../../libs/devstack/src/postgres';
import {
  ensureNamespace,
  ensureServerTools,
  migrateTemporalDatabases,
  serverClientSettings,
  startTemporalServer,
  type ServerTools,
  type TemporalServer,
  type TemporalServerConfig,
  type TemporalServerTls,
} from '../../libs/devstack/src/temporal-server';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import { connectClient } from '../../libs/temporal/src/connection';
import { writeWorkflowBundle } from '../../scripts/bundle-workflows';
import { startFromSources, stopProcess, untilReady, type SourceProcess } from '../support/processes';

const root = resolve(__dirname, '..', '..');
export const NAMESPACE = 'placement-test';
const log = (message: string): void => console.log(`[cluster] ${message}`);

export interface TestClusterOptions {
  /** Mutual TLS on the frontend, and the client certificate the workers and APIs connect with. */
  tls?: TemporalServerTls & { client: { certFile: string; keyFile: string } };
}

export class TestCluster {
  readonly workers: SourceProcess[] = [];
  readonly apis: { url: string; process: SourceProcess }[] = [];
  private server?: TemporalServer;
  client!: Client;

  private constructor(
    private readonly tools: ServerTools,
    private readonly config: TemporalServerConfig,
    private readonly dir: string,
    private readonly postgres: ResolvedPostgres,
    readonly databaseUrl: string,
    readonly taskQueue: string,
    readonly bundle: string,
    private readonly options: TestClusterOptions,
  ) {}

  static async start(options: TestClusterOptions = {}): Promise<TestCluster> {
    const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), `placement-cluster-${runId}-`));
    const tools = await ensureServerTools(root, log);
    const postgres = await resolvePostgres({ database: `placement_cluster_test_${runId}`, dataDir: join(root, 'data', 'postgres'), log });
    const dbs = { serverUrl: postgres.url, main: `temporal_test_${runId}`, visibility: `temporal_test_${runId}_visibility` };
    await migrateTemporalDatabases(tools.sqlTool.path, dbs, log);
    const dataSource = await new DataSource(dataSourceOptions(postgres.url)).initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    const bundle = join(dir, 'workflow-bundle.js');
    await writeWorkflowBundle(require.resolve(join(root, 'workflows')), bundle);
    const port = (): Promise<number> => freePort();
    const config: TemporalServerConfig = {
      dbs,
      historyShards: 4,
      ports: {
        frontend: await port(),
        frontendHttp: await port(),
        frontendMembership: await freeLowPort(),
        history: await port(),
        historyMembership: await freeLowPort(),
        matching: await port(),
        matchingMembership: await freeLowPort(),
        worker: await port(),
        workerMembership: await freeLowPort(),
        metrics: await port(),
      },
      tls: options.tls,
    };
    const cluster = new TestCluster(tools, config, dir, postgres, postgres.url, `cluster-${runId}`, bundle, options);
    try {
      await cluster.startServer();
      await ensureNamespace(serverClientSettings(config, NAMESPACE), NAMESPACE, 1, JOURNEY_SEARCH_ATTRIBUTES, log);
      cluster.client = await connectClient(serverClientSettings(config, NAMESPACE));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get address(): string {
    return `127.0.0.1:${this.config.ports.frontend}`;
  }

  get metricsUrl(): string {
    return `http://127.0.0.1:${this.config.ports.metrics}/metrics`;
  }

  /** Starts the server on the same databases and ports. */
  async startServer(): Promise<void> {
    this.server = await startTemporalServer(this.tools.server.path, this.config, join(this.dir, 'server'), log);
  }

  async stopServer(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  /** The environment of a worker or an API of this cluster. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const tls = this.options.tls;
    return {
      ...(tls
        ? { TEMPORAL_TLS_CA: tls.caFile, TEMPORAL_TLS_SERVER_NAME: tls.serverName, TEMPORAL_TLS_CERT: tls.client.certFile, TEMPORAL_TLS_KEY: tls.client.keyFile }
        : {}),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      WORKFLOW_BUNDLE: this.bundle,
      ...extra,
    };
  }

  /** Starts a worker; its index in `workers`. */
  startWorker(extra: Record<string, string> = {}): number {
    this.workers.push(startFromSources('apps/worker/src/main.ts', this.env(extra)));
    return this.workers.length - 1;
  }

  /** Starts an API and waits until it is ready. */
  async startApi(extra: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    const api = startFromSources('apps/api/src/main.ts', this.env({ PORT: String(port), ...extra }));
    const url = `http://127.0.0.1:${port}`;
    this.apis.push({ url, process: api });
    await untilReady(url, [api, ...this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null)], 180_000);
    return url;
  }

  /** SIGKILL: the worker is gone without a word, as when its machine dies. */
  async killWorker(index: number): Promise<void> {
    const { child } = this.workers[index];
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.client?.connection.close().catch(() => undefined);
    for (const api of this.apis) await stopProcess(api.process.child);
    for (const worker of this.workers) await stopProcess(worker.child);
    await this.stopServer();
    if (process.env.KEEP_TEST_DATABASE !== 'true') {
      for (const db of [this.config.dbs.main, this.config.dbs.visibility]) await dropDatabase(withDatabase(this.config.dbs.serverUrl, db)).catch(() => undefined);
      await dropDatabase(this.databaseUrl).catch(() => undefined);
    }
    await this.postgres.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
