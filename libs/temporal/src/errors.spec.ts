import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { isUnavailable } from './errors';

describe('isUnavailable: which Temporal failures become a retryable 503', () => {
  it('an Update call that ran out of time (an overloaded server) is retryable', () => {
    expect(isUnavailable(new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out or cancelled waiting for Update', { cause: new Error('deadline') }))).toBe(true);
  });

  it('gRPC UNAVAILABLE or DEADLINE_EXCEEDED, also deeper in the cause chain', () => {
    expect(isUnavailable(Object.assign(new Error('x'), { code: 14 }))).toBe(true);
    expect(isUnavailable(new Error('wrapped', { cause: Object.assign(new Error('y'), { code: 4 }) }))).toBe(true);
    expect(isUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:7233'))).toBe(true);
  });

  it('anything else is not', () => {
    expect(isUnavailable(new Error('workflow rejected the update'))).toBe(false);
    expect(isUnavailable(Object.assign(new Error('not found'), { code: 5 }))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});
