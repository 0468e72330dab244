/**
 * The journey workflow's contract: its type name, the signature a client types its handle with,
 * and its message definitions, imported by the workflow, libs/temporal, the API and the tests.
 * Safe in the workflow sandbox (only @temporalio/workflow's definers and libs/domain's types).
 * Wire names are frozen once shipped: they live in histories.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JourneyInput, JourneySnapshot } from '../../../domain/src/journey';
import type { Actor, Attempt, CommandResult, ConsentLoss, JourneyState, TaskContext } from '../../../domain/src/engine';
import type { JourneyPolicy } from '../../../domain/src/policy';
import type { FundingRoute } from '../../../domain/src/routes';
import type { Assignee, HumanTask } from '../../../domain/src/tasks';

export const JOURNEY_WORKFLOW_TYPE = 'journeyWorkflow';

/** What a journey starts with; `policy` shortens its durations (tests), the defaults are the real ones. */
export type JourneyStartInput = JourneyInput & { policy?: Partial<JourneyPolicy> };

/**
 * The journey workflow as a client sees it (a starter types its handle with this, never loading
 * workflow code); `carried` is the state handed over by continue-as-new. A unit spec checks that
 * the workflow function fits it.
 */
export type JourneyWorkflow = (input: JourneyStartInput, carried?: JourneyState) => Promise<JourneyView>;

/** The workflow's own view of a journey: ids, steps and outcomes only. */
export interface JourneyView extends JourneySnapshot {
  phase: string;
  runCount: number;
  openTasks: HumanTask[];
  attempts: Attempt[];
  employerIds: string[];
  proposedRoute?: FundingRoute;
  route?: FundingRoute;
  /** The employer of the running placement or job of an open journey. */
  currentEmployerId?: string;
  /** The digest of the timeline after sequence `from` (see nextTimelineDigest). */
  timeline?: { from: number; digest: string };
}

export interface CompleteTaskArgs {
  taskId: string;
  actor: Actor;
  payload: unknown;
}
export interface TaskActArgs {
  taskId: string;
  actor: Actor;
}
export interface ReassignTaskArgs extends TaskActArgs {
  to: Assignee;
  /** Why (a reassignReason code); absent in Updates sent before it was asked. */
  reasonCode?: string;
}
export interface JourneyActArgs {
  actor: Actor;
  reasonCode?: string;
}
export interface ConsentChangedArgs {
  actor: Actor;
  /** The consent version recorded in PostgreSQL (the ledger is there, not in the workflow). */
  version: number;
  /** What each organisation may no longer see: its open tasks that need it go to the coordinator. */
  losses: ConsentLoss[];
}
export interface TransferArgs {
  actor: Actor;
  careProviderId: string;
}

export const getJourneyQuery = defineQuery<JourneyView>('journey.get');
export const openTasksQuery = defineQuery<HumanTask[]>('journey.openTasks');

/** What a party needs to decide a task (undefined for an unknown task). */
export const taskContextQuery = defineQuery<TaskContext | undefined, [string]>('journey.taskContext');

/** Returns the journey once every change so far is in the read model (read-your-writes). */
export const syncJourneyUpdate = defineUpdate<JourneyView>('journey.sync');

/**
 * Writes the journey's row, its open tasks and the end of its timeline again from the workflow's
 * committed state (replacing whatever a lost workflow task left), then returns the journey. The
 * reconciliation's repair.
 */
export const reprojectJourneyUpdate = defineUpdate<JourneyView, [ReprojectArgs]>('journey.reproject');

export interface ReprojectArgs {
  /** Tasks to write as the workflow has them besides the open ones (e.g. closed ones the read model shows open). */
  taskIds?: string[];
}

// Every Update below: its Update ID is the caller's idempotency key; it returns after its projection.
export const completeTaskUpdate = defineUpdate<CommandResult, [CompleteTaskArgs]>('journey.completeTask');
export const claimTaskUpdate = defineUpdate<CommandResult, [TaskActArgs]>('journey.claimTask');
export const unclaimTaskUpdate = defineUpdate<CommandResult, [TaskActArgs]>('journey.unclaimTask');
export const reassignTaskUpdate = defineUpdate<CommandResult, [ReassignTaskArgs]>('journey.reassignTask');
export const pauseJourneyUpdate = defineUpdate<CommandResult, [JourneyActArgs]>('journey.pause');
export const resumeJourneyUpdate = defineUpdate<CommandResult, [JourneyActArgs]>('journey.resume');
export const withdrawJourneyUpdate = defineUpdate<CommandResult, [JourneyActArgs]>('journey.withdraw');
export const exitJourneyUpdate = defineUpdate<CommandResult, [JourneyActArgs]>('journey.exit');
export const transferCareProviderUpdate = defineUpdate<CommandResult, [TransferArgs]>('journey.transferCareProvider');
export const changeConsentUpdate = defineUpdate<CommandResult, [ConsentChangedArgs]>('journey.changeConsent');
