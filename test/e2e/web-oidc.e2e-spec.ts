import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { ensureWebAppBuilt, launchChromium, pageChecks } from '../support/browser';
import { startOidcIssuer, type TestIssuer } from '../support/oidc-issuer';
import { productionEnvironment } from '../support/production-env';
import { seedUser, sql, startApi } from '../support/stack';
import { testRun } from '../support/test-run';

const CLIENT_ID = 'placement-web';
const AUDIENCE = 'placement-engine';
/** The page's session storage, as a function run inside the page sees it. */
type InPage = { sessionStorage: { getItem(key: string): string | null; clear(): void } };

/**
 * Sign-in in production: the web app against the API in production mode (no development tokens)
 * and a real OIDC issuer over HTTP (test/support/oidc-issuer.ts). The user signs in through the
 * actual redirects: authorization code with PKCE (S256) and state, the code exchanged at the token
 * endpoint, the token verified by the API with the issuer's JWKS found through discovery.
 */
describe('the web app signs in at an OIDC issuer', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let issuer: TestIssuer;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let base = '';
  const tag = randomUUID().slice(0, 6);
  const municipality = randomUUID();
  const subject = `oidc-coordinator-${tag}`;
  const { violations, check } = pageChecks(testRun().runId, 'oidc');

  beforeAll(async () => {
    ensureWebAppBuilt();
    db = await sql();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $1)', [municipality, `Gemeente Inlogstad ${tag}`, OrganisationType.MUNICIPALITY]);
    await seedUser(municipality, ['coordinator'], subject);
    await db.query('UPDATE users SET name = $3 WHERE organisation_id = $1 AND subject = $2', [municipality, subject, `Regisseur ${tag}`]);
    issuer = await startOidcIssuer({
      clientId: CLIENT_ID,
      audience: AUDIENCE,
      redirectUris: () => [`${base}/inloggen/terug`],
      accounts: [{ subject, label: `Regisseur ${tag}`, claims: { org: municipality, orgType: 'MUNICIPALITY', roles: ['coordinator'] } }],
    });
    const { AUTH_JWT_SECRET: _, ...production } = productionEnvironment();
    api = await startApi({ ...production, OIDC_ISSUER: issuer.url, OIDC_CLIENT_ID: CLIENT_ID, AUTH_AUDIENCE: AUDIENCE });
    await api.listen(0, '127.0.0.1');
    base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await api?.close();
    await issuer?.close();
    await db?.end();
  });


  /** At the issuer's sign-in page: the request carries PKCE (S256) and state; the user picks its account. */
  async function atIssuer(page: Page): Promise<void> {
    await page.waitForURL((u) => u.toString().startsWith(`${issuer.url}/authorize`));
    const asked = new URL(page.url()).searchParams;
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('client_id')).toBe(CLIENT_ID);
    expect(asked.get('redirect_uri')).toBe(`${base}/inloggen/terug`);
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(asked.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await page.getByRole('button', { name: `Regisseur ${tag}` }).click();
  }

  it('signs in through the redirects, keeps the token out of every URL, and after a 401 signs in again and returns to the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });

    // A link to the dashboard leads to sign-in; production offers no demo users, only the issuer.
    await page.goto(`${base}/dashboard`);
    await page.waitForURL(`${base}/inloggen?terug=%2Fdashboard`);
    const signIn = page.getByRole('button', { name: 'Inloggen via uw organisatie' });
    await signIn.waitFor();
    await expect(page.getByRole('heading', { name: 'Als demogebruiker' }).count()).resolves.toBe(0);
    await check(page, 'sign-in');
    await signIn.click();
    await atIssuer(page);

    // Back with a code: exchanged once, the code and state gone from the address bar, the dashboard shown.
    await page.waitForURL(`${base}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByText(`Regisseur ${tag}`).first().waitFor();
    expect(issuer.exchanges).toEqual([{ ok: true }]);
    const returned = visited.find((u) => u.startsWith(`${base}/inloggen/terug?`));
    expect(returned).toMatch(/[?&]code=.+&state=/);
    const token = await page.evaluate(() => JSON.parse((globalThis as unknown as InPage).sessionStorage.getItem('placement.session') ?? '{}').token as string);
    expect(token.split('.')).toHaveLength(3);
    await check(page, 'dashboard');

    // The user is deactivated and activated again: the API answers 401, the app goes to sign-in and, after it, back to the page.
    await db.query('UPDATE users SET active = false WHERE organisation_id = $1 AND subject = $2', [municipality, subject]);
    await page.getByRole('link', { name: 'Aanmeldingen' }).click();
    await page.waitForURL(`${base}/inloggen?terug=%2Faanmeldingen`);
    await db.query('UPDATE users SET active = true WHERE organisation_id = $1 AND subject = $2', [municipality, subject]);
    await page.getByRole('button', { name: 'Inloggen via uw organisatie' }).click();
    await atIssuer(page);
    await page.waitForURL(`${base}/aanmeldingen`);
    await page.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
    expect(issuer.exchanges).toEqual([{ ok: true }, { ok: true }]);

    // No URL ever carried a token; the page's own address lost code and state at once.
    for (const u of visited) {
      expect(u).not.toContain(token);
      expect(u).not.toMatch(/access_token|id_token/);
    }
    expect(visited.filter((u) => u.startsWith(base) && /[?&](code|state)=/.test(u) && !u.startsWith(`${base}/inloggen/terug?`))).toEqual([]);

    // A return that this browser did not start (a stale or forged link) signs no one in and says why.
    await context.clearCookies();
    await page.evaluate(() => (globalThis as unknown as InPage).sessionStorage.clear());
    await page.goto(`${base}/inloggen/terug?code=forged&state=forged`);
    await page.getByText('Dit inloggen hoort niet bij deze browsersessie').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(issuer.exchanges).toHaveLength(2);
    await check(page, 'return-refused');

    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  }, 300000);
});
