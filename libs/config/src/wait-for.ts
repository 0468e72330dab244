export interface WaitForOptions {
  /** Whether an error means "not there yet" (retry) rather than a fault (give up at once). */
  retryable?: (error: unknown) => boolean;
  initialDelayMs?: number;
  maxDelayMs?: number;
  log: (message: string) => void;
}

/**
 * Calls `attempt` until it succeeds, waiting longer after each failure (up to maxDelayMs), and
 * says so in the log: a process started before its dependencies waits for them instead of exiting.
 */
export async function waitFor<T>(what: string, attempt: () => Promise<T>, options: WaitForOptions): Promise<T> {
  const { retryable = () => true, initialDelayMs = 500, maxDelayMs = 10_000, log } = options;
  let delay = initialDelayMs;
  for (let tries = 1; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 1) log(`${what} is reachable (after ${tries} attempts)`);
      return result;
    } catch (error) {
      if (!retryable(error)) throw error;
      log(`${what} is not reachable (${firstLine(error)}); trying again in ${(delay / 1000).toFixed(1)} s`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}
