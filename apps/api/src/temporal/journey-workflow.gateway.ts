import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { Environment, temporalSettings } from '../../../../libs/config/src/environment';
import { CommittedSequence } from '../../../../libs/database/src/read-model/committed';
import { WORKER_HEARTBEAT_FRESH_MS, WorkerHeartbeatsRepository, type WorkerSeen } from '../../../../libs/database/src/repositories/worker-heartbeats.repository';
import type { CommandResult, RejectionReason, TaskContext } from '../../../../libs/domain/src/engine';
import type { JourneyInput, JourneySnapshot } from '../../../../libs/domain/src/journey';
import { DEFAULT_POLICY, scalePolicy } from '../../../../libs/domain/src/policy';
import type { FieldError } from '../../../../libs/domain/src/schema';
import { lazyClient } from '../../../../libs/temporal/src/connection';
import { RETRYABLE, isWorkflowNotFound, temporalFailure, updateRejection, type TemporalFailureKind } from '../../../../libs/temporal/src/errors';
import { JourneyClient } from '../../../../libs/temporal/src/journeys';
import { ProblemException, problemTitle, ProblemType } from '../problem/problem';
import { CommitConfirmations } from './commit-confirmations';
import { KnownDown, KnownDownError } from './known-down';

/** The API's door to Temporal: one HTTP call of a party becomes one message to one workflow; failures become problems. */
@Injectable()
export class JourneyWorkflowGateway implements OnModuleDestroy {
  private readonly journeys: JourneyClient;
  private readonly logger = new Logger('Temporal');
  readonly workers: WorkerHeartbeatsRepository;
  private readonly confirmations: CommitConfirmations;
  private readonly down: KnownDown;
  /** Calls to Temporal not settled yet. */
  private readonly calls = new Set<Promise<void>>();

  constructor(
    private readonly env: Environment,
    @InjectDataSource() dataSource: DataSource,
  ) {
    const client = lazyClient(temporalSettings(env), env.DEPENDENCY_TIMEOUT_MS);
    this.journeys = new JourneyClient(client, env.TEMPORAL_TASK_QUEUE);
    this.workers = new WorkerHeartbeatsRepository(dataSource);
    this.down = new KnownDown(client.connection.channel(), () => this.workers.seen(env.TEMPORAL_TASK_QUEUE));
    const committed = new CommittedSequence(dataSource);
    this.confirmations = new CommitConfirmations(
      (batch) => committed.confirmCommitted(batch),
      (error: unknown) => this.logger.warn(`Notices not confirmed: ${String(error).split('\n')[0]}`),
    );
  }

  /**
   * Starts the journey unless it runs already (the same candidate never gets two), and returns
   * its state once projected. Safe to repeat: a retry reaches the same workflow.
   */
  async startJourney(input: JourneyInput): Promise<JourneySnapshot> {
    const scaled = this.env.JOURNEY_TIME_SCALE === 1 ? input : { ...input, policy: scalePolicy(DEFAULT_POLICY, this.env.JOURNEY_TIME_SCALE) };
    const snapshot = await this.call('start the journey', () => this.journeys.start(scaled));
    // The start's Update answers like any other once its workflow task is stored: the referral's rows are committed.
    await this.confirmCommitted(snapshot.candidateId, snapshot.sequence);
    return snapshot;
  }

  /** The workflow's own view of a journey, or undefined when there is none. */
  async describeJourney(candidateId: string): Promise<JourneySnapshot | undefined> {
    try {
      return await this.call('read the journey', () => this.journeys.view(candidateId));
    } catch (error) {
      if (isWorkflowNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * One act of a party as one Update to one workflow. The Update ID makes a retry have one effect;
   * a rejection comes back as a problem with the workflow's reason.
   */
  async act<A>(candidateId: string, update: UpdateDefinition<CommandResult, [A]>, args: A, updateId: string): Promise<CommandResult> {
    try {
      const result = await this.call('record this', () => this.journeys.act(candidateId, update, args, updateId));
      await this.confirmCommitted(candidateId, result.sequence);
      return result;
    } catch (error) {
      if (isWorkflowNotFound(error)) throw await this.closedOrMissing(candidateId);
      const rejection = updateRejection(error);
      if (rejection) throw rejectionProblem(rejection.type, rejection.message, rejection.details ?? undefined);
      throw error;
    }
  }

  /**
   * An Update answers once the workflow task that made its events is stored: the journey's history
   * is committed up to the answer's sequence, so its rows may be shown and its notices told (see
   * NoticeDispatcherService). Awaited, so the caller reads its own write; a confirmation whose
   * write failed is made by the dispatcher's reprojection a little later.
   */
  private confirmCommitted(candidateId: string, sequence: number): Promise<void> {
    return this.confirmations.confirm(candidateId, sequence);
  }

  /** A municipality's reconciliation, started under its report id unless it runs already. */
  startReconciliation(reconciliationId: string, municipalityId: string): Promise<void> {
    return this.call('start the reconciliation', () => this.journeys.startReconciliation(reconciliationId, municipalityId), { needsWorker: false });
  }

  /** An Update found no running workflow: the journey has ended (409), or never was (404). */
  private async closedOrMissing(candidateId: string): Promise<ProblemException> {
    try {
      const { status } = await this.call('read the journey', () => this.journeys.describe(candidateId), { needsWorker: false });
      return ProblemException.conflict(
        'https://placement-engine.nl/problems/journey-closed',
        `The journey has ended (${status.name.toLowerCase()}); nothing can change it.`,
      );
    } catch (error) {
      if (isWorkflowNotFound(error)) return ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
      throw error;
    }
  }

  /** The workflow's own context for a task (a detail view may ask the workflow; lists read PostgreSQL). */
  async taskContext(candidateId: string, taskId: string): Promise<TaskContext | undefined> {
    try {
      return await this.call('read the task', () => this.journeys.taskContext(candidateId, taskId));
    } catch (error) {
      if (isWorkflowNotFound(error)) return undefined;
      throw error;
    }
  }

  /** True when the Temporal frontend answers within the dependency timeout (at once false when it is known unreachable). */
  async ping(): Promise<void> {
    const connection = this.journeys.client.connection;
    if (this.down.temporalDown()) throw new Error('Temporal is not reachable (its connection attempts fail)');
    // Kept until it settles like every call: a retry of it must not find the connection closed.
    const attempt = this.journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => connection.workflowService.getSystemInfo({}));
    this.underWay(attempt);
    await attempt;
  }

  /**
   * Bounds a call in time; whatever keeps it from an answer becomes a 503 problem that names the
   * cause (and a log line that does), never a hang or a 500: at once when what it needs is known to
   * be down (Temporal unreachable, no worker: KnownDown), else after DEPENDENCY_TIMEOUT_MS at most.
   * A start found taken is a 409; the workflow's rejections and a missing workflow are the
   * caller's to answer; anything else is a bug.
   */
  private async call<T>(what: string, fn: () => Promise<T>, { needsWorker = true } = {}): Promise<T> {
    const done = new AbortController();
    const connection = this.journeys.client.connection;
    let attempt: Promise<T> | undefined;
    try {
      // Temporal known unreachable: not even tried (the channel reconnects by itself).
      if (this.down.temporalDown()) throw new KnownDownError({ temporal: true });
      attempt = this.journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => connection.withAbortSignal(done.signal, fn));
      this.underWay(attempt);
      return await Promise.race([attempt, this.down.until(needsWorker, done.signal)]);
    } catch (error) {
      if (error instanceof KnownDownError) {
        attempt?.catch(() => undefined); // cancelled below; a retry with the same key has the one effect
        const cause = 'temporal' in error.reason ? unavailableCause('UNREACHABLE', what, this.env) : noWorkerCause(error.reason.workers, this.env.TEMPORAL_TASK_QUEUE);
        this.logger.warn(`Could not ${what}: ${cause} (known before an answer)`);
        throw ProblemException.unavailableBecause(cause);
      }
      const { kind } = temporalFailure(error);
      if (kind === 'ALREADY_STARTED') {
        throw ProblemException.conflict(ProblemType.CONFLICT, `Temporal has a workflow of this id already that may not be started again (needed to ${what}).`);
      }
      if (!RETRYABLE.has(kind)) throw error;
      const cause = kind === 'NO_ANSWER' ? await this.whyUnanswered(what) : unavailableCause(kind, what, this.env);
      this.logger.warn(`Could not ${what}: ${cause} (${firstLine(error)})`);
      throw ProblemException.unavailableBecause(cause);
    } finally {
      done.abort();
    }
  }

  /**
   * Keeps a call until it settles, also after its answer went (a call left to a known-down
   * dependency): the connection closes only after its last retry (see onModuleDestroy).
   */
  private underWay(attempt: Promise<unknown>): void {
    const settled = attempt.then(
      () => undefined,
      () => undefined,
    );
    this.calls.add(settled);
    void settled.then(() => this.calls.delete(settled));
  }

  /** Temporal gave no answer in time: tell a missing worker or PostgreSQL from a slow Temporal. */
  private async whyUnanswered(what: string): Promise<string> {
    const seen = await this.workers.seen(this.env.TEMPORAL_TASK_QUEUE).catch(() => undefined);
    if (!seen) return `PostgreSQL is not reachable (needed to ${what}: the journey's projection writes to it).`;
    if (!seen.workers) return noWorkerCause(seen, this.env.TEMPORAL_TASK_QUEUE);
    return `Temporal did not answer in time (needed to ${what}).`;
  }

  async onModuleDestroy(): Promise<void> {
    // The last confirmations, if PostgreSQL takes them in time; a stop never waits longer (the dispatcher makes up for them).
    // Calls still under way end by their deadline, or soon after (the client's last retry waits up to 6 s): a connection
    // closed under a retry that is waiting makes the retry throw from its timer.
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
    await Promise.all([
      Promise.race([this.confirmations.idle(), wait(this.env.DEPENDENCY_TIMEOUT_MS)]),
      Promise.race([Promise.all(this.calls), wait(this.env.DEPENDENCY_TIMEOUT_MS + 6_000)]),
    ]);
    await this.journeys.client.connection.close().catch(() => undefined);
  }
}

/** The sentence a 503 gives for each retryable kind of Temporal failure but NO_ANSWER (whose cause is looked up). */
function unavailableCause(kind: Exclude<TemporalFailureKind, 'NO_ANSWER'>, what: string, env: Environment): string {
  switch (kind) {
    case 'UNREACHABLE':
      return `Temporal is not reachable (needed to ${what}).`;
    case 'NOT_READY':
      return "The journey's workflow is retrying a failed workflow task (Temporal: workflow not ready).";
    case 'UNPROCESSED':
      return 'No worker processed the change in time (Temporal: UnprocessedUpdate); it was not applied.';
    case 'UPDATE_ABORTED':
      return "The journey's workflow run ended before the change completed (Temporal: AcceptedUpdateCompletedWorkflow).";
    case 'BUSY':
      return `Temporal is over a limit or aborted the call (needed to ${what}).`;
    case 'SERVER':
      return `Temporal failed (needed to ${what}).`;
    case 'CREDENTIALS':
      return `Temporal refused the API's credentials (needed to ${what}).`;
    case 'NAMESPACE':
      return `Temporal has no namespace ${env.TEMPORAL_NAMESPACE} (needed to ${what}).`;
    default:
      return `Temporal could not ${what}.`;
  }
}

function noWorkerCause(seen: WorkerSeen, taskQueue: string): string {
  const last = seen.lastSeenMsAgo === undefined ? 'never' : `${Math.round(seen.lastSeenMsAgo / 1000)} s ago`;
  return `No worker is processing journeys (task queue ${taskQueue}: none seen within ${WORKER_HEARTBEAT_FRESH_MS / 1000} s, last ${last}).`;
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
function rejectionProblem(type: string | undefined | null, message: string, details: unknown[] | undefined): ProblemException {
  const reason = (type ?? 'INTERNAL') as RejectionReason;
  const status = REJECTION_STATUS[reason] ?? 500;
  const fieldErrors = (details?.[0] as { fieldErrors?: FieldError[] } | undefined)?.fieldErrors;
  const errors = fieldErrors?.length ? fieldErrors.map((e) => ({ ...e, field: `payload.${e.field}` })) : undefined;
  return new ProblemException({
    type: `https://placement-engine.nl/problems/${reason.toLowerCase().replace(/_/g, '-')}`,
    title: problemTitle(status),
    status,
    detail: message,
    ...(errors ? { errors } : {}),
  });
}
