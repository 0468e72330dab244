import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client as PgClient } from 'pg';
import { DEVELOPMENT_SECRET } from '../../libs/config/src/environment';
import { injectRetrying503 } from '../support/http-driver';
import { productionEnvironment } from '../support/production-env';
import { bearer, createParties, referralBody, seedUser, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

describe('authentication and tenant isolation', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let candidateId: string;

  const sign = (claims: Record<string, unknown>, options: { secret?: string; expiresAt?: number; sub?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(options.sub ?? 'user-1')
      .setIssuedAt()
      .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
      .setAudience('placement-engine')
      .sign(new TextEncoder().encode(options.secret ?? DEVELOPMENT_SECRET));

  const getJourney = (authorization?: string) =>
    api.inject({ method: 'GET', url: `/journeys/${candidateId}`, headers: authorization ? { authorization } : {} });

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    await seedUser(own.municipalityId, ['coordinator'], 'user-1');
    const response = await injectRetrying503(api, {
      method: 'POST',
      url: '/referrals',
      headers: { authorization: await bearer(api, own.schoolId, ['teacher']), 'idempotency-key': randomUUID() },
      payload: referralBody(own),
    });
    expect(response.statusCode).toBe(201);
    candidateId = response.json().candidateId;
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  it.each([
    ['no token', undefined],
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer not.a.token'],
  ])('%s -> 401 problem+json with WWW-Authenticate', async (_, authorization) => {
    const response = await getJourney(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['www-authenticate']).toContain('Bearer');
  });

  it('an expired, a tampered, a foreign-signed or a claimless token -> 401 naming why', async () => {
    const claims = { org: own.municipalityId, orgType: 'MUNICIPALITY', roles: ['coordinator'] };
    const expired = await sign(claims, { expiresAt: Math.floor(Date.now() / 1000) - 3600 });
    expect((await getJourney(`Bearer ${expired}`)).json().detail).toMatch(/expired/);

    const valid = await sign(claims);
    const [header, payload, signature] = valid.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), org: foreign.municipalityId })).toString('base64url');
    const tampered = await getJourney(`Bearer ${header}.${forged}.${signature}`);
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().detail).toMatch(/signature/);

    const otherKey = await sign(claims, { secret: 'x'.repeat(40) });
    expect((await getJourney(`Bearer ${otherKey}`)).statusCode).toBe(401);

    const noOrg = await sign({ orgType: 'MUNICIPALITY', roles: [] });
    expect((await getJourney(`Bearer ${noOrg}`)).json().detail).toMatch(/organisation/);

    expect((await getJourney(`Bearer ${valid}`)).statusCode).toBe(200);
  });

  it('a journey is visible to its parties only; others get 404, as if it did not exist', async () => {
    for (const [org, roles] of [
      [own.municipalityId, ['coordinator']],
      [own.careProviderId, ['support-worker']],
      [own.schoolId, ['teacher']],
    ] as const) {
      expect((await getJourney(await bearer(api, org, [...roles]))).statusCode).toBe(200);
    }
    for (const [org, role] of [
      [foreign.municipalityId, 'coordinator'],
      [foreign.careProviderId, 'support-worker'],
      [own.employerId, 'employer'],
    ]) {
      const response = await getJourney(await bearer(api, org, [role]));
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    }
  });

  it('only care providers and schools refer: others get 403 and nothing is written', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM candidates')).rows[0].n;
    for (const [org, role] of [
      [own.municipalityId, 'coordinator'],
      [own.employerId, 'employer'],
    ]) {
      const response = await api.inject({
        method: 'POST',
        url: '/referrals',
        headers: { authorization: await bearer(api, org, [role]), 'idempotency-key': randomUUID() },
        payload: referralBody(own),
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).not.toMatch(/roles/);
    }
    expect((await db.query('SELECT count(*)::int AS n FROM candidates')).rows[0].n).toBe(before);
  });

  it('/health and /docs need no token', async () => {
    expect((await api.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/docs-json' })).statusCode).toBe(200);
  });

  it('/dev/tokens mints for registered users only, with the roles they hold', async () => {
    for (const userId of [randomUUID(), 'not-a-uuid']) {
      const response = await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId } });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['userId']);
    }
    const id = await seedUser(own.careProviderId, ['support-worker', 'admin'], 'minted');
    const minted = await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: id } });
    const claims = JSON.parse(Buffer.from(minted.json().accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'minted', org: own.careProviderId, orgType: 'CARE_PROVIDER', roles: ['support-worker', 'admin'] });
    const listed = await api.inject({ method: 'GET', url: '/dev/users' });
    expect(listed.json()).toEqual(expect.arrayContaining([expect.objectContaining({ userId: id, organisationId: own.careProviderId, roles: ['support-worker', 'admin'] })]));
  });

  it('a validly signed token of an unregistered, deactivated or mistyped user -> 401 naming why', async () => {
    const claims = { org: own.municipalityId, orgType: 'MUNICIPALITY', roles: ['coordinator'] };
    expect((await getJourney(`Bearer ${await sign(claims, { sub: 'nobody' })}`)).json().detail).toMatch(/not registered/);
    expect((await getJourney(`Bearer ${await sign({ ...claims, orgType: 'EMPLOYER' })}`)).json().detail).toMatch(/organisation type/);

    const token = await bearer(api, own.municipalityId, ['coordinator'], 'leaving');
    expect((await getJourney(token)).statusCode).toBe(200);
    await db.query(`UPDATE users SET active = false WHERE organisation_id = $1 AND subject = 'leaving'`, [own.municipalityId]);
    const refused = await getJourney(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/deactivated/);
  });

  it('tells the web app to sign in at the OpenID provider when one is configured, and only without one (outside production) by picking a user', async () => {
    const config = await api.inject({ method: 'GET', url: '/auth/config' });
    expect(config.json()).toEqual({ developmentSignIn: false, oidc: { issuer: testRun().oidcIssuer, clientId: 'placement-web', scope: 'openid' } });
    const withoutIssuer = await startApi({ OIDC_ISSUER: '', OIDC_CLIENT_ID: '' });
    try {
      expect((await withoutIssuer.inject({ method: 'GET', url: '/auth/config' })).json()).toEqual({ developmentSignIn: true });
    } finally {
      await withoutIssuer.close();
    }
  });

  it('in production there is no /dev/tokens endpoint, and development tokens are not accepted', async () => {
    const production = await startApi(productionEnvironment());
    try {
      const mint = await production.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: await seedUser(own.municipalityId, ['coordinator']) } });
      expect(mint.statusCode).toBe(404);
      expect((await production.inject({ method: 'GET', url: '/dev/users' })).statusCode).toBe(404);
      const devToken = await bearer(api, own.municipalityId, ['coordinator']);
      const response = await production.inject({ method: 'GET', url: `/journeys/${candidateId}`, headers: { authorization: devToken } });
      expect(response.statusCode).toBe(401);
    } finally {
      await production.close();
    }
  });
});
