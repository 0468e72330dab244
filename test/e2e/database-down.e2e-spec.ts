import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { bearer, createParties, sql, startApi, type TestParties } from '../support/stack';
import { TcpProxy } from '../support/tcp-proxy';
import { testRun } from '../support/test-run';

/** PostgreSQL down: 503 with Retry-After within a bounded time, never a hang or a 500; back when it is. */
describe('PostgreSQL unreachable', () => {
  let proxy: TcpProxy;
  let api: NestFastifyApplication;
  let db: PgClient;
  let parties: TestParties;
  let employer: string;

  beforeAll(async () => {
    const url = new URL(testRun().databaseUrl);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    db = await sql();
    parties = await createParties(db);
    api = await startApi({ DATABASE_URL: url.toString(), DEPENDENCY_TIMEOUT_MS: '2000' });
    employer = await bearer(api, parties.employerId, ['employer']);
  });

  afterAll(async () => {
    await proxy?.restore();
    await api?.close();
    await db?.end();
    await proxy?.cut();
  });

  const workplace = { title: 'Down test', location: 'L', hoursPerWeek: 8, capacity: 1, supportOnSite: [] };

  it.each([
    ['refuses connections', () => proxy.cut()],
    ['accepts connections and never answers', () => proxy.hang()],
    ['has no connection to spare (too many clients)', () => proxy.full()],
  ])('when it %s: 503 problem+json with Retry-After, nothing written, and recovery', async (_, breakIt) => {
    await proxy.restore();
    await db.query("DELETE FROM workplaces WHERE title = 'Down test'");
    expect((await api.inject({ method: 'GET', url: '/workplaces', headers: { authorization: employer } })).statusCode).toBe(200);

    await breakIt();
    const key = randomUUID();
    for (const request of [
      { method: 'GET' as const, url: '/workplaces', headers: { authorization: employer } },
      { method: 'GET' as const, url: '/tasks', headers: { authorization: employer } },
      { method: 'POST' as const, url: '/workplaces', headers: { authorization: employer, 'idempotency-key': key }, payload: workplace },
    ]) {
      const started = Date.now();
      const response = await api.inject(request);
      expect(Date.now() - started).toBeLessThan(15000);
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toEqual(expect.any(String));
      expect(response.json().type).toMatch(/dependency-unavailable$/);
    }
    const health = await api.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json().database.status).toBe('down');
    const { rows } = await db.query("SELECT count(*)::int AS n FROM workplaces WHERE title = 'Down test'");
    expect(rows[0].n).toBe(0);

    await proxy.restore();
    let recovered = 0;
    for (let i = 0; i < 50 && recovered !== 201; i++) {
      recovered = (await api.inject({ method: 'POST', url: '/workplaces', headers: { authorization: employer, 'idempotency-key': key }, payload: workplace })).statusCode;
      if (recovered !== 201) await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(201);
    const after = await db.query("SELECT count(*)::int AS n FROM workplaces WHERE title = 'Down test'");
    expect(after.rows[0].n).toBe(1);
  });
});
