import { useSyncExternalStore } from 'react';
import { session } from '../session';

/** The signed-in user (none when signed out), kept current as the session changes: the app shell and the pages read it here. */
export function useUser() {
  return useSyncExternalStore(session.subscribe, session.user, session.user);
}
