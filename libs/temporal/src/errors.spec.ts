import {
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, NamespaceNotFoundError } from '@temporalio/common';
import { RETRYABLE, isUnavailable, isWorkflowNotFound, temporalFailure, updateRejection, type TemporalFailureKind } from './errors';

/** A gRPC error as @grpc/grpc-js gives it ("<code> <NAME>: <details>"), as the client wraps it (ServiceError with the cause). */
function grpcError(code: number, details = 'details'): Error {
  return Object.assign(new Error(`${code} X: ${details}`), { code, details, metadata: {} });
}
const wrapped = (code: number, details?: string) => new ServiceError('Failed to query Workflow', { cause: grpcError(code, details) });

describe('temporalFailure: what every error of the Temporal client and server means', () => {
  // Every gRPC status code, bare and wrapped as the client throws it (ServiceError with the gRPC error as its cause).
  const byCode: [number, string, TemporalFailureKind][] = [
    [0, 'OK', 'BUG'],
    [1, 'CANCELLED (a query to a dead or paused sticky worker)', 'NO_ANSWER'],
    [2, 'UNKNOWN', 'SERVER'],
    [3, 'INVALID_ARGUMENT', 'BUG'],
    [4, 'DEADLINE_EXCEEDED', 'NO_ANSWER'],
    [5, 'NOT_FOUND', 'NOT_FOUND'],
    [6, 'ALREADY_EXISTS', 'ALREADY_STARTED'],
    [7, 'PERMISSION_DENIED', 'CREDENTIALS'],
    [8, 'RESOURCE_EXHAUSTED', 'BUSY'],
    [9, 'FAILED_PRECONDITION', 'BUSY'],
    [10, 'ABORTED', 'BUSY'],
    [11, 'OUT_OF_RANGE', 'BUSY'],
    [12, 'UNIMPLEMENTED', 'SERVER'],
    [13, 'INTERNAL', 'SERVER'],
    [14, 'UNAVAILABLE', 'UNREACHABLE'],
    [15, 'DATA_LOSS', 'SERVER'],
    [16, 'UNAUTHENTICATED', 'CREDENTIALS'],
  ];
  it.each(byCode)('gRPC %i %s is %s, bare, wrapped and deeper in the cause chain', (code, _name, kind) => {
    expect(temporalFailure(grpcError(code)).kind).toBe(kind);
    expect(temporalFailure(wrapped(code)).kind).toBe(kind);
    expect(temporalFailure(new Error('outer', { cause: wrapped(code) })).kind).toBe(kind);
  });

  it("the client's own error classes", () => {
    const cases: [unknown, TemporalFailureKind][] = [
      [new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out or cancelled waiting for Update', { cause: grpcError(4) }), 'NO_ANSWER'],
      [new WorkflowUpdateRPCTimeoutOrCancelledError('cancelled', { cause: new CancelledFailure('cancelled') }), 'NO_ANSWER'],
      [new WorkflowNotFoundError('workflow not found', 'journey-x', undefined), 'NOT_FOUND'],
      [new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'journey-x', 'journeyWorkflow'), 'ALREADY_STARTED'],
      [new NamespaceNotFoundError('placement'), 'NAMESPACE'],
      // We never set a query reject condition; an unknown query name or a query handler that threw (both INVALID_ARGUMENT) is ours.
      [new QueryRejectedError(2), 'BUG'],
      [new QueryNotRegisteredError('Query handler for taskContext is not registered', 3), 'BUG'],
      [new WorkflowUpdateFailedError('Workflow Update failed', new CancelledFailure('x')), 'BUG'],
      [new WorkflowUpdateFailedError('Workflow Update failed', undefined), 'BUG'],
    ];
    for (const [error, kind] of cases) expect(temporalFailure(error).kind).toBe(kind);
  });

  it("the server's Update failures: not processed by a worker (not applied), or the run ended first: both retryable", () => {
    const unprocessed = ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "Workflow Update is rejected because it wasn't processed by worker.", nonRetryable: true });
    const ended = ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', message: 'Workflow Update failed because the Workflow completed before the Update completed.', nonRetryable: true });
    expect(temporalFailure(new WorkflowUpdateFailedError('Workflow Update failed', unprocessed))).toEqual({ kind: 'UNPROCESSED' });
    expect(temporalFailure(new WorkflowUpdateFailedError('Workflow Update failed', ended))).toEqual({ kind: 'UPDATE_ABORTED' });
    expect(isUnavailable(new WorkflowUpdateFailedError('Workflow Update failed', unprocessed))).toBe(true);
    expect(updateRejection(new WorkflowUpdateFailedError('Workflow Update failed', unprocessed))).toBeUndefined();
  });

  it("the workflow's own rejection carries its failure (reason and field errors)", () => {
    const failure = ApplicationFailure.create({ type: 'TASK_CLOSED', message: 'closed', nonRetryable: true, details: [{ fieldErrors: [] }] });
    const error = new WorkflowUpdateFailedError('Workflow Update failed', failure);
    expect(temporalFailure(error)).toEqual({ kind: 'REJECTED', rejection: failure });
    expect(updateRejection(error)).toBe(failure);
    expect(isUnavailable(error)).toBe(false);
  });

  it('a workflow whose workflow task keeps failing is not ready, whatever the code', () => {
    expect(temporalFailure(wrapped(9, 'Cannot query workflow due to Workflow Task in failed state.')).kind).toBe('NOT_READY');
    expect(temporalFailure(grpcError(9, 'Unable to perform workflow execution update due to unexpected workflow task failure. WorkflowNotReady')).kind).toBe('NOT_READY');
  });

  it('a connection that cannot be made, without a gRPC code', () => {
    expect(temporalFailure(new Error('connect ECONNREFUSED 127.0.0.1:7233')).kind).toBe('UNREACHABLE');
    expect(temporalFailure(new Error('Failed to connect before the deadline')).kind).toBe('UNREACHABLE');
  });

  it('anything else is a bug of ours (a 500, logged)', () => {
    expect(temporalFailure(new Error('workflow rejected the update')).kind).toBe('BUG');
    expect(temporalFailure(new TypeError('Invalid response from server')).kind).toBe('BUG');
    expect(temporalFailure(undefined).kind).toBe('BUG');
    expect(temporalFailure('a string').kind).toBe('BUG');
  });

  it('retryable (503 with Retry-After) is every kind but a missing workflow, a taken id, a rejection and a bug', () => {
    const all: TemporalFailureKind[] = ['UNREACHABLE', 'NO_ANSWER', 'NOT_READY', 'UNPROCESSED', 'UPDATE_ABORTED', 'BUSY', 'SERVER', 'CREDENTIALS', 'NAMESPACE', 'NOT_FOUND', 'ALREADY_STARTED', 'REJECTED', 'BUG'];
    expect(all.filter((k) => !RETRYABLE.has(k))).toEqual(['NOT_FOUND', 'ALREADY_STARTED', 'REJECTED', 'BUG']);
    expect(isWorkflowNotFound(wrapped(5))).toBe(true);
    expect(isWorkflowNotFound(wrapped(14))).toBe(false);
  });
});
