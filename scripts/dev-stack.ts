/**
 * `npm start`: the whole system on the embedded defaults. Temporal dev server (file database
 * under data/), PostgreSQL (DATABASE_URL, the local server, or an embedded one), Mailpit (unless
 * SMTP_URL names a mail server; its messages under data/mailpit), the OpenID provider the web app
 * signs in at (in this process; its accounts the directory's users), the worker, the API and the
 * demo data. Ctrl-C stops every process it started; data stays for next time.
 *
 * `npm run cluster` (`--cluster`): the same system the way it grows past one machine: the Temporal
 * server on PostgreSQL (its two databases made and migrated, the history shards from
 * TEMPORAL_HISTORY_SHARDS), the namespace with its retention and search attributes, the Temporal
 * UI, two workers and two APIs (CLUSTER_WORKERS, CLUSTER_APIS), each with a metrics endpoint.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { stopWithOwner } from '../libs/devstack/src/child-process';
import { authAudience } from '../libs/config/src/environment';
import { ensureMailpit, startMailpit, type Mailpit } from '../libs/devstack/src/mailpit';
import { startDevOidcProvider, type DevOidcProvider } from '../libs/devstack/src/oidc-provider';
import { DEV_OIDC_CLIENT_ID, WEB_APP_RETURN_PATH } from '../libs/devstack/src/oidc-provider-process';
import { freeLowPort, freePort, isPortFree } from '../libs/devstack/src/ports';
import { resolvePostgres, type ResolvedPostgres } from '../libs/devstack/src/postgres';
import { Supervisor } from '../libs/devstack/src/supervisor';
import { ensureTemporalCli } from '../libs/devstack/src/temporal-cli';
import { startTemporalDevServer } from '../libs/devstack/src/temporal-dev-server';
import { ensureClusterTools, ensureNamespace, migrateTemporalDatabases, startTemporalServer, startTemporalUi } from '../libs/devstack/src/temporal-server';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../libs/domain/src/search-attributes';
import { seedDemoData } from './demo-data';

const root = resolve(__dirname, '..', '..');
const env = process.env;
const cluster = process.argv.includes('--cluster');
const settings = {
  dataDir: resolve(root, env.DATA_DIR ?? 'data'),
  apiPort: Number(env.PORT ?? 3000),
  temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
  temporalUiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
  namespace: env.TEMPORAL_NAMESPACE ?? (cluster ? 'placement' : 'default'),
  taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'placement-journeys',
  /** The application's database: the cluster's journeys live in Temporal's PostgreSQL databases, its read model apart from npm start's. */
  database: cluster ? (env.CLUSTER_DATABASE ?? 'placement_cluster') : 'placement',
  /** Temporal's two databases on the same PostgreSQL server: <name> and <name>_visibility. */
  temporalDatabase: env.TEMPORAL_CLUSTER_DATABASE ?? 'temporal_cluster',
  /** Fixed at the first start on these databases: the server refuses another count later. */
  historyShards: Number(env.TEMPORAL_HISTORY_SHARDS ?? 4),
  // Per store and service: the server's four services each keep a pool to the main store.
  temporalMaxConns: Number(env.TEMPORAL_MAX_CONNS ?? 20),
  retentionDays: Number(env.TEMPORAL_RETENTION_DAYS ?? 30),
  workers: cluster ? Number(env.CLUSTER_WORKERS ?? 2) : 1,
  apis: cluster ? Number(env.CLUSTER_APIS ?? 2) : 1,
  embeddedPostgresPort: Number(env.EMBEDDED_POSTGRES_PORT ?? 54329),
  demoData: env.DEMO_DATA !== 'false',
  /** A mail server of one's own (production-like); without it Mailpit runs. */
  smtpUrl: env.SMTP_URL,
};
const log = (message: string): void => console.log(`[${cluster ? 'cluster' : 'start'}] ${message}`);

const supervised: Supervisor[] = [];
/** Temporal's processes, stopped after the workers and APIs (the UI before the server). */
const temporalParts: { stop(): Promise<void> }[] = [];
let postgres: ResolvedPostgres | undefined;
let mailpit: Mailpit | undefined;
let oidc: DevOidcProvider | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('Stopping...');
    for (const s of [...supervised].reverse()) await s.stop();
    for (const part of [...temporalParts].reverse()) await part.stop();
    await oidc?.close();
    await mailpit?.stop();
    await postgres?.stop();
    log('Stopped. Data is kept under ' + settings.dataDir);
  }
  process.exit(code);
}

/** Starts a Node process of dist/ and keeps it running: a crash is logged and restarted with a backoff. */
function startNode(name: string, script: string, extraEnv: Record<string, string>): Supervisor {
  const supervisor = new Supervisor(
    name,
    () => {
      const child = spawn(process.execPath, [join(root, 'dist', script)], {
        env: { ...process.env, ...extraEnv },
        stdio: ['ignore', 'inherit', 'inherit'],
        // Own process group: Ctrl-C reaches only this script, which stops the children in order.
        detached: true,
      });
      if (child.pid) stopWithOwner(child.pid);
      return child;
    },
    log,
  );
  supervised.push(supervisor);
  return supervisor;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`The API did not become healthy at ${url} within ${timeoutMs / 1000}s.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A configured port (it must be free), else the default when free, else any free one. */
async function portFor(variable: string, fallback: number): Promise<number> {
  const configured = env[variable];
  if (configured) {
    if (!(await isPortFree(Number(configured)))) throw new Error(`Port ${configured} (${variable}) is already in use: stop what uses it, or set ${variable}.`);
    return Number(configured);
  }
  return (await isPortFree(fallback)) ? fallback : freePort();
}

/** Temporal as `npm start` runs it: the dev server on a file database, with its UI. */
async function startDevTemporal(): Promise<{ address: string; uiUrl?: string; extra: string[] }> {
  const cli = await ensureTemporalCli(root, log);
  log(`Temporal CLI: ${cli.path} (${cli.source})`);
  const temporal = await startTemporalDevServer({
    cliPath: cli.path,
    port: settings.temporalPort,
    uiPort: settings.temporalUiPort,
    namespace: settings.namespace,
    dbFile: join(settings.dataDir, 'temporal', 'temporal.db'),
    searchAttributes: JOURNEY_SEARCH_ATTRIBUTES,
    log,
  });
  temporalParts.push(temporal);
  return { address: temporal.address, uiUrl: temporal.uiUrl, extra: [] };
}

/** Temporal as a cluster runs it: the server on PostgreSQL, the namespace made, the UI server. */
async function startClusterTemporal(postgresUrl: string): Promise<{ address: string; uiUrl?: string; extra: string[] }> {
  const tools = await ensureClusterTools(root, log);
  log(`Temporal server: ${tools.server.path} (${tools.server.source}); schema tool ${tools.sqlTool.path}; UI server ${tools.ui.path}`);
  const dbs = { serverUrl: postgresUrl, main: settings.temporalDatabase, visibility: `${settings.temporalDatabase}_visibility` };
  await migrateTemporalDatabases(tools.sqlTool.path, dbs, log);
  // The example config's ports where free (the same on every run: the server keeps its members in
  // its database, and a member that comes back on other ports waits for the old entry to expire).
  // Below 32768 all of them: the server keeps its members' ports as PostgreSQL smallints.
  const port = async (preferred: number): Promise<number> => ((await isPortFree(preferred)) ? preferred : freeLowPort());
  const server = await startTemporalServer(
    tools.server.path,
    {
      dbs,
      historyShards: settings.historyShards,
      maxConns: settings.temporalMaxConns,
      ports: {
        frontend: settings.temporalPort,
        frontendHttp: await portFor('TEMPORAL_HTTP_PORT', 7243),
        frontendMembership: await port(6933),
        history: await port(7234),
        historyMembership: await port(6934),
        matching: await port(7235),
        matchingMembership: await port(6935),
        worker: await port(7239),
        workerMembership: await port(6939),
        metrics: await portFor('TEMPORAL_METRICS_PORT', 8000),
      },
    },
    join(settings.dataDir, 'cluster'),
    log,
  );
  temporalParts.push(server);
  await ensureNamespace(server.address, settings.namespace, settings.retentionDays, JOURNEY_SEARCH_ATTRIBUTES, log);
  const ui = await startTemporalUi(tools.ui.path, { address: server.address, port: settings.temporalUiPort, namespace: settings.namespace, dir: join(settings.dataDir, 'cluster') }, log);
  temporalParts.push(ui);
  return {
    address: server.address,
    uiUrl: ui.url,
    extra: [
      `  Temporal       server on PostgreSQL (databases ${dbs.main}, ${dbs.visibility}; ${settings.historyShards} history shards, fixed after the first start)`,
      `  Temporal metrics ${server.metricsUrl}`,
    ],
  };
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  for (const [what, port] of [
    ['PORT (API)', settings.apiPort],
    ['TEMPORAL_PORT', settings.temporalPort],
    ['TEMPORAL_UI_PORT', settings.temporalUiPort],
  ] as const) {
    if (!(await isPortFree(port))) throw new Error(`Port ${port} (${what}) is already in use: stop what uses it, or set ${what.split(' ')[0]}.`);
  }
  log(`Web app: http://127.0.0.1:${settings.apiPort}/ (once everything below has started)`);

  postgres = await resolvePostgres({
    database: settings.database,
    dataDir: join(settings.dataDir, 'postgres'),
    embeddedPort: settings.embeddedPostgresPort,
    log,
  });
  const temporal = cluster ? await startClusterTemporal(postgres.url) : await startDevTemporal();

  if (!settings.smtpUrl) {
    const binary = await ensureMailpit(root, log);
    log(`Mailpit: ${binary.path} (${binary.source})`);
    mailpit = await startMailpit({
      binPath: binary.path,
      smtpPort: await portFor('MAILPIT_SMTP_PORT', 1025),
      uiPort: await portFor('MAILPIT_UI_PORT', 8025),
      dbFile: join(settings.dataDir, cluster ? 'cluster' : '', 'mailpit', 'mailpit.db'),
      log,
    });
  }

  // One process: the ports as always. Several (the cluster): each API its own port and a metrics endpoint.
  const apiPorts = [settings.apiPort];
  while (apiPorts.length < settings.apis) apiPorts.push(await freePort());
  // The web app signs in as in production: authorization code with PKCE at an OpenID provider, which returns to each API's sign-in page.
  oidc = await startDevOidcProvider(
    {
      port: await portFor('OIDC_PORT', 3100),
      databaseUrl: postgres.url,
      audience: authAudience(env),
      redirectUris: apiPorts.flatMap((port) => [`http://127.0.0.1:${port}${WEB_APP_RETURN_PATH}`, `http://localhost:${port}${WEB_APP_RETURN_PATH}`]),
    },
    log,
  );

  const appEnv = {
    DATABASE_URL: postgres.url,
    OIDC_ISSUER: oidc.issuer,
    OIDC_CLIENT_ID: DEV_OIDC_CLIENT_ID,
    SMTP_URL: settings.smtpUrl ?? mailpit!.smtpUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: settings.namespace,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    WORKFLOW_BUNDLE: join(root, 'dist', 'workflow-bundle.js'),
  };
  const lines: string[] = [];
  for (let i = 1; i <= settings.workers; i++) {
    const metrics: Record<string, string> = cluster ? { METRICS_PORT: String(await freePort()) } : {};
    startNode(settings.workers > 1 ? `worker ${i}` : 'worker', 'apps/worker/src/main.js', { ...appEnv, ...metrics });
    if (cluster) lines.push(`  Worker ${i}       metrics http://127.0.0.1:${metrics.METRICS_PORT}/metrics`);
  }
  const apiUrls: string[] = [];
  for (let i = 1; i <= settings.apis; i++) {
    const port = apiPorts[i - 1];
    const metrics: Record<string, string> = cluster ? { METRICS_PORT: String(await freePort()) } : {};
    startNode(settings.apis > 1 ? `api ${i}` : 'api', 'apps/api/src/main.js', { ...appEnv, ...metrics, PORT: String(port) });
    apiUrls.push(`http://127.0.0.1:${port}`);
    if (i > 1) lines.push(`  API ${i}          http://127.0.0.1:${port}   (the same system; metrics http://127.0.0.1:${metrics.METRICS_PORT}/metrics)`);
    else if (cluster) lines.unshift(`  API metrics    http://127.0.0.1:${metrics.METRICS_PORT}/metrics`);
  }
  const apiUrl = apiUrls[0];
  for (const url of apiUrls) await waitForHealth(`${url}/health/ready`, 120000);
  if (settings.demoData) await seedDemoData(apiUrl, postgres.url, log);

  console.log(
    [
      '',
      `  Placement engine is running${cluster ? ' on a Temporal cluster' : ''}.`,
      `  Web app        ${apiUrl}/   (sign in at the OpenID provider as one of the demo users)`,
      `  OpenID provider ${oidc.issuer}   (client ${DEV_OIDC_CLIENT_ID}; discovery ${oidc.issuer}/.well-known/openid-configuration)`,
      `  API            ${apiUrl}`,
      `  API docs       ${apiUrl}/docs   (OpenAPI JSON: ${apiUrl}/docs-json)`,
      `  Health         ${apiUrl}/health/ready   (liveness: ${apiUrl}/health/live)`,
      ...lines,
      `  Temporal UI    ${temporal.uiUrl}`,
      `  Temporal gRPC  ${temporal.address} (namespace ${settings.namespace})`,
      ...temporal.extra,
      mailpit ? `  Mailpit UI     ${mailpit.uiUrl}   (every e-mail the system sends; SMTP ${mailpit.smtpUrl})` : `  Mail           through SMTP_URL`,
      `  PostgreSQL     ${postgres.source}`,
      `  Press Ctrl-C to stop everything; data stays ${cluster ? 'in PostgreSQL and under data/cluster' : 'under data/'}.`,
      '',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  console.error(`[${cluster ? 'cluster' : 'start'}] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
