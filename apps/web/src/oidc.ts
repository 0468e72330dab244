/**
 * Sign-in at the configured OIDC issuer: authorization code with PKCE (S256) and state, for a
 * public client. What the return needs (the verifier, the state, the page to go back to) waits in
 * session storage; the code and state leave the address bar as soon as the app reads them, and the
 * token never enters a URL. When the issuer gives a refresh token, the session is renewed with it
 * before the access token expires (renewTokens; the issuer rotates it at each use).
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  code_challenge_methods_supported?: string[];
}

interface Pending {
  issuer: string;
  clientId: string;
  verifier: string;
  state: string;
  back: string;
}

const PENDING = 'placement.oidc';
/** Where the issuer sends the user back: a page of this app (WEB_APP_PAGES in apps/api/src/web-app.ts). */
export const RETURN_PATH = '/inloggen/terug';

/** Why a sign-in at the issuer did not complete, in a translation key; and the page it was to return to, when known. */
export class SignInError extends Error {
  constructor(
    readonly reason: 'denied' | 'state' | 'exchange' | 'issuer',
    readonly back?: string,
  ) {
    super(reason);
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function random(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer: string): Promise<Discovery> {
  try {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(String(response.status));
    return (await response.json()) as Discovery;
  } catch {
    throw new SignInError('issuer');
  }
}

/** What the token endpoint gave: the access token, how long it lasts, and a refresh token when the issuer renews sessions. */
export interface Tokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

/** A request to the issuer's token endpoint (a public client: no secret), or why it gave no access token. */
async function tokenRequest(issuer: string, parameters: Record<string, string>): Promise<Tokens> {
  const discovery = await discover(issuer);
  let response: Response;
  try {
    response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(parameters),
    });
  } catch {
    throw new SignInError('issuer');
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; refresh_token?: string };
  if (!response.ok || !body.access_token) throw new SignInError('exchange');
  return { accessToken: body.access_token, expiresIn: body.expires_in ?? 300, ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}) };
}

/** A session's new tokens for its refresh token (the issuer answers with a new refresh token too). */
export function renewTokens(renewal: { issuer: string; clientId: string; refreshToken: string }): Promise<Tokens> {
  return tokenRequest(renewal.issuer, { grant_type: 'refresh_token', refresh_token: renewal.refreshToken, client_id: renewal.clientId });
}

const redirectUri = () => `${location.origin}${RETURN_PATH}`;

/** Goes to the issuer's sign-in page; after it, the app returns to `back`. */
export async function beginSignIn(config: OidcConfig, back: string): Promise<void> {
  const discovery = await discover(config.issuer);
  const verifier = random();
  const state = random();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: Pending = { issuer: config.issuer, clientId: config.clientId, verifier, state, back };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * The issuer sent the user back: takes code and state out of the address bar, checks the state,
 * and exchanges the code (with the verifier) for an access token at the token endpoint.
 */
export async function completeSignIn(): Promise<Tokens & { back: string; issuer: string; clientId: string }> {
  const params = new URLSearchParams(location.search);
  history.replaceState(history.state, '', RETURN_PATH);
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const ours = !!pending && params.get('state') === pending.state;
  if (params.get('error')) throw new SignInError('denied', ours ? pending.back : undefined);
  const code = params.get('code');
  if (!ours || !code) throw new SignInError('state');
  try {
    const tokens = await tokenRequest(pending.issuer, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    });
    return { ...tokens, back: pending.back, issuer: pending.issuer, clientId: pending.clientId };
  } catch (error) {
    // Signing in again returns to the same page.
    throw error instanceof SignInError ? new SignInError(error.reason, pending.back) : error;
  }
}
