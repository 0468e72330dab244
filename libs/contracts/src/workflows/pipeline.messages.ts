/**
 * The pipeline reconciliation workflow's contract, shared by the workflow, the worker's schedule
 * and the API. The type name is frozen (it lives in histories and in the schedule).
 */
export const PIPELINE_RECONCILIATION_WORKFLOW_TYPE = 'pipelineReconciliationWorkflow';

export type ReconciliationTrigger = 'SCHEDULE' | 'ON_DEMAND';

export interface PipelineReconciliationInput {
  trigger: ReconciliationTrigger;
  /** One municipality (on demand); every municipality when absent (the schedule). */
  municipalityId?: string;
  /** The report id, when the caller chose it (on demand); else one per municipality is made. */
  reconciliationId?: string;
}

/** What one municipality's reconciliation found and fixed. */
export interface ReconciliationOutcome {
  reconciliationId: string;
  municipalityId: string;
  journeysChecked: number;
  driftFound: number;
  repaired: number;
}

export function pipelineReconciliationWorkflowId(reconciliationId: string): string {
  return `pipeline-reconciliation-${reconciliationId}`;
}

/** The schedule that reconciles every municipality nightly; one per task queue. */
export function pipelineReconciliationScheduleId(taskQueue: string): string {
  return `pipeline-reconciliation-${taskQueue}`;
}
