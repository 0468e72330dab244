import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import type { Client as PgClient } from 'pg';
import { DEVELOPMENT_BSN_HASH_KEY, DEVELOPMENT_BSN_KEYS, DEVELOPMENT_SECRET } from '../../libs/config/src/environment';
import { ensureWebAppBuilt } from '../support/browser';
import { HttpParties } from '../support/http-driver';
import { startFromSources, stopProcess } from '../support/processes';
import { productionEnvironment } from '../support/production-env';
import { bearer, createParties, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';

/** Security before production: secrets, token audience, response headers, rate limits. */
describe('security', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let coordinator: string;
  let candidateId: string;

  beforeAll(async () => {
    ensureWebAppBuilt();
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    const care = await bearer(api, own.careProviderId, ['support-worker']);
    candidateId = await new HttpParties(api, { care }).refer('care', referralBody(own));
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it('the API process refuses to start in production with the published development secrets, naming each', async () => {
    const started = startFromSources('apps/api/src/main.ts', {
      ...productionEnvironment(),
      AUTH_JWT_SECRET: DEVELOPMENT_SECRET,
      BSN_KEYS: DEVELOPMENT_BSN_KEYS,
      BSN_HASH_KEY: DEVELOPMENT_BSN_HASH_KEY,
    });
    try {
      const code = await new Promise<number | null>((done) => started.child.once('exit', (exitCode) => done(exitCode)));
      expect(code).toBe(1);
      expect(started.output()).toMatch(/AUTH_JWT_SECRET is a value published in the source code/);
      expect(started.output()).toMatch(/BSN_KEYS is a value published in the source code/);
      expect(started.output()).toMatch(/BSN_HASH_KEY is a value published in the source code/);
      expect(started.output()).not.toContain(DEVELOPMENT_SECRET);
    } finally {
      await stopProcess(started.child);
    }
  });

  describe('in production', () => {
    let production: NestFastifyApplication;
    const env = productionEnvironment();
    const sign = (audience: string | null, issuer = env.AUTH_ISSUER) => {
      const jwt = new SignJWT({ org: own.municipalityId, orgType: 'MUNICIPALITY', roles: ['coordinator'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(issuer)
        .setSubject('security-coordinator')
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + 600);
      return (audience === null ? jwt : jwt.setAudience(audience)).sign(new TextEncoder().encode(env.AUTH_JWT_SECRET));
    };

    beforeAll(async () => {
      production = await startApi(env);
      await seedUser(own.municipalityId, ['coordinator'], 'security-coordinator');
    });
    afterAll(() => production?.close());

    it('refuses a token signed with its own secret for another audience or none, or from another issuer; takes its own', async () => {
      const me = async (token: string) => production.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
      for (const audience of ['another-api', null]) {
        const refused = await me(await sign(audience));
        expect(refused.statusCode).toBe(401);
        expect(refused.json().detail).toMatch(/not for this API \(aud\)/);
      }
      const otherIssuer = await me(await sign(env.AUTH_AUDIENCE, 'https://elsewhere.example.org'));
      expect(otherIssuer.statusCode).toBe(401);
      expect(otherIssuer.json().detail).toMatch(/not from the configured issuer \(iss\)/);
      expect((await me(await sign(env.AUTH_AUDIENCE))).statusCode).toBe(200);
    });

    it('sends HSTS, and serves the API document only when API_DOCS=true', async () => {
      const health = await production.inject({ method: 'GET', url: '/health/live' });
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      for (const url of ['/docs', '/docs-json', '/docs-yaml']) expect((await production.inject({ method: 'GET', url })).statusCode).toBe(404);
      const documented = await startApi({ ...env, API_DOCS: 'true' });
      try {
        expect((await documented.inject({ method: 'GET', url: '/docs-json' })).statusCode).toBe(200);
      } finally {
        await documented.close();
      }
    });
  });

  describe('headers', () => {
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'permissions-policy': expect.stringContaining('camera=()'),
    };

    it('a response with personal data is not stored anywhere', async () => {
      const response = await api.inject({ method: 'GET', url: `/journeys/${candidateId}/candidate?purpose=MUNICIPAL_TASK`, headers: { authorization: coordinator } });
      expect(response.statusCode).toBe(200);
      expect(response.json().lastName).toBe('Bakker');
      expect(response.headers).toMatchObject({ ...common, 'cache-control': 'no-store' });
      expect(response.headers['strict-transport-security']).toBeUndefined(); // development is plain http
      const problem = await api.inject({ method: 'GET', url: `/journeys/${candidateId}/candidate`, headers: { authorization: coordinator } });
      expect(problem.statusCode).toBe(400);
      expect(problem.headers).toMatchObject({ ...common, 'cache-control': 'no-store' });
    });

    it('an asset is cached for a year and never sniffed', async () => {
      const script = readdirSync(resolve(__dirname, '..', '..', 'dist', 'web', 'assets')).find((f) => f.endsWith('.js'))!;
      const response = await api.inject({ method: 'GET', url: join('/assets', script) });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({ ...common, 'cache-control': expect.stringMatching(/max-age=31536000.*immutable/) });
    });

    it('the app page has a CSP that fixes the base URI and form targets', async () => {
      const response = await api.inject({ method: 'GET', url: '/taken' });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({ ...common, 'cache-control': 'no-cache' });
      const csp = String(response.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(csp).toContain(directive);
    });
  });

  describe('rate limits', () => {
    let limited: NestFastifyApplication;
    const limits = { RATE_LIMITS: 'on', RATE_LIMIT_PER_USER: '20', RATE_LIMIT_PER_ADDRESS: '45', RATE_LIMIT_SIGN_IN: '5' };

    beforeAll(async () => {
      limited = await startApi(limits);
    });
    afterAll(() => limited?.close());

    const burst = (n: number, authorization: string) =>
      Promise.all(Array.from({ length: n }, () => limited.inject({ method: 'GET', url: '/me', headers: { authorization } })));

    it('a burst of one user gets 429 with Retry-After past its limit; another user and health checks still pass, until the address is at its own', async () => {
      const one = await bearer(limited, own.municipalityId, ['coordinator'], 'burst-one');
      const other = await bearer(limited, own.municipalityId, ['coordinator'], 'burst-other');
      const answers = await burst(30, one);
      const statuses = answers.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      const refused = answers.find((r) => r.statusCode === 429)!;
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ status: 429, type: expect.stringMatching(/rate-limited$/), detail: expect.stringMatching(/of this user/) });

      expect((await limited.inject({ method: 'GET', url: '/me', headers: { authorization: other } })).statusCode).toBe(200);
      // 20 + 10 + 1 from this address, and the two token requests: the address's 45 are reached within the next 12.
      const rest = (await burst(14, other)).map((r) => r.statusCode);
      expect(rest).toContain(429);
      const byAddress = (await limited.inject({ method: 'GET', url: '/task-types' })).json();
      expect(byAddress.detail).toMatch(/from this address/);
      expect((await limited.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    });
  });

  describe('rate limit of the sign-in and token endpoints', () => {
    it('is stricter: the sixth token a minute from one address is refused', async () => {
      const limited = await startApi({ RATE_LIMITS: 'on', RATE_LIMIT_SIGN_IN: '5' });
      try {
        const userId = await seedUser(own.careProviderId, ['support-worker'], 'sign-in-burst');
        const answers = await Promise.all(Array.from({ length: 6 }, () => limited.inject({ method: 'POST', url: '/dev/tokens', payload: { userId } })));
        expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 429]);
        expect(answers.find((r) => r.statusCode === 429)!.headers['retry-after']).toBeDefined();
        // Other endpoints are not held to it.
        expect((await limited.inject({ method: 'GET', url: '/auth/config' })).statusCode).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});
