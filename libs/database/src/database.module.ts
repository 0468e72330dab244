import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../../config/src/environment';
import { waitFor } from '../../config/src/wait-for';
import { RepositoriesModule } from './repositories/repositories.module';
import { isDatabaseUnavailable } from './unavailable';
import { dataSourceOptions, runMigrations } from './data-source';

/** TypeORM on PostgreSQL (pending migrations run at start) and the shared repositories. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      // The data source factory below waits for PostgreSQL itself: no retries around it.
      useFactory: (env: Environment) => ({ ...dataSourceOptions(env.DATABASE_URL, env.DEPENDENCY_TIMEOUT_MS), retryAttempts: 0 }),
      // A process started before PostgreSQL waits for it (and says so) instead of exiting.
      dataSourceFactory: async (options) => {
        const logger = new Logger('Database');
        const dataSource = await waitFor(
          'PostgreSQL',
          async () => {
            const candidate = new DataSource(options!);
            try {
              return await candidate.initialize();
            } catch (error) {
              if (candidate.isInitialized) await candidate.destroy().catch(() => undefined);
              throw error;
            }
          },
          { retryable: isDatabaseUnavailable, log: (m) => logger.warn(m) },
        );
        const applied = await waitFor('PostgreSQL (migrations)', () => runMigrations(dataSource), { retryable: isDatabaseUnavailable, log: (m) => logger.warn(m) });
        if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
    RepositoriesModule,
  ],
})
export class DatabaseModule {}
