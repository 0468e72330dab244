/**
 * A deliberately incompatible journey workflow for the replay test's negative case: it waits
 * on a timer before doing what the real one does, a change that was not guarded by patched().
 */
import { sleep } from '@temporalio/workflow';
import { journeyWorkflow as realJourneyWorkflow } from '../../workflows/journey/journey.workflow';

export async function journeyWorkflow(...args: Parameters<typeof realJourneyWorkflow>): ReturnType<typeof realJourneyWorkflow> {
  await sleep('1 second');
  return realJourneyWorkflow(...args);
}
