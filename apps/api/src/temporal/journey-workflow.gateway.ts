import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { TypedSearchAttributes, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { CommandResult, RejectionReason, TaskContext } from '../../../../libs/domain/src/engine';
import { DEFAULT_POLICY, scalePolicy } from '../../../../libs/domain/src/policy';
import type { FieldError } from '../../../../libs/domain/src/schema';
import { Environment } from '../../../../libs/config/src/environment';
import { WORKER_HEARTBEAT_FRESH_MS, WorkerHeartbeatsRepository } from '../../../../libs/database/src/repositories/worker-heartbeats.repository';
import { journeyWorkflowId, type JourneyInput, type JourneySnapshot } from '../../../../libs/domain/src/journey';
import type { journeyWorkflow } from '../../../../workflows/journey/journey.workflow';
import { JOURNEY_WORKFLOW_TYPE, getJourneyQuery, syncJourneyUpdate, taskContextQuery } from '../../../../workflows/journey/journey.messages';
import { ProblemException } from '../problem/problem';

const JourneyStepKey = defineSearchAttributeKey('JourneyStep', SearchAttributeType.KEYWORD);
const MunicipalityKey = defineSearchAttributeKey('MunicipalityId', SearchAttributeType.KEYWORD);
const CareProviderKey = defineSearchAttributeKey('CareProviderId', SearchAttributeType.KEYWORD);

/** The API's one door to Temporal: one HTTP call of a party becomes one message to one workflow. */
@Injectable()
export class JourneyWorkflowGateway implements OnModuleDestroy {
  readonly connection: Connection;
  private readonly client: Client;
  private readonly logger = new Logger('Temporal');
  readonly workers: WorkerHeartbeatsRepository;

  constructor(
    private readonly env: Environment,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS, connectTimeout: env.DEPENDENCY_TIMEOUT_MS });
    this.client = new Client({ connection: this.connection, namespace: env.TEMPORAL_NAMESPACE });
    this.workers = new WorkerHeartbeatsRepository(dataSource);
  }

  /**
   * Starts the journey unless it runs already (the same candidate never gets two), and returns
   * its state once projected. Safe to repeat: a retry reaches the same workflow.
   */
  async startJourney(input: JourneyInput): Promise<JourneySnapshot> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof journeyWorkflow>(JOURNEY_WORKFLOW_TYPE, {
      workflowId: journeyWorkflowId(input.candidateId),
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      args: [this.env.JOURNEY_TIME_SCALE === 1 ? input : { ...input, policy: scalePolicy(DEFAULT_POLICY, this.env.JOURNEY_TIME_SCALE) }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: JourneyStepKey, value: 'CONNECT' },
        { key: MunicipalityKey, value: input.municipalityId },
        ...(input.careProviderId ? [{ key: CareProviderKey, value: input.careProviderId }] : []),
      ]),
    });
    return this.call('start the journey', () =>
      this.client.workflow.executeUpdateWithStart(syncJourneyUpdate, { startWorkflowOperation }),
    );
  }

  /** The workflow's own view of a journey, or undefined when there is none. */
  async describeJourney(candidateId: string): Promise<JourneySnapshot | undefined> {
    try {
      return await this.call('read the journey', () =>
        this.client.workflow.getHandle(journeyWorkflowId(candidateId)).query(getJourneyQuery),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * One act of a party as one Update to one workflow. The Update ID makes a retry have one effect;
   * a rejection comes back as a problem with the workflow's reason.
   */
  async act<A>(candidateId: string, update: UpdateDefinition<CommandResult, [A]>, args: A, updateId: string): Promise<CommandResult> {
    try {
      return await this.call('record this', () =>
        this.client.workflow.getHandle(journeyWorkflowId(candidateId)).executeUpdate(update, { args: [args], updateId }),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw await this.closedOrMissing(candidateId);
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) throw rejectionProblem(error.cause);
      throw error;
    }
  }

  /** An Update found no running workflow: the journey has ended (409), or never was (404). */
  private async closedOrMissing(candidateId: string): Promise<ProblemException> {
    try {
      const { status } = await this.call('read the journey', () => this.client.workflow.getHandle(journeyWorkflowId(candidateId)).describe());
      return ProblemException.conflict(
        'https://placement-engine.nl/problems/journey-closed',
        `The journey has ended (${status.name.toLowerCase()}); nothing can change it.`,
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
      throw error;
    }
  }

  /** The workflow's own context for a task (a detail view may ask the workflow; lists read PostgreSQL). */
  async taskContext(candidateId: string, taskId: string): Promise<TaskContext | undefined> {
    try {
      return await this.call('read the task', () => this.client.workflow.getHandle(journeyWorkflowId(candidateId)).query(taskContextQuery, taskId));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /** True when the Temporal frontend answers within the dependency timeout. */
  async ping(): Promise<void> {
    await this.connection.withDeadline(Date.now() + this.env.DEPENDENCY_TIMEOUT_MS, () =>
      this.connection.workflowService.getSystemInfo({}),
    );
  }

  /**
   * Bounds a call in time; whatever keeps it from an answer becomes a 503 problem that names the
   * cause (and a log line that does), never a hang or a 500.
   */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.connection.withDeadline(Date.now() + this.env.DEPENDENCY_TIMEOUT_MS, fn);
    } catch (error) {
      const cause = isWorkflowNotReady(error)
        ? "The journey's workflow is retrying a failed workflow task (Temporal: workflow not ready)."
        : isUnavailable(error)
          ? await this.whyUnanswered(what, error)
          : undefined;
      if (!cause) throw error;
      this.logger.warn(`Could not ${what}: ${cause} (${firstLine(error)})`);
      throw ProblemException.unavailableBecause(cause);
    }
  }

  /** Temporal refused or timed out: tell a dead Temporal from a missing worker or PostgreSQL. */
  private async whyUnanswered(what: string, error: unknown): Promise<string> {
    if (isRefused(error)) return `Temporal is not reachable (needed to ${what}).`;
    const seen = await this.workers.seen(this.env.TEMPORAL_TASK_QUEUE).catch(() => undefined);
    if (!seen) return `PostgreSQL is not reachable (needed to ${what}: the journey's projection writes to it).`;
    if (!seen.workers) {
      const last = seen.lastSeenMsAgo === undefined ? 'never' : `${Math.round(seen.lastSeenMsAgo / 1000)} s ago`;
      return `No worker is processing journeys (task queue ${this.env.TEMPORAL_TASK_QUEUE}: none seen within ${WORKER_HEARTBEAT_FRESH_MS / 1000} s, last ${last}).`;
    }
    return `Temporal did not answer in time (needed to ${what}).`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

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
function isRefused(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 14 || (typeof e.message === 'string' && /ECONNREFUSED|Failed to connect|UNAVAILABLE/i.test(e.message))) return true;
  }
  return false;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 200);
}

const REJECTION_STATUS: Record<RejectionReason | 'INTERNAL', number> = {
  UNKNOWN_TASK: 404,
  NOT_ASSIGNEE: 409, // the task moved to another party since the inbox was read
  TASK_CLOSED: 409,
  ALREADY_CLAIMED: 409,
  INVALID_STATE: 409,
  JOURNEY_PAUSED: 409,
  JOURNEY_CLOSED: 409,
  NOT_ALLOWED: 403,
  INVALID_PAYLOAD: 400,
  INVALID_COMMAND: 400,
  INTERNAL: 500,
};

/** The workflow's rejection as a problem: its reason as the type, field errors kept. */
function rejectionProblem(failure: ApplicationFailure): ProblemException {
  const reason = (failure.type ?? 'INTERNAL') as RejectionReason;
  const status = REJECTION_STATUS[reason] ?? 500;
  const details = failure.details?.[0] as { fieldErrors?: FieldError[] } | undefined;
  const errors = details?.fieldErrors?.length ? details.fieldErrors.map((e) => ({ ...e, field: `payload.${e.field}` })) : undefined;
  return new ProblemException({
    type: `https://placement-engine.nl/problems/${reason.toLowerCase().replace(/_/g, '-')}`,
    title: { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[status] ?? 'Internal Server Error',
    status,
    detail: failure.message,
    ...(errors ? { errors } : {}),
  });
}
