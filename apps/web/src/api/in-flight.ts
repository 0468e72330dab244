/**
 * How many requests to the API are under way (page loads and sends alike), for the "busy" notice;
 * kept outside React so the API client counts each request once, wherever it was started.
 */
let count = 0;
const listeners = new Set<() => void>();

function changed(by: number): void {
  count += by;
  for (const listener of listeners) listener();
}

export const inFlight = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  count: (): number => count,
  /** Counts `call` while it is under way. */
  async track<T>(call: Promise<T>): Promise<T> {
    changed(1);
    try {
      return await call;
    } finally {
      changed(-1);
    }
  },
};
