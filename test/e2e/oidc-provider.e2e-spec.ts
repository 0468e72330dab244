import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { startDevOidcProviderProcess, WEB_APP_RETURN_PATH, type DevOidcProviderProcess } from '../../libs/devstack/src/oidc-provider-process';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { seedUser, sql } from '../support/stack';
import { testRun } from '../support/test-run';

const APP = 'http://127.0.0.1:4999';
const REDIRECT = `${APP}${WEB_APP_RETURN_PATH}`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/**
 * The development OpenID provider over HTTP, as a browser and the web app use it (the browser's
 * cookies kept by hand): who it lets sign in, what its tokens say, and when it refuses.
 */
describe('the development OpenID provider', () => {
  let db: PgClient;
  let provider: DevOidcProviderProcess;
  const tag = randomUUID().slice(0, 6);
  const [first, second] = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await sql();
    for (const [id, type] of [[first, OrganisationType.MUNICIPALITY], [second, OrganisationType.CARE_PROVIDER]] as const) {
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [id, `Provider ${type} ${tag}`, type, first]);
    }
    provider = await startDevOidcProviderProcess({ databaseUrl: testRun().databaseUrl, audience: 'placement-engine', redirectUris: [REDIRECT] }, () => undefined);
  });

  afterAll(async () => {
    await provider?.stop();
    await db?.end();
  });

  /** A browser's visit: the authorization request, the sign-in page, a user picked; the code it returns with. */
  async function signIn(userId: string, verifier: string, redirectUri = REDIRECT): Promise<{ status: number; code?: string }> {
    const jar = new Map<string, string>();
    const get = async (url: string, init: RequestInit = {}) => {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const c of response.headers.getSetCookie()) jar.set(c.split('=')[0], c.split(';')[0].slice(c.indexOf('=') + 1));
      return response;
    };
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: 'placement-web', redirect_uri: redirectUri, scope: 'openid', state: randomBytes(16).toString('base64url'), code_challenge: challenge, code_challenge_method: 'S256' });
    let response = await get(`${provider.issuer}/auth?${query}`);
    if (response.status !== 303) return { status: response.status };
    const interaction = new URL(response.headers.get('location')!, provider.issuer).toString();
    const page = await (await get(interaction)).text();
    expect(page).toContain('<h1>Inloggen bij de ontwikkelomgeving</h1>');
    response = await get(`${interaction}/login`, { method: 'POST', headers: form, body: `gebruiker=${userId}` });
    while (!response.headers.get('location')!.startsWith(APP)) response = await get(new URL(response.headers.get('location')!, provider.issuer).toString());
    return { status: response.status, code: new URL(response.headers.get('location')!).searchParams.get('code') ?? undefined };
  }

  const token = (parameters: Record<string, string>) =>
    fetch(`${provider.issuer}/token`, { method: 'POST', headers: form, body: new URLSearchParams({ client_id: 'placement-web', ...parameters }) });

  it('signs in a user of the directory with PKCE; its tokens name the organisation picked, renew with a rotated refresh token, and stop when a code is replayed or the user deactivated', async () => {
    // One subject in two organisations: the token names the organisation of the user picked.
    const subject = `provider-${tag}`;
    await seedUser(first, ['coordinator'], subject);
    const picked = await seedUser(second, ['support-worker'], subject);
    const verifier = randomBytes(32).toString('base64url');
    const { code } = await signIn(picked, verifier);

    const wrongVerifier = await token({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT, code_verifier: randomBytes(32).toString('base64url') });
    expect(wrongVerifier.status).toBe(400);
    expect(((await wrongVerifier.json()) as { error: string }).error).toBe('invalid_grant');
    const issued = await token({ grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(issued.status).toBe(200);
    const tokens = (await issued.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(600);
    expect(claimsOf(tokens.access_token)).toMatchObject({ iss: provider.issuer, aud: 'placement-engine', sub: subject, org: second, orgType: 'CARE_PROVIDER', roles: ['support-worker'] });

    const renewed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(renewed.status).toBe(200);
    const next = (await renewed.json()) as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(claimsOf(next.access_token)).toMatchObject({ sub: subject, org: second });
    // The refresh token it replaced is spent.
    expect((await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(400);

    // A code is good for one exchange: used again, it is refused and what it gave is revoked.
    const another = await signIn(picked, verifier);
    const exchange = { grant_type: 'authorization_code', code: another.code!, redirect_uri: REDIRECT, code_verifier: verifier };
    const { refresh_token: revoked } = (await (await token(exchange)).json()) as { refresh_token: string };
    expect((await token(exchange)).status).toBe(400);
    expect((await token({ grant_type: 'refresh_token', refresh_token: revoked })).status).toBe(400);

    await db.query('UPDATE users SET active = false WHERE id = $1', [picked]);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: next.refresh_token });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('sends no one to a return address it does not know', async () => {
    const user = await seedUser(first, ['coordinator'], `provider-other-${tag}`);
    expect((await signIn(user, randomBytes(32).toString('base64url'), 'http://127.0.0.1:4998/inloggen/terug')).status).toBe(400);
    expect((await signIn(user, randomBytes(32).toString('base64url'), 'https://elders.example/inloggen/terug')).status).toBe(400);
  });
});
