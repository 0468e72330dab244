import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** A person who can sign in at the issuer, and the claims its access token carries (sub, org, orgType, roles). */
export interface IssuerAccount {
  subject: string;
  label: string;
  claims: Record<string, unknown>;
}

export interface TestIssuer {
  url: string;
  /** Every token request: whether the code, client, redirect URI and PKCE verifier checked out. */
  exchanges: { ok: boolean; error?: string }[];
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  subject: string;
  expiresAt: number;
}

/**
 * A small OpenID Connect issuer over real HTTP for the browser tests: a discovery document, a JWKS
 * (RS256), an authorization endpoint with a sign-in page that answers with a code, and a token
 * endpoint that accepts the code once, for the registered client and redirect URI, with the PKCE
 * verifier of its S256 challenge. Its JWKS is not at /.well-known/jwks.json: clients find it
 * through the discovery document, as with any issuer.
 */
export async function startOidcIssuer(options: { clientId: string; redirectUris: () => string[]; audience: string; accounts: IssuerAccount[]; tokenSeconds?: number }): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const exchanges: TestIssuer['exchanges'] = [];
  let url = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: 'server_error', error_description: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const here = new URL(request.url ?? '/', url);
    if (request.method === 'OPTIONS') return send(response, 204, undefined);
    if (request.method === 'GET' && here.pathname === '/.well-known/openid-configuration') {
      return send(response, 200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/keys`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: ['openid'],
      });
    }
    if (request.method === 'GET' && here.pathname === '/keys') return send(response, 200, { keys: [jwk] });
    if (here.pathname === '/authorize') {
      const params = request.method === 'POST' ? new URLSearchParams(await body(request)) : here.searchParams;
      return authorize(params, request.method === 'POST', response);
    }
    if (request.method === 'POST' && here.pathname === '/token') return token(new URLSearchParams(await body(request)), response);
    return send(response, 404, { error: 'not_found' });
  }

  function authorize(params: URLSearchParams, chosen: boolean, response: ServerResponse): void {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    // An unknown client or redirect URI is never redirected to (RFC 6749 4.1.2.1).
    if (clientId !== options.clientId || !options.redirectUris().includes(redirectUri)) return page(response, 400, '<p>Unknown client or redirect URI.</p>');
    const back = (query: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...query, state: params.get('state') ?? '' })) target.searchParams.set(k, v);
      response.writeHead(302, { location: target.toString() }).end();
    };
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('response_type') !== 'code' || params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge) || !params.get('state')) {
      return back({ error: 'invalid_request' });
    }
    if (!chosen) {
      const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']
        .map((k) => `<input type="hidden" name="${k}" value="${escape(params.get(k) ?? '')}">`)
        .join('');
      const buttons = options.accounts.map((a) => `<li><button type="submit" name="subject" value="${escape(a.subject)}">${escape(a.label)}</button></li>`).join('');
      return page(response, 200, `<h1>Inloggen bij de testorganisatie</h1><form method="post" action="/authorize">${hidden}<ul>${buttons}</ul><button type="submit" name="deny" value="1">Weigeren</button></form>`);
    }
    if (params.get('deny')) return back({ error: 'access_denied' });
    const subject = params.get('subject') ?? '';
    if (!options.accounts.some((a) => a.subject === subject)) return back({ error: 'access_denied' });
    const code = randomBytes(24).toString('base64url');
    grants.set(code, { clientId, redirectUri, challenge, subject, expiresAt: Date.now() + 60000 });
    back({ code });
  }

  async function token(params: URLSearchParams, response: ServerResponse): Promise<void> {
    const refuse = (error: string) => {
      exchanges.push({ ok: false, error });
      send(response, 400, { error });
    };
    const code = params.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code); // a code is good for one exchange
    if (params.get('grant_type') !== 'authorization_code') return refuse('unsupported_grant_type');
    if (!grant || grant.expiresAt < Date.now()) return refuse('invalid_grant');
    if (params.get('client_id') !== grant.clientId || params.get('redirect_uri') !== grant.redirectUri) return refuse('invalid_grant');
    const verifier = params.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return refuse('invalid_grant');
    const account = options.accounts.find((a) => a.subject === grant.subject)!;
    const seconds = options.tokenSeconds ?? 600;
    const sign = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
        .setIssuer(url)
        .setSubject(account.subject)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
        .sign(privateKey);
    exchanges.push({ ok: true });
    send(response, 200, {
      access_token: await sign(account.claims, options.audience),
      id_token: await sign({ name: account.label }, grant.clientId),
      token_type: 'Bearer',
      expires_in: seconds,
      scope: 'openid',
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, status: number, json: unknown): void {
  // A public client in a browser reads the discovery document and calls the token endpoint cross-origin.
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type' };
  if (json === undefined) return void response.writeHead(status, cors).end();
  response.writeHead(status, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(json));
}

function page(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="nl"><head><title>Testorganisatie</title></head><body><main>${html}</main></body></html>`);
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
