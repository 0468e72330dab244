/**
 * The development OpenID provider (oidc-provider.ts) as a process of its own: what the tests start,
 * since jest's module loader cannot load `oidc-provider` (an ES module) in a test's process.
 * `npm start` runs the provider inside its own process instead (startDevOidcProvider).
 */
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { startServerProcess, stopChild, type Log } from './child-process';
import { freePort } from './ports';

/** The web app's client id at the development provider (OIDC_CLIENT_ID of `npm start` and the tests). */
export const DEV_OIDC_CLIENT_ID = 'placement-web';
/** Where the provider sends the user back to: the web app's return page (RETURN_PATH in apps/web/src/oidc.ts). */
export const WEB_APP_RETURN_PATH = '/inloggen/terug';
/** The environment variable the process reads its options from (JSON). */
export const OPTIONS_VARIABLE = 'DEV_OIDC_PROVIDER_OPTIONS';

export interface DevOidcProviderOptions {
  /** 0: a free port. */
  port: number;
  /** The application's database: its active users are the accounts. */
  databaseUrl: string;
  /** The API's audience (AUTH_AUDIENCE): every access token's `aud`. */
  audience: string;
  clientId?: string;
  /** The web app's return pages it may send users back to, exactly (at least one). */
  redirectUris: string[];
  /** Also the return page on any port of 127.0.0.1 or localhost (the tests' APIs listen on a port of their own). */
  anyLoopbackPort?: boolean;
  /** Lifetime of an access token (default 10 minutes); the web app renews it before it ends. */
  accessTokenSeconds?: number;
  /** How long a sign-in lasts at most: its refresh tokens end with it (default 10 hours, a working day). */
  sessionSeconds?: number;
}

export interface DevOidcProviderProcess {
  issuer: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const root = resolve(__dirname, '..', '..', '..');

/** Starts the provider in a process of its own (from the sources under ts-node, or from dist/) and waits until it answers. */
export async function startDevOidcProviderProcess(options: Omit<DevOidcProviderOptions, 'port'>, log: Log = console.log): Promise<DevOidcProviderProcess> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const fromSources = __filename.endsWith('.ts');
  const entry = resolve(__dirname, `oidc-provider.main.${fromSources ? 'ts' : 'js'}`);
  const child = await startServerProcess(process.execPath, [...(fromSources ? ['-r', 'ts-node/register/transpile-only'] : []), entry], {
    name: 'The development OpenID provider',
    where: issuer,
    ready: async () => (await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined))?.ok === true,
    timeoutMs: 60000,
    pollMs: 100,
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: resolve(root, 'tsconfig.json'), [OPTIONS_VARIABLE]: JSON.stringify({ ...options, port }) },
  });
  log(`OpenID provider ready: ${issuer}`);
  return { issuer, process: child, stop: () => stopChild(child, 5000) };
}
