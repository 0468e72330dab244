import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** A lock id of our own, so concurrent starts run the migrations once. */
const MIGRATION_LOCK_ID = 727_001;

/**
 * `timeoutMs` bounds connecting and every query, so an unreachable database is an error, not a
 * hang. `role`: the role every connection acts in (SET ROLE at connect; see DATABASE_APP_ROLE).
 */
export function dataSourceOptions(url: string, timeoutMs = 5000, role?: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Schema changes go through migrations only, never synchronize.
    synchronize: false,
    migrationsRun: false,
    extra: { max: 10, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, ...(role ? { options: `-c role=${role}` } : {}) },
  };
}

/** Runs pending migrations under a PostgreSQL advisory lock (API and worker may start together). */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

/** Whether the connected user may act in this role (it exists and the user is a member). */
export async function canActAs(dataSource: DataSource, role: string): Promise<boolean> {
  const rows: { ok: boolean }[] = await dataSource.query(`SELECT pg_has_role(current_user, oid, 'MEMBER') AS ok FROM pg_roles WHERE rolname = $1`, [role]);
  return rows[0]?.ok === true;
}

/** For the TypeORM CLI: `npx typeorm-ts-node-commonjs migration:show -d libs/database/src/data-source.ts`. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/placement'));
