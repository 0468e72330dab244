import { useCallback, useState } from 'react';

/**
 * The fields a user changed since the last submit: their errors (from the form's own check or the
 * API's answer) no longer apply to what the field holds now, so they are hidden until the next
 * submit checks again.
 */
export function useCorrectedFields() {
  const [changed, setChanged] = useState<ReadonlySet<string>>(() => new Set());
  const change = useCallback((name: string) => setChanged((prev) => (prev.has(name) ? prev : new Set(prev).add(name))), []);
  const submitted = useCallback(() => setChanged(new Set()), []);
  /** The errors of the fields not changed since the last submit. */
  const open = <T>(errors: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(errors).filter(([name]) => !changed.has(name)));
  return { change, submitted, open };
}
