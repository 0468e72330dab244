/**
 * `npm start`: the whole system on the embedded defaults. Temporal dev server (file database
 * under data/), PostgreSQL (DATABASE_URL, the local server, or an embedded one), Mailpit (unless
 * SMTP_URL names a mail server; its messages under data/mailpit), the worker, the API and the demo
 * data. Ctrl-C stops every process it started; data stays for next time.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { stopWithOwner } from '../libs/devstack/src/child-process';
import { ensureMailpit, startMailpit, type Mailpit } from '../libs/devstack/src/mailpit';
import { freePort, isPortFree } from '../libs/devstack/src/ports';
import { resolvePostgres, type ResolvedPostgres } from '../libs/devstack/src/postgres';
import { Supervisor } from '../libs/devstack/src/supervisor';
import { ensureTemporalCli } from '../libs/devstack/src/temporal-cli';
import { startTemporalDevServer, type TemporalDevServer } from '../libs/devstack/src/temporal-dev-server';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../libs/domain/src/search-attributes';
import { seedDemoData } from './demo-data';

const root = resolve(__dirname, '..', '..');
const env = process.env;
const settings = {
  dataDir: resolve(root, env.DATA_DIR ?? 'data'),
  apiPort: Number(env.PORT ?? 3000),
  temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
  temporalUiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
  namespace: env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'placement-journeys',
  embeddedPostgresPort: Number(env.EMBEDDED_POSTGRES_PORT ?? 54329),
  demoData: env.DEMO_DATA !== 'false',
  /** A mail server of one's own (production-like); without it Mailpit runs. */
  smtpUrl: env.SMTP_URL,
};
const log = (message: string): void => console.log(`[start] ${message}`);

const supervised: Supervisor[] = [];
let temporal: TemporalDevServer | undefined;
let postgres: ResolvedPostgres | undefined;
let mailpit: Mailpit | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('Stopping...');
    for (const s of [...supervised].reverse()) await s.stop();
    await temporal?.stop();
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
  log(`Web app: http://127.0.0.1:${settings.apiPort}/ (ready when "Placement engine is running" shows)`);

  const cli = await ensureTemporalCli(root, log);
  log(`Temporal CLI: ${cli.path} (${cli.source})`);
  postgres = await resolvePostgres({
    database: 'placement',
    dataDir: join(settings.dataDir, 'postgres'),
    embeddedPort: settings.embeddedPostgresPort,
    log,
  });
  temporal = await startTemporalDevServer({
    cliPath: cli.path,
    port: settings.temporalPort,
    uiPort: settings.temporalUiPort,
    namespace: settings.namespace,
    dbFile: join(settings.dataDir, 'temporal', 'temporal.db'),
    searchAttributes: JOURNEY_SEARCH_ATTRIBUTES,
    log,
  });

  if (!settings.smtpUrl) {
    const binary = await ensureMailpit(root, log);
    log(`Mailpit: ${binary.path} (${binary.source})`);
    mailpit = await startMailpit({
      binPath: binary.path,
      smtpPort: await portFor('MAILPIT_SMTP_PORT', 1025),
      uiPort: await portFor('MAILPIT_UI_PORT', 8025),
      dbFile: join(settings.dataDir, 'mailpit', 'mailpit.db'),
      log,
    });
  }

  const appEnv = {
    DATABASE_URL: postgres.url,
    SMTP_URL: settings.smtpUrl ?? mailpit!.smtpUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: settings.namespace,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    PORT: String(settings.apiPort),
    WORKFLOW_BUNDLE: join(root, 'dist', 'workflow-bundle.js'),
  };
  startNode('worker', 'apps/worker/src/main.js', appEnv);
  startNode('api', 'apps/api/src/main.js', appEnv);
  const apiUrl = `http://127.0.0.1:${settings.apiPort}`;
  await waitForHealth(`${apiUrl}/health/ready`, 120000);
  if (settings.demoData) await seedDemoData(apiUrl, postgres.url, log);

  console.log(
    [
      '',
      '  Placement engine is running.',
      `  Web app        ${apiUrl}/   (sign in as one of the demo users)`,
      `  API            ${apiUrl}`,
      `  API docs       ${apiUrl}/docs   (OpenAPI JSON: ${apiUrl}/docs-json)`,
      `  Health         ${apiUrl}/health/ready   (liveness: ${apiUrl}/health/live)`,
      `  Temporal UI    ${temporal.uiUrl}`,
      `  Temporal gRPC  ${temporal.address} (namespace ${settings.namespace})`,
      mailpit ? `  Mailpit UI     ${mailpit.uiUrl}   (every e-mail the system sends; SMTP ${mailpit.smtpUrl})` : `  Mail           through SMTP_URL`,
      `  PostgreSQL     ${postgres.source}`,
      '  Press Ctrl-C to stop everything; data stays under data/.',
      '',
    ].join('\n'),
  );
}

main().catch(async (error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
