import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * Moves focus to the page's heading after a route change, so screen readers hear the new page;
 * not on the first page, and not when the user has already moved on into the new page (on a slow
 * device the 50 ms can pass late, and a heading that took the focus back would swallow what the
 * user was typing into a field).
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
    const timer = setTimeout(() => {
      const now = document.activeElement;
      if (now && now !== left && now !== document.body) return;
      document.querySelector<HTMLElement>('main h1')?.focus();
    }, 50);
    return () => clearTimeout(timer);
  }, [location.pathname]);
}
