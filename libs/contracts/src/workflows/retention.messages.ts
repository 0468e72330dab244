/**
 * The retention workflow's contract, shared by the workflow, the worker's schedule and the
 * tooling. The type name is frozen (it lives in histories and in the schedule).
 */
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';

export interface RetentionOutcome {
  /** Young people whose personal data this run erased. */
  erased: number;
}

/** The schedule that erases expired personal data nightly; one per task queue. */
export function retentionScheduleId(taskQueue: string): string {
  return `privacy-retention-${taskQueue}`;
}
