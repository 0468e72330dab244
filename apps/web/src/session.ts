/**
 * Who is signed in: the bearer token and the user, in session storage only (never in a URL).
 * A 401 ends the session and leads to sign-in, which returns to the page the user was on.
 */
export interface SignedInUser {
  userId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationType: string;
  roles: string[];
}

const KEY = 'placement.session';
type Listener = () => void;
const listeners = new Set<Listener>();

interface Stored {
  token: string;
  user: SignedInUser;
  expiresAt: number;
}

let cache: { raw: string | null; stored: Stored | undefined } = { raw: null, stored: undefined };

/** The stored session, the same object while storage is unchanged (React's useSyncExternalStore needs that). */
function read(): Stored | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw !== cache.raw) cache = { raw, stored: raw ? (JSON.parse(raw) as Stored) : undefined };
    return cache.stored && cache.stored.expiresAt > Date.now() ? cache.stored : undefined;
  } catch {
    return undefined;
  }
}

export const session = {
  token: (): string | undefined => read()?.token,
  user: (): SignedInUser | undefined => read()?.user,
  signIn(token: string, user: SignedInUser, expiresInSeconds: number): void {
    sessionStorage.setItem(KEY, JSON.stringify({ token, user, expiresAt: Date.now() + expiresInSeconds * 1000 }));
    listeners.forEach((l) => l());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  /** The API answered 401: sign in again, then back here. */
  expired(): void {
    sessionStorage.removeItem(KEY);
    const back = `${location.pathname}${location.search}`;
    location.assign(`/inloggen?terug=${encodeURIComponent(back)}`);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
