import { useEffect, useRef, type ReactNode } from 'react';

/**
 * What a successful send says, announced as a status and focused when it appears: the form or
 * button the user was on is often gone after the send, and the focus with it.
 */
export function Confirmation({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} role="status" tabIndex={-1} className={className}>
      {children}
    </div>
  );
}
