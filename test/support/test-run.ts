import { DEV_OIDC_CLIENT_ID } from '../../libs/devstack/src/oidc-provider-process';

/** What global setup made for this jest run, passed to the tests through the environment. */
export interface TestRun {
  runId: string;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  workflowBundle: string;
  temporalCli: string;
  /** The run's Mailpit: where the workers send mail, and its web UI and API (tests read what arrived). */
  smtpUrl: string;
  mailpitUrl: string;
  mailpitBinary: string;
  /** The run's OpenID provider (oidc-provider, its accounts the run's users): every API of the run signs the web app in there. */
  oidcIssuer: string;
}

/** Addresses in this domain are refused by the run's Mailpit for good (550): an invalid address. */
export const REFUSED_MAIL_DOMAIN = 'refused.invalid';

export function setTestRun(run: TestRun): void {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    PLACEMENT_TEST_RUN: JSON.stringify(run),
    DATABASE_URL: run.databaseUrl,
    TEMPORAL_ADDRESS: run.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: run.taskQueue,
    WORKFLOW_BUNDLE: run.workflowBundle,
    SMTP_URL: run.smtpUrl,
    OIDC_ISSUER: run.oidcIssuer,
    OIDC_CLIENT_ID: DEV_OIDC_CLIENT_ID,
    LOG_LEVEL: 'warn',
    // The tests drive many users from one address, faster than people do; the rate limits' own test turns them on.
    RATE_LIMITS: 'off',
  });
}

export function testRun(): TestRun {
  const raw = process.env.PLACEMENT_TEST_RUN;
  if (!raw) throw new Error('No test run: start tests with `npm test` (jest global setup provides Temporal and PostgreSQL).');
  return JSON.parse(raw) as TestRun;
}
