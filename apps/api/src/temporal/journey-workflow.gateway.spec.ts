import { QueryNotRegisteredError, ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { Environment } from '../../../../libs/config/src/environment';
import { completeTaskUpdate } from '../../../../libs/contracts/src/workflows/journey.messages';
import { ProblemException } from '../problem/problem';
import { JourneyWorkflowGateway } from './journey-workflow.gateway';

/** The answers the gateway gives for what Temporal's client throws (the table in libs/temporal/src/errors.ts, as HTTP). */
describe(JourneyWorkflowGateway.name, () => {
  let sut: JourneyWorkflowGateway;
  let thrown: unknown;

  beforeEach(() => {
    // A worker polls (its heartbeat is fresh); Temporal's address is never dialled: the calls below are stand-ins.
    const dataSource = { query: () => Promise.resolve([{ workers: 1, ago_ms: 100 }]) } as unknown as DataSource;
    const env = Object.assign(new Environment(), { TEMPORAL_ADDRESS: '127.0.0.1:1', DEPENDENCY_TIMEOUT_MS: 1000 });
    sut = new JourneyWorkflowGateway(env, dataSource);
    const journeys = (sut as unknown as { journeys: Record<string, unknown> & { client: { connection: Record<string, unknown> } } }).journeys;
    const fail = () => Promise.reject(thrown);
    Object.assign(journeys, { within: (_ms: number, fn: () => Promise<unknown>) => fn(), act: fail, taskContext: fail, start: fail });
    journeys.client.connection.withAbortSignal = (_signal: AbortSignal, fn: () => Promise<unknown>) => fn();
  });

  afterEach(() => sut.onModuleDestroy());

  /** The problem a call answers with, or the error it lets through (answered 500 by the problem filter). */
  async function answer(call: () => Promise<unknown>): Promise<{ status: number; retryAfter?: string; type?: string } | { passedOn: unknown }> {
    try {
      await call();
    } catch (error) {
      if (error instanceof ProblemException) return { status: error.problem.status, retryAfter: error.headers['Retry-After'], type: error.problem.type };
      return { passedOn: error };
    }
    throw new Error('the call succeeded');
  }
  const act = () => sut.act('c-1', completeTaskUpdate, { taskId: 'intake.accept#1', actor: { organisationId: 'o', userId: 'u' }, payload: {} }, 'complete:org:key');
  const read = () => sut.taskContext('c-1', 'intake.accept#1');

  it('an Update the server rejected because no worker processed it (not applied) is 503 with Retry-After, not 500', async () => {
    thrown = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "Workflow Update is rejected because it wasn't processed by worker.", nonRetryable: true }),
    );
    await expect(answer(act)).resolves.toEqual({ status: 503, retryAfter: '5', type: expect.stringMatching(/dependency-unavailable$/) });
  });

  it('a query the server cancelled (a dead or paused sticky worker: gRPC 1 CANCELLED) is 503 with Retry-After, not 500', async () => {
    thrown = new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('1 CANCELLED: context canceled'), { code: 1, details: 'context canceled' }) });
    await expect(answer(read)).resolves.toEqual({ status: 503, retryAfter: '5', type: expect.stringMatching(/dependency-unavailable$/) });
  });

  it("the workflow's own rejection keeps its status; a rejection of an unknown reason and an unknown query are bugs (500)", async () => {
    thrown = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'TASK_CLOSED', message: 'closed', nonRetryable: true }));
    await expect(answer(act)).resolves.toMatchObject({ status: 409, type: expect.stringMatching(/task-closed$/) });
    thrown = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'SOMETHING_NEW', message: 'x', nonRetryable: true }));
    await expect(answer(act)).resolves.toMatchObject({ status: 500 });
    thrown = new QueryNotRegisteredError('Query handler not registered', 3);
    await expect(answer(read)).resolves.toEqual({ passedOn: thrown });
  });
});
