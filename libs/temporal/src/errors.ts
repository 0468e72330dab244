/**
 * What a failed call to Temporal means, for every error its client and server can give to a
 * start, an Update, a query or a signal: one table (`temporalFailure`), which the API turns into
 * its answers (README, "Crash safety": a 500 is only ever a bug of ours).
 */
import {
  QueryNotRegisteredError,
  QueryRejectedError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, NamespaceNotFoundError } from '@temporalio/common';

export type TemporalFailureKind =
  /** Nothing answers at Temporal's address, or the connection to it fails (gRPC UNAVAILABLE, refused). */
  | 'UNREACHABLE'
  /** The call got no answer in time or was cancelled (DEADLINE_EXCEEDED, CANCELLED): a dead or paused worker, a busy server. */
  | 'NO_ANSWER'
  /** The workflow's last workflow task failed and is being retried (FAILED_PRECONDITION, WorkflowNotReady). */
  | 'NOT_READY'
  /** The server rejected an Update that no worker processed ("UnprocessedUpdate"): it was not applied. */
  | 'UNPROCESSED'
  /** An accepted Update whose run closed or continued as new before it completed ("AcceptedUpdateCompletedWorkflow"). */
  | 'UPDATE_ABORTED'
  /** Temporal is over a limit or aborted the call (RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, other FAILED_PRECONDITION). */
  | 'BUSY'
  /** Temporal failed in itself (UNKNOWN, INTERNAL, DATA_LOSS, UNIMPLEMENTED: an older server). */
  | 'SERVER'
  /** Temporal refused the API's credentials (UNAUTHENTICATED, PERMISSION_DENIED). */
  | 'CREDENTIALS'
  /** The configured namespace does not exist on the server. */
  | 'NAMESPACE'
  /** No such workflow (NOT_FOUND). */
  | 'NOT_FOUND'
  /** A start found a workflow of the same id it may not reuse (ALREADY_EXISTS). */
  | 'ALREADY_STARTED'
  /** The workflow's own rejection of an Update (its validator's or handler's ApplicationFailure). */
  | 'REJECTED'
  /** The request was wrong (INVALID_ARGUMENT, an unknown query, a failing query handler) or the error is unknown: a bug of ours. */
  | 'BUG';

export interface TemporalFailure {
  kind: TemporalFailureKind;
  /** The workflow's rejection, for REJECTED. */
  rejection?: ApplicationFailure;
}

/** The gRPC status codes (as @grpc/grpc-js numbers them) and what each means here. */
const BY_GRPC_CODE: Record<number, TemporalFailureKind> = {
  0: 'BUG', // OK is never an error
  1: 'NO_ANSWER', // CANCELLED: the server gave up waiting (a query to a dead sticky worker), or the call was aborted
  2: 'SERVER', // UNKNOWN
  3: 'BUG', // INVALID_ARGUMENT: our request
  4: 'NO_ANSWER', // DEADLINE_EXCEEDED
  5: 'NOT_FOUND', // NOT_FOUND
  6: 'ALREADY_STARTED', // ALREADY_EXISTS
  7: 'CREDENTIALS', // PERMISSION_DENIED
  8: 'BUSY', // RESOURCE_EXHAUSTED: rate limits, too many Updates in flight
  9: 'BUSY', // FAILED_PRECONDITION (but a failed workflow task: NOT_READY)
  10: 'BUSY', // ABORTED
  11: 'BUSY', // OUT_OF_RANGE
  12: 'SERVER', // UNIMPLEMENTED: a server older than the client
  13: 'SERVER', // INTERNAL
  14: 'UNREACHABLE', // UNAVAILABLE
  15: 'SERVER', // DATA_LOSS
  16: 'CREDENTIALS', // UNAUTHENTICATED
};

/** The server's failures of an Update that say nothing about the workflow's own rules (service/history/workflow/update). */
const SERVER_UPDATE_FAILURES: Record<string, TemporalFailureKind> = {
  UnprocessedUpdate: 'UNPROCESSED',
  AcceptedUpdateCompletedWorkflow: 'UPDATE_ABORTED',
};

/** What a failed call to Temporal means (the one table; see TemporalFailureKind). */
export function temporalFailure(error: unknown): TemporalFailure {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (!(cause instanceof ApplicationFailure)) return { kind: 'BUG' };
    const serverKind = cause.type ? SERVER_UPDATE_FAILURES[cause.type] : undefined;
    return serverKind ? { kind: serverKind } : { kind: 'REJECTED', rejection: cause };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { kind: 'NO_ANSWER' };
  if (error instanceof WorkflowNotFoundError) return { kind: 'NOT_FOUND' };
  if (error instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'ALREADY_STARTED' };
  if (error instanceof NamespaceNotFoundError) return { kind: 'NAMESPACE' };
  // We never ask for a query to be rejected on a closed workflow; an unknown query or a failing handler is ours.
  if (error instanceof QueryRejectedError || error instanceof QueryNotRegisteredError) return { kind: 'BUG' };
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const message = typeof e.message === 'string' ? e.message : '';
    if (/workflow task in failed state|WorkflowNotReady/i.test(message)) return { kind: 'NOT_READY' };
    if (typeof e.code === 'number' && BY_GRPC_CODE[e.code]) return { kind: BY_GRPC_CODE[e.code] };
    if (/ECONNREFUSED|Failed to connect/i.test(message)) return { kind: 'UNREACHABLE' };
  }
  return { kind: 'BUG' };
}

/** Every kind a retry with the same key may get through: the API answers 503 with Retry-After. */
export const RETRYABLE: ReadonlySet<TemporalFailureKind> = new Set([
  'UNREACHABLE',
  'NO_ANSWER',
  'NOT_READY',
  'UNPROCESSED',
  'UPDATE_ABORTED',
  'BUSY',
  'SERVER',
  'CREDENTIALS',
  'NAMESPACE',
]);

/** Retryable with the same key: the API answers 503 (see RETRYABLE). */
export function isUnavailable(error: unknown): boolean {
  return RETRYABLE.has(temporalFailure(error).kind);
}

export function isWorkflowNotFound(error: unknown): boolean {
  return temporalFailure(error).kind === 'NOT_FOUND';
}

/** The workflow's rejection of an Update (its validator's or handler's ApplicationFailure), if that is what failed. */
export function updateRejection(error: unknown): ApplicationFailure | undefined {
  return temporalFailure(error).rejection;
}
