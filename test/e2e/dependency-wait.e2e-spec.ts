import type { INestApplicationContext } from '@nestjs/common';
import type { Client as PgClient } from 'pg';
import { freePort } from '../../libs/devstack/src/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import { sql, startApi, startWorker } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { testRun } from '../support/test-run';

/** A process started before its dependencies waits for them (and says so) instead of exiting. */
describe('processes wait for their dependencies', () => {
  let db: PgClient;

  beforeAll(async () => {
    db = await sql();
  });

  afterAll(async () => {
    await db?.end();
  });

  /** Whether a promise has settled within `ms`. */
  const settled = (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

  it('a worker started before Temporal waits, then polls once it is up', async () => {
    const port = await freePort();
    const taskQueue = `wait-temporal-${testRun().runId}`;
    const starting = startWorker({ TEMPORAL_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_TASK_QUEUE: taskQueue });
    let worker: INestApplicationContext | undefined;
    let temporal: TemporalDevServer | undefined;
    try {
      expect(await settled(starting, 3000)).toBe(false);
      temporal = await startTemporalDevServer({ cliPath: testRun().temporalCli, port, namespace: 'default', searchAttributes: JOURNEY_SEARCH_ATTRIBUTES, log: () => undefined });
      worker = await starting;
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM worker_heartbeats WHERE task_queue = $1`, [taskQueue]);
      expect(rows[0].n).toBe(1);
    } finally {
      await (worker ?? (await starting.catch(() => undefined)))?.close();
      await temporal?.stop();
    }
  });

  it('a worker and an API started before PostgreSQL wait, then come up once it answers', async () => {
    const url = new URL(testRun().databaseUrl);
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.cut();
    url.host = `127.0.0.1:${proxy.port}`;
    const taskQueue = `wait-postgres-${testRun().runId}`;
    const overrides = { DATABASE_URL: url.toString(), TEMPORAL_TASK_QUEUE: taskQueue, DEPENDENCY_TIMEOUT_MS: '1000' };
    const startingWorker = startWorker(overrides);
    const startingApi = startApi(overrides);
    try {
      expect(await settled(Promise.all([startingWorker, startingApi]), 3000)).toBe(false);
      await proxy.restore();
      const [worker, api] = await Promise.all([startingWorker, startingApi]);
      try {
        const ready = await api.inject({ method: 'GET', url: '/health/ready' });
        expect(ready.json()).toMatchObject({ database: { status: 'up' }, worker: { status: 'up', workers: 1 } });
      } finally {
        await api.close();
        await worker.close();
      }
    } finally {
      await proxy.cut();
    }
  });
});
