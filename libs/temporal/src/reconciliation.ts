/** The reconciliation workflow's contract, for the activities and the API (through the door). */
export type { PipelineReconciliationInput, ReconciliationOutcome, ReconciliationTrigger } from '../../../workflows/pipeline/pipeline.messages';
export { pipelineReconciliationScheduleId, pipelineReconciliationWorkflowId } from '../../../workflows/pipeline/pipeline.messages';
