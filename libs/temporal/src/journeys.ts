/**
 * The journeys and the reconciliation as Temporal clients reach them: one door for the API, the
 * worker's activities and schedule, and the tooling. It speaks the workflows' contracts
 * (libs/contracts/src/workflows, below it) and never loads workflow code.
 */
import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  WithStartWorkflowOperation,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { TypedSearchAttributes, type Duration, type UpdateDefinition } from '@temporalio/common';
import { journeyWorkflowId, type JourneySnapshot } from '../../domain/src/journey';
import type { CommandResult, TaskContext } from '../../domain/src/engine/types';
import {
  JOURNEY_WORKFLOW_TYPE,
  getJourneyQuery,
  reprojectJourneyUpdate,
  syncJourneyUpdate,
  taskContextQuery,
  type JourneyStartInput,
  type JourneyView,
  type JourneyWorkflow,
} from '../../contracts/src/workflows/journey.messages';
import { JOURNEY_KEYS } from '../../contracts/src/workflows/journey.search-attributes';
import {
  PIPELINE_RECONCILIATION_WORKFLOW_TYPE,
  pipelineReconciliationScheduleId,
  pipelineReconciliationWorkflowId,
  type PipelineReconciliationInput,
} from '../../contracts/src/workflows/pipeline.messages';
import { DAILY_DIGEST_WORKFLOW_TYPE, dailyDigestScheduleId, type DailyDigestInput } from '../../contracts/src/workflows/digest.messages';

import { RETENTION_WORKFLOW_TYPE, retentionScheduleId, type RetentionOutcome } from '../../contracts/src/workflows/retention.messages';
import {
  MONTHLY_STATEMENTS_WORKFLOW_TYPE,
  monthlyStatementsScheduleId,
  type MonthlyStatementsInput,
  type MonthlyStatementsOutcome,
} from '../../contracts/src/workflows/statements.messages';


export class JourneyClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  /** Runs a call within a deadline (an unreachable server fails it instead of hanging). */
  within<T>(deadlineMs: number, fn: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + deadlineMs, fn);
  }

  /**
   * Starts the journey unless it runs already (the same candidate never gets two), and returns
   * its state once projected. Safe to repeat: a retry reaches the same workflow.
   */
  start(input: JourneyStartInput): Promise<JourneyView> {
    const startWorkflowOperation = new WithStartWorkflowOperation<JourneyWorkflow>(JOURNEY_WORKFLOW_TYPE, {
      workflowId: journeyWorkflowId(input.candidateId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: new TypedSearchAttributes([
        { key: JOURNEY_KEYS.JourneyStep, value: 'CONNECT' },
        { key: JOURNEY_KEYS.MunicipalityId, value: input.municipalityId },
        ...(input.careProviderId ? [{ key: JOURNEY_KEYS.CareProviderId, value: input.careProviderId }] : []),
      ]),
    });
    return this.client.workflow.executeUpdateWithStart(syncJourneyUpdate, { startWorkflowOperation });
  }

  /** The workflow's own view of a journey. */
  view(candidateId: string): Promise<JourneyView> {
    return this.client.workflow.getHandle(journeyWorkflowId(candidateId)).query(getJourneyQuery);
  }

  /** What a party needs to decide a task, from the workflow (undefined for a task it does not know). */
  taskContext(candidateId: string, taskId: string): Promise<TaskContext | undefined> {
    return this.client.workflow.getHandle(journeyWorkflowId(candidateId)).query(taskContextQuery, taskId);
  }

  /** One act as one Update; its ID makes a retry have one effect. */
  act<A>(candidateId: string, update: UpdateDefinition<CommandResult, [A]>, args: A, updateId: string): Promise<CommandResult> {
    return this.client.workflow.getHandle(journeyWorkflowId(candidateId)).executeUpdate(update, { args: [args], updateId });
  }

  /** The workflow writes its committed state to the read model again (the reconciliation's repair). */
  reproject(candidateId: string, taskIds: string[], updateId: string): Promise<JourneyView> {
    return this.client.workflow.getHandle(journeyWorkflowId(candidateId)).executeUpdate(reprojectJourneyUpdate, { args: [{ taskIds }], updateId });
  }

  describe(candidateId: string): Promise<WorkflowExecutionDescription> {
    return this.client.workflow.getHandle(journeyWorkflowId(candidateId)).describe();
  }

  /** The candidate ids of a municipality's journey workflows on this task queue, as visibility knows them. */
  async listIds(municipalityId: string): Promise<Set<string>> {
    const found = new Set<string>();
    const query = `WorkflowType = '${JOURNEY_WORKFLOW_TYPE}' AND TaskQueue = '${this.taskQueue}' AND ${JOURNEY_KEYS.MunicipalityId.name} = '${municipalityId}'`;
    for await (const wf of this.client.workflow.list({ query })) {
      if (wf.workflowId.startsWith('journey-')) found.add(wf.workflowId.slice('journey-'.length));
    }
    return found;
  }

  /** Starts a municipality's reconciliation under its report id, unless it runs already. */
  async startReconciliation(reconciliationId: string, municipalityId: string): Promise<void> {
    const input: PipelineReconciliationInput = { trigger: 'ON_DEMAND', municipalityId, reconciliationId };
    await this.client.workflow.start(PIPELINE_RECONCILIATION_WORKFLOW_TYPE, {
      workflowId: pipelineReconciliationWorkflowId(reconciliationId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  /**
   * Makes sure the nightly reconciliation schedule exists (02:30 Europe/Amsterdam, every
   * municipality, never two runs at once). Every worker checks at start; the first creates it.
   */
  async ensureReconciliationSchedule(): Promise<void> {
    const scheduleId = pipelineReconciliationScheduleId(this.taskQueue);
    const input: PipelineReconciliationInput = { trigger: 'SCHEDULE' };
    await this.ensureSchedule(scheduleId, { hour: 2, minute: 30, comment: 'nightly' }, PIPELINE_RECONCILIATION_WORKFLOW_TYPE, [input]);
  }

  /**
   * Makes sure the daily digest schedule exists at `time` (HH:MM, Europe/Amsterdam; DIGEST_TIME),
   * moving it when the time was changed. Every worker checks at start.
   */
  async ensureDigestSchedule(time: string): Promise<void> {
    const [hour, minute] = time.split(':').map(Number);
    const input: DailyDigestInput = {};
    await this.ensureSchedule(dailyDigestScheduleId(this.taskQueue), { hour, minute, comment: 'daily digest' }, DAILY_DIGEST_WORKFLOW_TYPE, [input]);
  }

  /** The daily digest of this moment, now (what the schedule starts; tests and operators use it too). */
  runDigest(asOf: string, workflowId: string): Promise<{ day: string; digests: number }> {
    const input: DailyDigestInput = { asOf };
    return this.client.workflow.execute(DAILY_DIGEST_WORKFLOW_TYPE, { workflowId, taskQueue: this.taskQueue, args: [input] });
  }

  /**
   * A schedule that starts `workflowType` at a time of Amsterdam (daily, or on a day of the month),
   * never two runs at once: created when missing, its time changed when it differs. Concurrent
   * workers may race: the loser finds it made.
   */
  private async ensureSchedule(
    scheduleId: string,
    at: { dayOfMonth?: number; hour: number; minute: number; comment: string },
    workflowType: string,
    args: unknown[],
    catchupWindow: Duration = '1 hour',
  ): Promise<void> {
    const spec = { calendars: [at], timezone: 'Europe/Amsterdam' };
    const handle = this.client.schedule.getHandle(scheduleId);
    try {
      const current = (await handle.describe()).spec.calendars?.[0];
      const sameTime =
        (current?.hour?.[0]?.start ?? 0) === at.hour &&
        (current?.minute?.[0]?.start ?? 0) === at.minute &&
        (at.dayOfMonth === undefined || current?.dayOfMonth?.[0]?.start === at.dayOfMonth);
      if (!sameTime) await handle.update((previous) => ({ ...previous, spec }));
      return;
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
    try {
      await this.client.schedule.create({
        scheduleId,
        spec,
        action: { type: 'startWorkflow', workflowType, args, taskQueue: this.taskQueue, workflowId: scheduleId },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow },
      });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  /**
   * Makes sure the nightly retention schedule exists: it erases the personal data of journeys
   * closed longer ago than their municipality's retention period (workflows/privacy).
   */
  async ensureRetentionSchedule(): Promise<void> {
    await this.ensureSchedule(retentionScheduleId(this.taskQueue), { hour: 3, minute: 15, comment: 'nightly' }, RETENTION_WORKFLOW_TYPE, []);
  }

  /**
   * Makes sure the monthly statements schedule exists: on the first of each month (06:00,
   * Amsterdam) it opens the cooperatives' statement tasks for the month just ended.
   */
  async ensureMonthlyStatementsSchedule(): Promise<void> {
    const input: MonthlyStatementsInput = {};
    const at = { dayOfMonth: 1, hour: 6, minute: 0, comment: 'monthly statements' };
    await this.ensureSchedule(monthlyStatementsScheduleId(this.taskQueue), at, MONTHLY_STATEMENTS_WORKFLOW_TYPE, [input], '1 day');
  }

  /** Runs the monthly statements workflow now and waits for its outcome (operators, tests). */
  runMonthlyStatements(input: MonthlyStatementsInput, workflowId: string): Promise<MonthlyStatementsOutcome> {
    return this.client.workflow.execute(MONTHLY_STATEMENTS_WORKFLOW_TYPE, { workflowId, taskQueue: this.taskQueue, args: [input] });
  }

  /** Runs the retention workflow now and waits for its outcome (operators, tests). */
  async runRetention(runId: string): Promise<RetentionOutcome> {
    return this.client.workflow.execute(RETENTION_WORKFLOW_TYPE, { taskQueue: this.taskQueue, workflowId: `privacy-retention-run-${runId}`, args: [] });
  }
}

export type { JourneySnapshot };
