/**
 * The yardstick: a bare workflow that accepts Updates and returns, with no NestJS, no
 * projection and no state machine. Bundled on its own and run on its own task queue.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const touchUpdate = defineUpdate<number, [unknown]>('bench.touch');

export interface BaselineInput {
  /** Completes after this many Updates; 0 waits until terminated. */
  updates: number;
}

export async function benchBaselineWorkflow(input: BaselineInput): Promise<number> {
  let seen = 0;
  setHandler(touchUpdate, () => ++seen);
  await condition(() => input.updates > 0 && seen >= input.updates);
  return seen;
}
