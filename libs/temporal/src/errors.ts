/** What a failed call to Temporal means: retry (unavailable), a rejection by the workflow, or no such workflow. */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) at any depth of the cause chain, or an Update
 * whose call ran out of time (an overloaded server): all retryable with the same key.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 14 || e.code === 4) return true;
    if (e instanceof Error && /ECONNREFUSED|UNAVAILABLE|DEADLINE_EXCEEDED|Failed to connect/i.test(e.message)) return true;
  }
  return false;
}

/** Temporal refuses an Update while the workflow's last workflow task failed (FAILED_PRECONDITION, WorkflowNotReady). */
export function isWorkflowNotReady(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.message === 'string' && /workflow task in failed state|WorkflowNotReady/i.test(e.message)) return true;
  }
  return false;
}

/** Nothing listens at Temporal's address (as opposed to a call that ran out of time). */
export function isRefused(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 14 || (typeof e.message === 'string' && /ECONNREFUSED|Failed to connect|UNAVAILABLE/i.test(e.message))) return true;
  }
  return false;
}

export function isWorkflowNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError;
}

/** The workflow's rejection of an Update (its validator's or handler's ApplicationFailure), if that is what failed. */
export function updateRejection(error: unknown): ApplicationFailure | undefined {
  return error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? error.cause : undefined;
}
