// Every workflow the worker registers. Loaded by path only (see apps/worker).
export { journeyWorkflow } from './journey/journey.workflow';
export { pipelineReconciliationWorkflow } from './pipeline/pipeline.workflow';
export { retentionWorkflow } from './privacy/retention.workflow';
export { dailyDigestWorkflow } from './notifications/digest.workflow';
export { monthlyStatementsWorkflow } from './venues/statements.workflow';
