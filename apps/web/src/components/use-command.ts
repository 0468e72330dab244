import { useRef, useState } from 'react';
import { ProblemError } from '../api/client';

/**
 * A command with one Idempotency-Key per submission: the key is made when a submission starts
 * and kept across retries (a double click or "try again" after a 503 has one effect); a
 * different request (other values) gets a new key, and so does the next one after a success.
 */
export function useCommand<TInput, TResult>(send: (input: TInput, idempotencyKey: string) => Promise<TResult>) {
  const pending = useRef<{ body: string; key: string } | undefined>(undefined);
  const inFlight = useRef(false);
  const [state, setState] = useState<{ busy: boolean; done?: boolean; error?: ProblemError; result?: TResult; lastInput?: TInput }>({ busy: false });

  async function run(input: TInput): Promise<TResult | undefined> {
    if (inFlight.current) return undefined;
    const body = JSON.stringify(input);
    if (!pending.current || pending.current.body !== body) pending.current = { body, key: crypto.randomUUID() };
    inFlight.current = true;
    setState({ busy: true, lastInput: input });
    try {
      const result = await send(input, pending.current.key);
      pending.current = undefined;
      setState({ busy: false, done: true, result, lastInput: input });
      return result;
    } catch (error) {
      const problem = error instanceof ProblemError ? error : new ProblemError(0, {});
      // A refused request (4xx but 409/503) needs other input: the next try is a new submission.
      if (!problem.retryable && problem.status !== 409) pending.current = undefined;
      setState({ busy: false, error: problem, lastInput: input });
      return undefined;
    } finally {
      inFlight.current = false;
    }
  }

  const retry = () => (state.lastInput !== undefined ? run(state.lastInput) : Promise.resolve(undefined));
  return { ...state, run, retry, key: () => pending.current?.key };
}
