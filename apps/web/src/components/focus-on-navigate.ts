import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** How long a new page may take to show its heading (its data loading on a slow line). */
const HEADING_WAIT_MS = 60_000;

/**
 * Moves focus to the page's heading after a route change, so screen readers hear the new page;
 * not on the first page, and not when the user has already moved on into the new page (on a slow
 * device the 50 ms can pass late, and a heading that took the focus back would swallow what the
 * user was typing into a field). A page that loads its data first shows its heading later: the
 * focus goes to it when it appears, on the same condition.
 */
export function useFocusOnNavigate(): void {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const left = document.activeElement;
    let observer: MutationObserver | undefined;
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      observer?.disconnect();
      clearTimeout(giveUp);
    };
    /** True when done: the heading took the focus, or the user moved it elsewhere. */
    const tryFocus = (): boolean => {
      const now = document.activeElement;
      if (now && now !== left && now !== document.body) return true;
      const heading = document.querySelector<HTMLElement>('main h1');
      heading?.focus();
      return heading !== null;
    };
    const timer = setTimeout(() => {
      if (tryFocus()) return;
      observer = new MutationObserver(() => {
        if (tryFocus()) stop();
      });
      observer.observe(document.body, { childList: true, subtree: true });
      giveUp = setTimeout(stop, HEADING_WAIT_MS);
    }, 50);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [location.pathname]);
}
