import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renewalTime, session } from './session';

const user = { userId: 'u1', name: 'Petra', organisationId: 'o1', organisationName: 'Gemeente', organisationType: 'MUNICIPALITY', roles: ['coordinator'] };

describe('the session', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sessionStorage.clear();
  });
  afterEach(() => {
    session.signOut();
    vi.useRealTimers();
  });

  it('renews a quarter of the token lifetime before it ends, at most a minute before', () => {
    expect(renewalTime(100_000, 20_000)).toBe(95_000);
    expect(renewalTime(1_000_000, 600_000)).toBe(940_000);
  });

  it('ends when its token expires without a way to renew, and tells the app so (which then asks to sign in)', () => {
    const changed = vi.fn();
    const unsubscribe = session.subscribe(changed);
    session.signIn('token-1', user, 30);
    expect(session.user()).toEqual(user);
    changed.mockClear();

    vi.advanceTimersByTime(29_000);
    expect(session.token()).toBe('token-1');
    expect(changed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_100);
    expect(session.token()).toBeUndefined();
    expect(session.user()).toBeUndefined();
    expect(changed).toHaveBeenCalled();
    unsubscribe();
  });
});
