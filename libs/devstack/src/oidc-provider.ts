/**
 * The OpenID provider of development and tests: `oidc-provider` (an OpenID Certified™ provider),
 * whose accounts are the users of the application's own directory (the demo users under
 * `npm start`, the users a test seeds in the tests). It signs the web app in as production's
 * provider does: authorization code with PKCE (S256) for the public client `placement-web`,
 * access tokens as JWTs (RS256) for the API's audience with the claims the API reads (sub, org,
 * orgType, roles), and a refresh token (rotated at each use) to renew the session before the access
 * token expires. Its signing key and cookie keys are generated per run; nothing is kept.
 *
 * Its sign-in page asks every time which user signs in (a development provider remembers no one:
 * after signing out of the web app, another demo user can sign in).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { errors, interactionPolicy, type Adapter, type AdapterFactory, type AdapterPayload, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { Pool } from 'pg';
import { findSignInUser, findSignInUserBySubject, findSignInUsers, type SignInUser, type SqlQuery } from '../../database/src/repositories/sign-in-users';
import type { Log } from './child-process';
import { DEV_OIDC_CLIENT_ID, WEB_APP_RETURN_PATH, type DevOidcProviderOptions } from './oidc-provider-process';

export interface DevOidcProvider {
  /** The issuer (OIDC_ISSUER): its discovery document is at /.well-known/openid-configuration. */
  issuer: string;
  close(): Promise<void>;
}

/** The API as a resource server (RFC 8707 wants an absolute URI); its tokens name the API's audience in `aud`. */
const API_RESOURCE = 'urn:placement-engine:api';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function startDevOidcProvider(options: DevOidcProviderOptions, log: Log = console.log): Promise<DevOidcProvider> {
  const clientId = options.clientId ?? DEV_OIDC_CLIENT_ID;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2, idleTimeoutMillis: 5000 });
  pool.on('error', () => undefined); // an idle connection ended by the server; the next query opens another
  const query: SqlQuery = async (text, parameters) => (await pool.query(text, parameters)).rows;

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const redirectAllowed = (uri: string): boolean => {
    if (options.redirectUris.includes(uri)) return true;
    const parsed = URL.parse(uri);
    return !!options.anyLoopbackPort && parsed?.protocol === 'http:' && LOOPBACK.has(parsed.hostname) && parsed.pathname === WEB_APP_RETURN_PATH && !parsed.search;
  };
  const originAllowed = (origin: string): boolean => options.redirectUris.some((uri) => new URL(uri).origin === origin) || redirectAllowed(`${origin}${WEB_APP_RETURN_PATH}`);

  /** The organisation each grant (one sign-in and its renewals) was signed in for: a subject is unique only within its organisation. */
  const organisationOfGrant = new Map<string, string>();
  const userOf = async (subject: string, grantId: string | undefined): Promise<SignInUser | undefined> => {
    const organisationId = grantId ? organisationOfGrant.get(grantId) : undefined;
    return organisationId ? findSignInUserBySubject(query, organisationId, subject) : undefined;
  };

  const provider = new Provider(issuer, configuration());
  // Behind no proxy: the issuer is this server's own address.
  provider.on('server_error', (_ctx, error) => log(`OpenID provider error: ${error.message}`));

  function configuration(): Configuration {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const policy = interactionPolicy.base();
    // Asks which user signs in at every sign-in, also when the browser signed in before.
    policy.get('login')!.checks.add(
      new interactionPolicy.Check('choose_user', 'the development provider asks which user signs in', (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
    const sessionSeconds = options.sessionSeconds ?? 10 * 3600;
    return {
      adapter: memoryAdapters(),
      clients: [
        {
          client_id: clientId,
          application_type: 'web',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: options.redirectUris,
        },
      ],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' }] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      scopes: ['openid'],
      claims: { openid: ['sub'] },
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => API_RESOURCE,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
            return {
              scope: 'openid',
              audience: options.audience,
              accessTokenTTL: options.accessTokenSeconds ?? 600,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      // A sign-in's refresh token renews the session until the sign-in ends (no offline access).
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      ttl: { AccessToken: options.accessTokenSeconds ?? 600, Session: sessionSeconds, Grant: sessionSeconds, RefreshToken: sessionSeconds, Interaction: 600, AuthorizationCode: 60, IdToken: 600 },
      findAccount: async (ctx: KoaContextWithOIDC, subject: string, token?: { grantId?: string }) => {
        // The grant: the token's (at the token endpoint), or the one the sign-in page just made (back at the authorization endpoint).
        const user = await userOf(subject, token?.grantId ?? ctx.oidc.entities.Grant?.jti ?? ctx.oidc.result?.consent?.grantId);
        // An account that can no longer sign in (deactivated) gets no token: a renewal is refused.
        return user && { accountId: subject, claims: () => ({ sub: subject }) };
      },
      extraTokenClaims: async (_ctx, token) => {
        if (!('accountId' in token)) return undefined;
        const user = await userOf(token.accountId, token.grantId);
        return user && { org: user.organisationId, orgType: user.organisationType, roles: user.roles };
      },
      clientBasedCORS: (_ctx, origin) => originAllowed(origin),
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page(
          'Inloggen lukt niet',
          `<h1>Inloggen lukt niet</h1><p>De identiteitsprovider kan dit verzoek niet afhandelen: <code>${escape(String(out.error))}</code>${out.error_description ? ` – ${escape(String(out.error_description))}` : ''}.</p>`,
        );
      },
    };
  }

  // Every client of this provider is the web app: it may return to its pages on any loopback port when allowed.
  const { redirectUriAllowed } = provider.Client.prototype;
  provider.Client.prototype.redirectUriAllowed = function (this: InstanceType<typeof provider.Client>, uri: string) {
    return redirectUriAllowed.call(this, uri) || redirectAllowed(uri);
  };

  const callback = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', issuer).pathname;
    const interaction = /^\/interaction\/([\w-]+)(\/(login|abort))?$/.exec(path);
    if (!interaction) return void callback(request, response);
    interact(request, response, interaction[3]).catch((error: unknown) => {
      log(`OpenID provider sign-in page: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) {
        response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        response.end(page('Inloggen lukt niet', '<h1>Inloggen lukt niet</h1><p>Dit inlogverzoek is verlopen of hoort niet bij deze browser. Begin opnieuw bij de toepassing.</p>'));
      }
    });
  });

  /** The sign-in page (GET, with a search), choosing a user (POST …/login) or cancelling (POST …/abort). */
  async function interact(request: IncomingMessage, response: ServerResponse, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    if (request.method === 'GET' && !action) {
      const search = (new URL(request.url ?? '/', issuer).searchParams.get('zoek') ?? '').trim().slice(0, 100);
      const users = await findSignInUsers(query, search, 50);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void response.end(signInPage(details.uid, search, users));
    }
    if (request.method !== 'POST') return void response.writeHead(405).end();
    if (action === 'abort') {
      return provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'the user cancelled signing in' }, { mergeWithLastSubmission: false });
    }
    const userId = new URLSearchParams(await body(request)).get('gebruiker') ?? '';
    const user = /^[0-9a-f-]{36}$/i.test(userId) ? await findSignInUser(query, userId) : undefined;
    if (!user) {
      response.writeHead(303, { location: `/interaction/${details.uid}` });
      return void response.end();
    }
    // A first-party client: the sign-in grants what it asked for, without a consent page.
    const grant = new provider.Grant({ accountId: user.subject, clientId: String(details.params.client_id) });
    grant.addOIDCScope('openid');
    grant.addResourceScope(API_RESOURCE, 'openid');
    const grantId = await grant.save();
    organisationOfGrant.set(grantId, user.organisationId);
    await provider.interactionFinished(request, response, { login: { accountId: user.subject }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  log(`OpenID provider ready: ${issuer} (client ${clientId}, accounts: the directory's active users)`);
  return {
    issuer,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}

/**
 * Where the provider keeps its sessions, grants, codes and refresh tokens: in this process's memory,
 * each until it expires (a development provider keeps nothing across restarts).
 */
function memoryAdapters(): AdapterFactory {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  let writes = 0;
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) entries.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  };
  return (model: string): Adapter => {
    const key = (id: string): string => `${model}:${id}`;
    const matching = (test: (payload: AdapterPayload) => boolean): string[] =>
      [...entries.keys()].filter((k) => k.startsWith(`${model}:`) && live(k) !== undefined && test(entries.get(k)!.payload));
    return {
      async upsert(id, payload, expiresIn) {
        entries.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
        // Now and then, drop what expired unread.
        if (++writes % 200 === 0) for (const k of entries.keys()) live(k);
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        const [found] = matching((p) => p.uid === uid);
        return found ? live(found) : undefined;
      },
      async findByUserCode() {
        return undefined; // no device flow
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of [...entries.keys()]) if (entries.get(k)?.payload.grantId === grantId) entries.delete(k);
      },
    };
  };
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10_000) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const ORGANISATION_TYPE: Record<string, string> = {
  MUNICIPALITY: 'gemeente',
  CARE_PROVIDER: 'zorgaanbieder',
  SCHOOL: 'school',
  EMPLOYER: 'werkgever',
  PLATFORM: 'platformbeheer',
};

function signInPage(uid: string, search: string, users: SignInUser[]): string {
  const choices = users.length
    ? `<form method="post" action="/interaction/${uid}/login"><ul class="users" aria-label="Gebruikers">${users
        .map(
          (u) =>
            `<li><button type="submit" name="gebruiker" value="${escape(u.id)}">${escape(u.name)} – ${escape(u.organisationName)} (${escape(ORGANISATION_TYPE[u.organisationType] ?? u.organisationType)})</button></li>`,
        )
        .join('')}</ul></form>`
    : `<p role="status">Geen gebruikers gevonden${search ? ` voor ‘${escape(search)}’` : ''}.</p>`;
  return page(
    'Inloggen – ontwikkelomgeving',
    `<h1>Inloggen bij de ontwikkelomgeving</h1>
    <p>Deze identiteitsprovider is er alleen voor ontwikkeling en tests. Kies met welke gebruiker u inlogt; u gaat daarna terug naar de toepassing.</p>
    <form method="get" action="/interaction/${uid}" role="search" class="search">
      <label for="zoek">Zoek op naam of organisatie</label>
      <input id="zoek" name="zoek" type="search" value="${escape(search)}" autocomplete="off">
      <button type="submit">Zoeken</button>
    </form>
    <h2>Kies een gebruiker</h2>
    ${choices}
    <form method="post" action="/interaction/${uid}/abort"><button type="submit" class="secondary">Annuleren</button></form>`,
  );
}

function page(title: string, main: string): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f3f3f3; line-height: 1.5; }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem; background: #fff; min-height: 100vh; box-sizing: border-box; }
  h1 { font-size: 1.75rem; margin-top: 0; } h2 { font-size: 1.25rem; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input { font: inherit; padding: .5rem; border: 2px solid #555; border-radius: 4px; width: 100%; max-width: 20rem; box-sizing: border-box; }
  .search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; } .search label { flex-basis: 100%; margin: 0; }
  button { font: inherit; padding: .5rem 1rem; border-radius: 4px; border: 2px solid #00527c; background: #00527c; color: #fff; cursor: pointer; min-height: 44px; text-align: left; }
  button.secondary { background: #fff; color: #00527c; margin-top: 1rem; }
  .users { list-style: none; padding: 0; display: grid; gap: .5rem; } .users button { width: 100%; background: #fff; color: #00527c; }
  button:hover { text-decoration: underline; }
  :focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; box-shadow: 0 0 0 5px #ffbf47; }
  </style></head><body><main>${main}</main></body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
