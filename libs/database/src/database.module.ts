import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Environment } from '../../config/src/environment';
import { waitFor } from '../../config/src/wait-for';
import { RepositoriesModule } from './repositories/repositories.module';
import { isDatabaseUnavailable } from './unavailable';
import { canActAs, dataSourceOptions, runMigrations } from './data-source';

async function open(options: DataSourceOptions): Promise<DataSource> {
  const candidate = new DataSource(options);
  try {
    return await candidate.initialize();
  } catch (error) {
    if (candidate.isInitialized) await candidate.destroy().catch(() => undefined);
    throw error;
  }
}

/** TypeORM on PostgreSQL (pending migrations run at start) and the shared repositories. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      // The data source factory below waits for PostgreSQL itself: no retries around it.
      useFactory: (env: Environment) => ({ ...dataSourceOptions(env.DATABASE_URL, env.DEPENDENCY_TIMEOUT_MS), retryAttempts: 0, appRole: env.DATABASE_APP_ROLE, production: env.NODE_ENV === 'production' }),
      // A process started before PostgreSQL waits for it (and says so) instead of exiting. The
      // migrations run as the connecting user (the schema's owner); the process then acts in the
      // application role, which cannot change or delete the access log, the consent ledger or the
      // erasure records.
      dataSourceFactory: async (settings) => {
        const { appRole, production, ...options } = settings as DataSourceOptions & { appRole: string; production: boolean };
        const logger = new Logger('Database');
        const log = { retryable: isDatabaseUnavailable, log: (m: string) => logger.warn(m) };
        // Two connections: the migration lock holds one, the migrations run on the other.
        const owner = await waitFor('PostgreSQL', () => open({ ...options, extra: { ...(options.extra as object), max: 2 } } as DataSourceOptions), log);
        let role: string | undefined;
        try {
          const applied = await waitFor('PostgreSQL (migrations)', () => runMigrations(owner), log);
          if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
          const usable = !!appRole && (await waitFor('PostgreSQL (role)', () => canActAs(owner, appRole), log));
          if (usable) role = appRole;
          else if (appRole && production) throw new Error(`The database user cannot act in role ${appRole} (DATABASE_APP_ROLE): create it and grant it (README, Privacy).`);
          else if (appRole) logger.warn(`Acting as the connecting user: it cannot act in role ${appRole} (DATABASE_APP_ROLE).`);
        } finally {
          await owner.destroy().catch(() => undefined);
        }
        return waitFor('PostgreSQL', () => open({ ...options, extra: { ...(options.extra as object), ...(role ? { options: `-c role=${role}` } : {}) } } as DataSourceOptions), log);
      },
    }),
    RepositoriesModule,
  ],
})
export class DatabaseModule {}
