import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { startDevOidcProviderProcess, WEB_APP_RETURN_PATH, type DevOidcProviderProcess } from '../../libs/devstack/src/oidc-provider-process';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ensureWebAppBuilt, launchChromium, pageChecks, pickAtProvider, PROVIDER_SIGN_IN_HEADING } from '../support/browser';
import { productionEnvironment } from '../support/production-env';
import { seedUser, sql, startApi } from '../support/stack';
import { testRun } from '../support/test-run';

const CLIENT_ID = 'placement-web';
const AUDIENCE = 'placement-engine';
/** Short-lived access tokens: the app has to renew the session several times while the test runs. */
const TOKEN_SECONDS = 10;
/** The page's session storage, as a function run inside the page sees it. */
type InPage = { sessionStorage: { getItem(key: string): string | null; clear(): void } };
const storedToken = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.parse((globalThis as unknown as InPage).sessionStorage.getItem('placement.session') ?? '{}').token as string);

/**
 * Sign-in in production: the web app against the API in production mode (no development tokens)
 * and a real OpenID provider (oidc-provider, as `npm start` runs it, in a process of its own, here
 * with access tokens of ten seconds). The user signs in through the actual redirects: authorization
 * code with PKCE (S256) and state, the code exchanged at the token endpoint, the token verified by
 * the API with the provider's JWKS found through discovery. The app renews the session with the
 * refresh token before each token expires, and after a 401 sends the user to sign in and back.
 */
describe('the web app signs in at an OpenID provider', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let provider: DevOidcProviderProcess;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base = '';
  const tag = randomUUID().slice(0, 6);
  const municipality = randomUUID();
  const subject = `oidc-coordinator-${tag}`;
  const name = `Regisseur ${tag}`;
  const { violations, check } = pageChecks(testRun().runId, 'oidc');

  beforeAll(async () => {
    ensureWebAppBuilt();
    db = await sql();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $1)', [municipality, `Gemeente Inlogstad ${tag}`, OrganisationType.MUNICIPALITY]);
    await seedUser(municipality, ['coordinator'], subject);
    await db.query('UPDATE users SET name = $3 WHERE organisation_id = $1 AND subject = $2', [municipality, subject, name]);
    provider = await startDevOidcProviderProcess(
      {
        databaseUrl: testRun().databaseUrl,
        audience: AUDIENCE,
        clientId: CLIENT_ID,
        redirectUris: [`http://127.0.0.1${WEB_APP_RETURN_PATH}`],
        anyLoopbackPort: true,
        accessTokenSeconds: TOKEN_SECONDS,
      },
      () => undefined,
    );
    const { AUTH_JWT_SECRET: _, ...production } = productionEnvironment();
    api = await startApi({ ...production, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, AUTH_AUDIENCE: AUDIENCE });
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
    await provider?.stop();
    await db?.end();
  });

  /** The authorization request carried PKCE (S256) and state; the provider's sign-in page is checked, and the user picked there. */
  async function atProvider(page: Page, visited: string[], shot?: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name: PROVIDER_SIGN_IN_HEADING }).waitFor();
    const request = visited.filter((u) => u.startsWith(`${provider.issuer}/auth?`)).pop();
    const asked = new URL(request!).searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe(CLIENT_ID);
    expect(asked.get('redirect_uri')).toBe(`${base}${WEB_APP_RETURN_PATH}`);
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    if (shot) await check(page, shot);
    await pickAtProvider(page, name);
  }

  it('signs in through the redirects, renews the session before the token expires, and after a 401 signs in again and returns to the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const visited: string[] = [];
    // Every address the tab asked for, redirects included (the provider's /auth answers with one).
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) visited.push(request.url());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    // Every call of the provider's token endpoint: which grant, and its answer.
    const tokenCalls: { grant: string | null; status: number }[] = [];
    page.on('response', (response) => {
      if (response.url() === `${provider.issuer}/token`) tokenCalls.push({ grant: new URLSearchParams(response.request().postData() ?? '').get('grant_type'), status: response.status() });
    });
    const grants = (grant: string) => tokenCalls.filter((c) => c.grant === grant);

    // A link to the dashboard leads to sign-in; production offers no demo users, only the provider.
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(`${base}/inloggen?terug=%2Fdashboard`);
    const signIn = page.getByRole('button', { name: 'Inloggen via uw organisatie' });
    await signIn.waitFor();
    await expect(page.getByRole('heading', { name: 'Als demogebruiker' }).count()).resolves.toBe(0);
    await check(page, 'sign-in');
    await signIn.click();
    await atProvider(page, visited, 'provider-sign-in');

    // Back with a code: exchanged once, the code and state gone from the address bar, the dashboard shown.
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByText(name).first().waitFor();
    expect(tokenCalls).toEqual([{ grant: 'authorization_code', status: 200 }]);
    const returned = visited.find((u) => u.startsWith(`${base}${WEB_APP_RETURN_PATH}?`));
    expect(returned).toMatch(/[?&]code=.+&state=/);
    const first = await storedToken(page);
    expect(first.split('.')).toHaveLength(3);
    await check(page, 'dashboard');

    // The session renews itself: the first token expires (and after the API's 30 s of clock tolerance is refused), the page works on.
    const refusesFirst = async () => (await fetch(`${base}/me`, { headers: { authorization: `Bearer ${first}` } })).status === 401;
    const deadline = Date.now() + (TOKEN_SECONDS + 30 + 30) * 1000;
    while (!(await refusesFirst())) {
      if (Date.now() > deadline) throw new Error('the first access token was still accepted');
      await page.waitForTimeout(1000);
    }
    await page.getByRole('link', { name: 'Aanmeldingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    expect(page.url()).toBe(`${base}/aanmeldingen`);
    const renewed = await storedToken(page);
    expect(renewed).not.toBe(first);
    expect((await fetch(`${base}/me`, { headers: { authorization: `Bearer ${renewed}` } })).status).toBe(200);
    // One renewal per token lifetime or so, each with the refresh token the one before gave (the provider rotates it).
    expect(grants('refresh_token').length).toBeGreaterThanOrEqual(3);
    expect(tokenCalls.every((c) => c.status === 200)).toBe(true);
    expect(grants('authorization_code')).toHaveLength(1);
    // Never sent to sign in again: one arrival at the sign-in page (a redirect the router repeats
    // for the same address, as it may on a slow machine, is one arrival: repeats in a row count once).
    const arrivals = visited.filter((u, i) => u !== visited[i - 1]);
    expect(arrivals.filter((u) => u.startsWith(`${base}/inloggen?`))).toHaveLength(1);

    // The user is deactivated and activated again: the API answers the page's next request with 401, the app goes to sign-in and, after it, back to the page.
    await db.query('UPDATE users SET active = false WHERE organisation_id = $1 AND subject = $2', [municipality, subject]);
    await page.reload();
    await page.waitForURL(`${base}/inloggen?terug=%2Faanmeldingen`);
    await db.query('UPDATE users SET active = true WHERE organisation_id = $1 AND subject = $2', [municipality, subject]);
    // Cancelled at the provider: back at the app, which says so and offers to sign in again (still back to the page); then signed in after all.
    await page.getByRole('button', { name: 'Inloggen via uw organisatie' }).click();
    await page.getByRole('heading', { level: 1, name: PROVIDER_SIGN_IN_HEADING }).waitFor();
    await page.getByRole('button', { name: 'Annuleren' }).click();
    await page.getByText('Het inloggen is afgebroken of geweigerd').waitFor();
    await page.getByRole('link', { name: 'Opnieuw inloggen' }).click();
    await page.waitForURL(`${base}/inloggen?terug=%2Faanmeldingen`);
    await page.getByRole('button', { name: 'Inloggen via uw organisatie' }).click();
    await atProvider(page, visited);
    await page.waitForURL(`${base}/aanmeldingen`);
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    expect(grants('authorization_code')).toEqual([
      { grant: 'authorization_code', status: 200 },
      { grant: 'authorization_code', status: 200 },
    ]);

    // No URL ever carried a token; the page's own address lost code and state at once.
    const token = await storedToken(page);
    for (const u of visited) {
      for (const t of [first, renewed, token]) expect(u).not.toContain(t);
      expect(u).not.toMatch(/access_token|id_token|refresh_token/);
    }
    expect(visited.filter((u) => u.startsWith(base) && /[?&](code|state)=/.test(u) && !u.startsWith(`${base}${WEB_APP_RETURN_PATH}?`))).toEqual([]);

    // A return that this browser did not start (a stale or forged link) signs no one in and says why.
    await context.clearCookies();
    await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.clear());
    const calls = tokenCalls.length;
    await page.goto(`${base}${WEB_APP_RETURN_PATH}?code=forged&state=forged`);
    await page.getByText('Dit inloggen hoort niet bij deze browsersessie').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(tokenCalls).toHaveLength(calls);
    await check(page, 'return-refused');

    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  }, 300000);
});
