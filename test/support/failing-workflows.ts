/**
 * A journey workflow whose every workflow task fails (as after a broken deploy): Temporal then
 * refuses Updates to it with "Workflow Task in failed state" until a fixed worker takes over.
 */
export async function journeyWorkflow(): Promise<never> {
  throw new Error('a broken deploy: this workflow task always fails');
}
