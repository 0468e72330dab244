/**
 * The monthly statements workflow's contract, shared by the workflow, the worker's schedule and
 * the tests. The type name is frozen (it lives in histories and in the schedule).
 */
export const MONTHLY_STATEMENTS_WORKFLOW_TYPE = 'monthlyStatementsWorkflow';

export interface MonthlyStatementsInput {
  /** The moment of the run (default: when the workflow started); the month before it is stated. */
  asOf?: string;
  /** How long after opening a statement task is due, for every municipality (default: each municipality's due period, the dated rule COOPERATIVE_STATEMENT); tests shorten it. */
  dueAfterMs?: number;
}

export interface MonthlyStatementsOutcome {
  month: string;
  opened: number;
  escalated: number;
}

/** The schedule that opens the cooperatives' statement tasks on the first of each month; one per task queue. */
export function monthlyStatementsScheduleId(taskQueue: string): string {
  return `monthly-statements-${taskQueue}`;
}

/** The statement task of a member's month: one id, so a rerun opens nothing twice. */
export function statementTaskId(memberId: string, month: string): string {
  return `cooperative.statement:${memberId}:${month}`;
}

/** The coordinator's review of a member's run at or above the benefit level, ending with `month`. */
export function outflowReviewTaskId(memberId: string, month: string): string {
  return `cooperative.outflow-review:${memberId}:${month}`;
}

/**
 * The coordinator's review of a flex-work space participant's run above the outflow threshold,
 * ending with `month`: one per person and month (an id short enough for a URL path segment).
 */
export function flexOutflowReviewTaskId(candidateId: string, month: string): string {
  return `flex.outflow-review:${candidateId}:${month}`;
}

export const DEFAULT_STATEMENT_DUE_AFTER_MS = 10 * 24 * 60 * 60 * 1000;
