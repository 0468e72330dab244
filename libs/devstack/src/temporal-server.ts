/**
 * The Temporal server on PostgreSQL (`npm run cluster`, the cluster tests): the server, its
 * schema tool and its UI server, each found or built once like the CLI; Temporal's two databases
 * created and migrated on a PostgreSQL server; a config file; the server and the UI started; the
 * namespace made with a retention and the journeys' search attributes registered on it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { connectClient, plainSettings, type TemporalSettings } from '../../temporal/src/connection';
import { startServerProcess, stopChild, type Log } from './child-process';
import { ensureGoTool, findGoTool, TEMPORAL_GO_MODULE, type GoTool, type ToolLocation } from './go-tool';
import { ensureDatabase, withDatabase } from './postgres';

/**
 * The three binaries, each under its own name (the server and the UI server both build as
 * `server`). The server and its schema tool are the release the CLI's dev server embeds
 * (tools/temporal/go.mod pins both): the cluster runs the same Temporal as `npm start`, and their
 * build reuses what the CLI's build compiled.
 */
export const TEMPORAL_SERVER_TOOLS = {
  server: { title: 'the Temporal server', binary: 'temporal-server', envVar: 'TEMPORAL_SERVER', module: 'go.temporal.io/server/cmd/server', projectModule: TEMPORAL_GO_MODULE },
  sqlTool: { title: "the Temporal server's schema tool", binary: 'temporal-sql-tool', envVar: 'TEMPORAL_SQL_TOOL', module: 'go.temporal.io/server/cmd/tools/sql', projectModule: TEMPORAL_GO_MODULE },
  // The newest UI server that builds with Go 1.26.
  ui: { title: 'the Temporal UI server', binary: 'temporal-ui-server', envVar: 'TEMPORAL_UI_SERVER', module: 'github.com/temporalio/ui-server/v2/cmd/server@v2.55.0', builtAs: 'server' },
} as const satisfies Record<string, GoTool>;

export type ClusterTools = Record<keyof typeof TEMPORAL_SERVER_TOOLS, ToolLocation>;
export type ServerTools = Pick<ClusterTools, 'server' | 'sqlTool'>;

/** Finds the three without building any; undefined when one is missing. */
export function findClusterTools(projectRoot: string, env: NodeJS.ProcessEnv = process.env): ClusterTools | undefined {
  const server = findGoTool(TEMPORAL_SERVER_TOOLS.server, projectRoot, env);
  const sqlTool = findGoTool(TEMPORAL_SERVER_TOOLS.sqlTool, projectRoot, env);
  const ui = findGoTool(TEMPORAL_SERVER_TOOLS.ui, projectRoot, env);
  return server && sqlTool && ui ? { server, sqlTool, ui } : undefined;
}

/**
 * Finds or builds the three, one after the other (a build uses both cores and ~2.2 GiB; two at
 * once finish no sooner and need twice the memory).
 */
export async function ensureClusterTools(projectRoot: string, log: Log): Promise<ClusterTools> {
  const tools = await ensureServerTools(projectRoot, log);
  return { ...tools, ui: await ensureGoTool(TEMPORAL_SERVER_TOOLS.ui, projectRoot, log) };
}

/** The server and its schema tool only (the cluster tests need no UI: six minutes less on a fresh machine). */
export async function ensureServerTools(projectRoot: string, log: Log): Promise<ServerTools> {
  const server = await ensureGoTool(TEMPORAL_SERVER_TOOLS.server, projectRoot, log);
  const sqlTool = await ensureGoTool(TEMPORAL_SERVER_TOOLS.sqlTool, projectRoot, log);
  return { server, sqlTool };
}

/** Temporal's two databases on one PostgreSQL server. */
export interface TemporalDatabases {
  /** Any URL of the PostgreSQL server (user, password, host, port are taken from it). */
  serverUrl: string;
  /** The main store: histories, shards, task queues, namespaces. */
  main: string;
  /** Visibility: the workflow list and its search attributes. */
  visibility: string;
}

const SCHEMAS = { main: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;

function run(command: string, args: string[], log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log(output.slice(-3000));
      reject(new Error(`${command} ${args.filter((a) => !a.startsWith('--password')).join(' ')} exited ${code}`));
    });
  });
}

async function hasSchemaVersion(url: string): Promise<boolean> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ present: boolean }>("SELECT to_regclass('public.schema_version') IS NOT NULL AS present");
    return result.rows[0].present;
  } finally {
    await client.end();
  }
}

/**
 * Creates Temporal's two databases when missing and brings their schemas to the server's version
 * with its schema tool (the schemas are embedded in the tool): `setup-schema -v 0.0` once (the
 * version table), then `update-schema` every time (it applies only what is newer, so a second run
 * reuses the databases and a newer server migrates them).
 */
export async function migrateTemporalDatabases(sqlTool: string, dbs: TemporalDatabases, log: Log): Promise<void> {
  const server = new URL(dbs.serverUrl);
  for (const which of ['main', 'visibility'] as const) {
    const url = withDatabase(dbs.serverUrl, dbs[which]);
    const created = await ensureDatabase(url);
    const args = [
      '--plugin', 'postgres12',
      '--endpoint', server.hostname,
      '--port', server.port || '5432',
      '--user', decodeURIComponent(server.username || 'postgres'),
      ...(server.password ? ['--password', decodeURIComponent(server.password)] : []),
      '--database', dbs[which],
    ];
    if (!(await hasSchemaVersion(url))) await run(sqlTool, [...args, 'setup-schema', '-v', '0.0'], log);
    await run(sqlTool, [...args, 'update-schema', '--schema-name', SCHEMAS[which]], log);
    log(`Temporal database ${dbs[which]} ${created ? 'created and migrated' : 'migrated (it was there)'}`);
  }
}

/** The ports one server takes: gRPC, HTTP and membership per service, and its metrics. */
export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

export interface TemporalServerConfig {
  dbs: TemporalDatabases;
  ports: TemporalServerPorts;
  /**
   * History shards: the unit the history service is split into. Fixed after the first start on
   * these databases (the server refuses another count); choose for the largest load foreseen.
   */
  historyShards: number;
  /** Connections per store (the server opens more than this in total: one pool per service and store). */
  maxConns?: number;
  /** Mutual TLS on the frontend; plain text when left out. */
  tls?: TemporalServerTls;
}

/**
 * Mutual TLS on the frontend (PEM files): clients must present a certificate the client CA signed.
 * The server's own system worker is such a client and presents `systemWorker`.
 */
export interface TemporalServerTls {
  /** The frontend's certificate (for `serverName`) and key. */
  certFile: string;
  keyFile: string;
  /** The CA that signed the frontend's certificate, and the name the certificate is for. */
  caFile: string;
  serverName: string;
  /** The CA whose certificates the frontend accepts from clients. */
  clientCaFile: string;
  /** The system worker's client certificate and key. */
  systemWorker: { certFile: string; keyFile: string };
}

/** How a client reaches this server: plain text, or mutual TLS with the system worker's certificate. */
export function serverClientSettings(config: Pick<TemporalServerConfig, 'ports' | 'tls'>, namespace: string): TemporalSettings {
  const address = `127.0.0.1:${config.ports.frontend}`;
  const tls = config.tls;
  if (!tls) return plainSettings(address, namespace);
  return { address, namespace, tlsCaFile: tls.caFile, tlsServerName: tls.serverName, tlsCertFile: tls.systemWorker.certFile, tlsKeyFile: tls.systemWorker.keyFile };
}

function tlsConfig(tls: TemporalServerTls | undefined): string {
  if (!tls) return '';
  const client = `
        serverName: "${tls.serverName}"
        rootCaFiles:
          - "${tls.caFile}"`;
  return `
  tls:
    frontend:
      server:
        certFile: "${tls.certFile}"
        keyFile: "${tls.keyFile}"
        requireClientAuth: true
        clientCaFiles:
          - "${tls.clientCaFile}"
      client:${client}
    systemWorker:
      certFile: "${tls.systemWorker.certFile}"
      keyFile: "${tls.systemWorker.keyFile}"
      client:${client}`;
}

/** The server's config file (YAML) and its dynamic config, as the development-postgres12 example has them. */
export function temporalServerConfig(c: TemporalServerConfig, dynamicConfigFile: string): string {
  const server = new URL(c.dbs.serverUrl);
  const store = (database: string, maxConns: number): string => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${server.hostname}:${server.port || '5432'}"
        connectProtocol: "tcp"
        user: "${decodeURIComponent(server.username || 'postgres')}"
        password: "${decodeURIComponent(server.password)}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number): string => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  const p = c.ports;
  const maxConns = c.maxConns ?? 20;
  return `log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${c.historyShards}
  datastores:
    postgres-default:${store(c.dbs.main, maxConns)}
    postgres-visibility:${store(c.dbs.visibility, Math.max(2, Math.round(maxConns / 4)))}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${p.metrics}"${tlsConfig(c.tls)}

services:
  frontend:${service(p.frontend, p.frontendMembership, p.frontendHttp)}
  matching:${service(p.matching, p.matchingMembership)}
  history:${service(p.history, p.historyMembership)}
  worker:${service(p.worker, p.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${p.frontend}"
      httpAddress: "127.0.0.1:${p.frontendHttp}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

/** Search attributes show at once after they are registered; Updates and update-with-start on. */
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableExecuteMultiOperation:
  - value: true
`;

export interface TemporalServer {
  address: string;
  metricsUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Writes the config into `dir` and starts the server; resolves when its frontend answers. */
export async function startTemporalServer(binary: string, config: TemporalServerConfig, dir: string, log: Log): Promise<TemporalServer> {
  mkdirSync(dir, { recursive: true });
  const dynamicConfigFile = join(dir, 'dynamicconfig.yaml');
  // This release reads <root>/<config dir>/<env>.yaml (the flag --config-file came later).
  const configFile = join(dir, 'temporal-server.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(configFile, temporalServerConfig(config, dynamicConfigFile));
  const address = `127.0.0.1:${config.ports.frontend}`;
  const child = await startServerProcess(binary, ['--root', dir, '--config', '.', '--env', 'temporal-server', '--allow-no-auth', 'start'], {
    name: 'The Temporal server',
    where: address,
    ready: () => frontendAnswers(serverClientSettings(config, 'temporal-system')),
    timeoutMs: 180_000,
    pollMs: 500,
  });
  log(`Temporal server ready on ${address} (${config.historyShards} history shards; metrics http://127.0.0.1:${config.ports.metrics}/metrics)`);
  return { address, metricsUrl: `http://127.0.0.1:${config.ports.metrics}/metrics`, process: child, stop: () => stopChild(child, 20000) };
}

async function frontendAnswers(settings: TemporalSettings): Promise<boolean> {
  let client: Client | undefined;
  try {
    client = await connectClient(settings, 1000);
    await client.connection.workflowService.getSystemInfo({});
    await client.connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
    return true;
  } catch {
    return false;
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}

/** IndexedValueType of temporal.api.enums.v1, by the names libs/domain uses. */
const INDEXED_VALUE_TYPES: Record<string, number> = { Text: 1, Keyword: 2, Int: 3, Double: 4, Bool: 5, Datetime: 6, KeywordList: 7 };

/**
 * Makes the namespace (with its retention) when missing and registers the search attributes that
 * are not there yet; waits until the frontend knows both. Safe to run on every start.
 */
export async function ensureNamespace(server: string | TemporalSettings, namespace: string, retentionDays: number, searchAttributes: Record<string, string>, log: Log): Promise<void> {
  const client = await connectClient(typeof server === 'string' ? plainSettings(server, namespace) : { ...server, namespace });
  try {
    const service = client.connection.workflowService;
    const exists = await service.describeNamespace({ namespace }).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
      log(`Namespace ${namespace} made (retention ${retentionDays} days)`);
    }
    // The frontend's namespace cache refreshes every few seconds: wait until it knows the namespace.
    await retrying(`namespace ${namespace}`, () => service.describeNamespace({ namespace }));
    // The operator service reads the namespace from the same cache: register once it answers.
    await retrying(`the search attributes of ${namespace}`, async () => {
      const listed = await client.connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.entries(searchAttributes).filter(([name]) => !(name in (listed.customAttributes ?? {})));
      if (!missing.length) return;
      await client.connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_VALUE_TYPES[type]])),
      });
      log(`Search attributes registered on ${namespace}: ${missing.map(([n, t]) => `${n} (${t})`).join(', ')}`);
    });
    // Likewise the search attributes: wait until a visibility query with them answers.
    const query = Object.keys(searchAttributes).map((name) => `${name} = "probe"`).join(' AND ');
    await retrying(`the search attributes of ${namespace}`, () => service.listWorkflowExecutions({ namespace, pageSize: 1, query }));
  } finally {
    await client.connection.close();
  }
}

async function retrying(what: string, attempt: () => Promise<unknown>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: not usable after ${timeoutMs / 1000} s: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export interface TemporalUi {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the UI server for a frontend and namespace. */
export async function startTemporalUi(binary: string, options: { address: string; port: number; namespace: string; dir: string }, log: Log): Promise<TemporalUi> {
  const configDir = join(options.dir, 'ui-config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'cluster.yaml'),
    `temporalGrpcAddress: ${options.address}\nhost: 127.0.0.1\nport: ${options.port}\nenableUi: true\ndefaultNamespace: ${options.namespace}\ncors:\n  cookieInsecure: true\n`,
  );
  const url = `http://127.0.0.1:${options.port}`;
  const child = await startServerProcess(binary, ['--root', options.dir, '--config', 'ui-config', '--env', 'cluster', 'start'], {
    name: 'The Temporal UI server',
    where: url,
    ready: async () => {
      try {
        return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
      } catch {
        return false;
      }
    },
    timeoutMs: 60_000,
    pollMs: 300,
  });
  log(`Temporal UI on ${url}`);
  return { url, process: child, stop: () => stopChild(child) };
}
