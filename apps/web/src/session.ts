import { renewTokens, SignInError, type Tokens } from './oidc';

/**
 * Who is signed in: the bearer token and the user, in session storage only (never in a URL).
 * A session from the OIDC issuer is renewed with its refresh token before the access token
 * expires; one that ends anyway (the issuer refused to renew, or gave no refresh token), or that
 * the API answers with 401, leads to sign-in, which returns to the page the user was on.
 */
export interface SignedInUser {
  userId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  roles: string[];
}

/** How to renew a session at the issuer that signed it in. */
export interface Renewal {
  issuer: string;
  clientId: string;
  refreshToken: string;
}

const KEY = 'placement.session';
type Listener = () => void;
const listeners = new Set<Listener>();

interface Stored {
  token: string;
  user: SignedInUser;
  expiresAt: number;
  /** How long the access token lasted when it was issued (ms): renewal starts a while before its end. */
  lifetimeMs: number;
  renewal?: Renewal;
}

let cache: { raw: string | null; stored: Stored | undefined } = { raw: null, stored: undefined };

/** The stored session, also when its token has expired; the same object while storage is unchanged. */
function stored(): Stored | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw !== cache.raw) cache = { raw, stored: raw ? (JSON.parse(raw) as Stored) : undefined };
    return cache.stored;
  } catch {
    return undefined;
  }
}

/** The session while its token is valid (React's useSyncExternalStore needs the same object while nothing changed). */
function read(): Stored | undefined {
  const current = stored();
  return current && current.expiresAt > Date.now() ? current : undefined;
}

function write(next: Stored | undefined): void {
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  schedule();
  listeners.forEach((l) => l());
}

/** When to renew a token that expires at `expiresAt` and lasted `lifetimeMs`: a quarter of its life before, at most a minute. */
export function renewalTime(expiresAt: number, lifetimeMs: number): number {
  return expiresAt - Math.min(60_000, lifetimeMs / 4);
}

const withTokens = (session: Stored, tokens: Tokens): Stored => ({
  ...session,
  token: tokens.accessToken,
  expiresAt: Date.now() + tokens.expiresIn * 1000,
  lifetimeMs: tokens.expiresIn * 1000,
  ...(session.renewal ? { renewal: { ...session.renewal, refreshToken: tokens.refreshToken ?? session.renewal.refreshToken } } : {}),
});

let timer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<void> | undefined;

/** Renews the session now; when the issuer cannot be reached, tries again shortly while the token lasts. */
function renew(): Promise<void> {
  renewing ??= (async () => {
    const session = stored();
    if (!session?.renewal) return;
    try {
      const tokens = await renewTokens(session.renewal);
      // Signed out or signed in anew meanwhile: that session stays as it is.
      if (stored()?.renewal?.refreshToken === session.renewal.refreshToken) write(withTokens(session, tokens));
    } catch (error) {
      const refused = error instanceof SignInError && error.reason === 'exchange';
      // Refused (the sign-in ended, or the user was deactivated): no more renewals; the session runs out.
      if (refused && stored() === session) write({ ...session, renewal: undefined });
      else if (stored() === session) timer = setTimeout(() => void renew(), 5000);
    }
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/** Plans the next event of the stored session: its renewal, or its end (then the app asks to sign in again). */
function schedule(): void {
  clearTimeout(timer);
  timer = undefined;
  const session = stored();
  if (!session) return;
  const now = Date.now();
  if (session.renewal) {
    const at = renewalTime(session.expiresAt, session.lifetimeMs);
    timer = setTimeout(() => void renew(), Math.max(0, at - now));
  } else if (session.expiresAt > now) {
    timer = setTimeout(() => listeners.forEach((l) => l()), session.expiresAt - now + 50);
  }
}

export const session = {
  token: (): string | undefined => read()?.token,
  user: (): SignedInUser | undefined => read()?.user,
  signIn(token: string, user: SignedInUser, expiresInSeconds: number, renewal?: Renewal): void {
    write({ token, user, expiresAt: Date.now() + expiresInSeconds * 1000, lifetimeMs: expiresInSeconds * 1000, ...(renewal ? { renewal } : {}) });
  },
  signOut(): void {
    write(undefined);
  },
  /** The API answered 401: sign in again, then back here. */
  expired(): void {
    sessionStorage.removeItem(KEY);
    clearTimeout(timer);
    const back = `${location.pathname}${location.search}`;
    location.assign(`/inloggen?terug=${encodeURIComponent(back)}`);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

if (typeof window !== 'undefined') {
  // A session kept over a reload renews on time; a tab back in view catches up on a renewal its throttled timers missed.
  schedule();
  document.addEventListener('visibilitychange', () => {
    const current = stored();
    if (document.visibilityState === 'visible' && current?.renewal && Date.now() >= renewalTime(current.expiresAt, current.lifetimeMs)) void renew();
  });
}
