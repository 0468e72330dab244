/**
 * Sends a command the way the API asks to be retried: a 503 (a dependency did not answer in time)
 * or a connection that failed is sent again, unchanged, so with the same Idempotency-Key, after a
 * growing pause, until it gets another answer or the time is up. The command then has its effect
 * exactly once, however many attempts it took.
 */
export interface RetryPolicy {
  /** How long to keep trying, from the first attempt. */
  timeoutMs: number;
  /** The first pause; each next one doubles, up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Told before each pause: what the attempt got and how long the pause is. */
  onRetry?: (retry: { attempt: number; answer: string; delayMs: number; elapsedMs: number }) => void;
}

export class CommandTimedOut extends Error {}

export async function sendCommand(send: () => Promise<Response>, policy: RetryPolicy): Promise<Response> {
  const started = Date.now();
  const initial = policy.initialDelayMs ?? 1000;
  const max = policy.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    let answer: string;
    try {
      const response = await send();
      if (response.status !== 503) return response;
      answer = `503 ${await problemDetail(response)}`;
    } catch (error) {
      answer = `no answer (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`;
    }
    const elapsedMs = Date.now() - started;
    const delayMs = Math.min(max, initial * 2 ** (attempt - 1), policy.timeoutMs - elapsedMs);
    if (delayMs <= 0) throw new CommandTimedOut(`${answer}; still so after ${attempt} attempts in ${Math.round(elapsedMs / 1000)} s`);
    policy.onRetry?.({ attempt, answer, delayMs, elapsedMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

async function problemDetail(response: Response): Promise<string> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { detail?: string }).detail ?? text;
  } catch {
    return text;
  }
}
