import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { freePort } from '../../libs/devstack/src/ports';
import { bearer, createParties, referralBody, sql, startApi, startWorker, type TestParties } from '../support/stack';

describe('health and unavailable dependencies', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let parties: TestParties;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    parties = await createParties(db);
    await api.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it('GET /health and /health/ready over HTTP report PostgreSQL, Temporal and a polling worker up; /health/live the process', async () => {
    for (const path of ['/health', '/health/ready']) {
      const response = await fetch(`${await api.getUrl()}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({
        status: 'ok',
        database: { status: 'up', latencyMs: expect.any(Number) },
        temporal: { status: 'up', latencyMs: expect.any(Number) },
        worker: { status: 'up', latencyMs: expect.any(Number), workers: expect.any(Number), lastSeenMsAgo: expect.any(Number) },
      });
    }
    const live = await fetch(`${await api.getUrl()}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
  });

  describe('with Temporal unreachable', () => {
    let cutOff: NestFastifyApplication;

    beforeAll(async () => {
      // Nothing listens on this port: every call to Temporal fails, as when it is down.
      cutOff = await startApi({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`, DEPENDENCY_TIMEOUT_MS: '1500' });
    });

    afterAll(async () => {
      await cutOff?.close();
    });

    it('GET /health answers 503 with the failing dependency, within the bounded time', async () => {
      const started = Date.now();
      const response = await cutOff.inject({ method: 'GET', url: '/health' });
      expect(Date.now() - started).toBeLessThan(15000);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ status: 'error', database: { status: 'up' }, temporal: { status: 'down' } });
    });

    it('POST /referrals answers 503 problem+json with Retry-After; the same key later finishes the work once', async () => {
      const key = randomUUID();
      const failed = await cutOff.inject({
        method: 'POST',
        url: '/referrals',
        headers: { authorization: await bearer(cutOff, parties.careProviderId, ['support-worker']), 'content-type': 'application/json', 'idempotency-key': key },
        payload: referralBody(parties),
      });
      expect(failed.statusCode).toBe(503);
      expect(failed.headers['content-type']).toContain('application/problem+json');
      expect(failed.headers['retry-after']).toEqual(expect.any(String));
      expect(failed.json()).toMatchObject({ status: 503, type: expect.stringMatching(/dependency-unavailable$/) });

      // Temporal is back (the normal instance): the retry with the same key completes the journey once.
      const retried = await api.inject({
        method: 'POST',
        url: '/referrals',
        headers: { authorization: await bearer(api, parties.careProviderId, ['support-worker']), 'content-type': 'application/json', 'idempotency-key': key },
        payload: referralBody(parties),
      });
      expect(retried.statusCode).toBe(201);
      const { candidateId } = retried.json();
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM candidates WHERE id = $1)::int AS candidates,
                (SELECT count(*) FROM journeys WHERE candidate_id = $1)::int AS journeys`,
        [candidateId],
      );
      expect(rows[0]).toEqual({ candidates: 1, journeys: 1 });
    });
  });

  it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
    const json = await api.inject({ method: 'GET', url: '/docs-json' });
    expect(json.statusCode).toBe(200);
    const doc = json.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/referrals', '/journeys/{candidateId}', '/health']));
    const post = doc.paths['/referrals'].post;
    expect(post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]));
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '422', '503']));
    expect(post.responses['400'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
    expect(doc.components.schemas).toHaveProperty('CreateReferralDto');
    expect(doc.components.schemas).toHaveProperty('ProblemDetails');

    const ui = await api.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
