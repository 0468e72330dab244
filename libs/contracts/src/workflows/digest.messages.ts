/**
 * The daily digest workflow's contract, shared by the workflow, the worker's schedule and the
 * tests. The type name is frozen (it lives in histories and in the schedule).
 */
export const DAILY_DIGEST_WORKFLOW_TYPE = 'dailyDigestWorkflow';

export interface DailyDigestInput {
  /** The moment the digest is of (default: when the workflow started); tasks due before it are overdue. */
  asOf?: string;
}

/** The schedule that sends the daily digests; one per task queue. */
export function dailyDigestScheduleId(taskQueue: string): string {
  return `daily-digest-${taskQueue}`;
}
