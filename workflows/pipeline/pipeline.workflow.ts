import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { PipelineActivities } from '../../activities/pipeline/pipeline.activities';
import type { PipelineReconciliationInput, ReconciliationOutcome } from '../../libs/contracts/src/workflows/pipeline.messages';

const { listMunicipalities, reconcileMunicipality } = proxyActivities<PipelineActivities>({
  // A municipality's reconciliation queries every open journey: long, so it heartbeats.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

/**
 * Compares the read model with the journey workflows and repairs the drift, one municipality at a
 * time (each gets a report of its own). Started by the nightly schedule for every municipality,
 * or on demand by a coordinator for theirs.
 */
export async function pipelineReconciliationWorkflow(input: PipelineReconciliationInput): Promise<ReconciliationOutcome[]> {
  const municipalities = input.municipalityId ? [input.municipalityId] : await listMunicipalities();
  const outcomes: ReconciliationOutcome[] = [];
  for (const municipalityId of municipalities) {
    const reconciliationId = input.municipalityId && input.reconciliationId ? input.reconciliationId : uuid4();
    outcomes.push(await reconcileMunicipality({ reconciliationId, municipalityId, trigger: input.trigger }));
  }
  return outcomes;
}
