/**
 * Once per jest run: the Temporal CLI (built if missing), one dev server for the whole run,
 * a fresh PostgreSQL database with migrations applied, one Mailpit (messages in memory; it refuses
 * REFUSED_MAIL_DOMAIN), the OpenID provider (its accounts the users the tests seed in that
 * database), a task queue of its own and the workflow bundle. Tests find them through
 * process.env (see test/support/test-run.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort } from '../../libs/devstack/src/ports';
import { resolvePostgres, withDatabase } from '../../libs/devstack/src/postgres';
import { ensureMailpit, startMailpit } from '../../libs/devstack/src/mailpit';
import { startDevOidcProviderProcess, WEB_APP_RETURN_PATH } from '../../libs/devstack/src/oidc-provider-process';
import { ensureTemporalCli } from '../../libs/devstack/src/temporal-cli';
import { startTemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { authAudience } from '../../libs/config/src/environment';
import { dataSourceOptions, runMigrations } from '../../libs/database/src/data-source';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import { writeWorkflowBundle } from '../../scripts/bundle-workflows';
import { notEndingWith } from './mailpit';
import { REFUSED_MAIL_DOMAIN, setTestRun, type TestRun } from './test-run';

const root = resolve(__dirname, '..', '..');
const log = (message: string): void => console.log(`[test setup] ${message}`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const workDir = mkdtempSync(join(tmpdir(), `placement-test-${runId}-`));
  console.log('');

  const cli = await ensureTemporalCli(root, log);
  const mailpitBinary = await ensureMailpit(root, log);
  const port = await freePort();
  const [temporal, postgres, mailpit] = await Promise.all([
    startTemporalDevServer({
      cliPath: cli.path,
      port,
      namespace: 'default',
      searchAttributes: JOURNEY_SEARCH_ATTRIBUTES,
      log,
    }),
    resolvePostgres({
      database: `placement_test_${runId}`,
      dataDir: join(root, 'data', 'postgres'),
      // With DATABASE_URL, the run still gets a database of its own on that server.
      env: process.env.DATABASE_URL ? { DATABASE_URL: withDatabase(process.env.DATABASE_URL, `placement_test_${runId}`) } : {},
      log,
    }),
    startMailpit({ binPath: mailpitBinary.path, smtpPort: await freePort(), uiPort: await freePort(), allowedRecipients: notEndingWith(`@${REFUSED_MAIL_DOMAIN}`), log }),
  ]);

  const dataSource = await new DataSource(dataSourceOptions(postgres.url)).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  // The tests' APIs listen on ports of their own: the web app may return to any loopback port.
  const oidc = await startDevOidcProviderProcess(
    { databaseUrl: postgres.url, audience: authAudience(process.env), redirectUris: [`http://127.0.0.1${WEB_APP_RETURN_PATH}`], anyLoopbackPort: true },
    log,
  );

  const bundlePath = join(workDir, 'workflow-bundle.js');
  await writeWorkflowBundle(require.resolve(join(root, 'workflows')), bundlePath);

  const run: TestRun = {
    runId,
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    taskQueue: `test-${runId}`,
    workflowBundle: bundlePath,
    temporalCli: cli.path,
    smtpUrl: mailpit.smtpUrl,
    mailpitUrl: mailpit.uiUrl,
    mailpitBinary: mailpitBinary.path,
    oidcIssuer: oidc.issuer,
  };
  setTestRun(run);
  (globalThis as Record<string, unknown>).__placementTestRun = { temporal, postgres, mailpit, oidc, run };
  log(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)}s: Temporal ${temporal.address}, database ${run.databaseUrl.split('/').pop()}, task queue ${run.taskQueue}, Mailpit ${mailpit.uiUrl}, OpenID provider ${oidc.issuer}`,
  );
}
