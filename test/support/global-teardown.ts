import { dropDatabase, type ResolvedPostgres } from '../../libs/devstack/src/postgres';
import type { Mailpit } from '../../libs/devstack/src/mailpit';
import type { DevOidcProviderProcess } from '../../libs/devstack/src/oidc-provider-process';
import type { TemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import type { TestRun } from './test-run';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__placementTestRun as
    | { temporal: TemporalDevServer; postgres: ResolvedPostgres; mailpit: Mailpit; oidc: DevOidcProviderProcess; run: TestRun }
    | undefined;
  if (!state) return;
  await state.temporal.stop();
  await state.mailpit.stop();
  await state.oidc.stop();
  if (process.env.KEEP_TEST_DATABASE !== 'true') await dropDatabase(state.run.databaseUrl).catch(() => undefined);
  await state.postgres.stop();
}
