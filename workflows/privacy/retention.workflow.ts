import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PrivacyActivities } from '../../activities/privacy/privacy.activities';
import type { RetentionOutcome } from '../../libs/contracts/src/workflows/retention.messages';

const { expiredCandidates, eraseCandidate } = proxyActivities<PrivacyActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumAttempts: 10 },
});

const BATCH = 100;

/**
 * Erases the personal data of every young person whose journey closed longer ago than their
 * municipality's retention period, a batch at a time. Only ids pass through here: the activities
 * read and erase in PostgreSQL. An erasure is idempotent, so a retried activity or a rerun of
 * the schedule erases nothing twice. A long backlog continues as a new run.
 */
export async function retentionWorkflow(done = 0): Promise<RetentionOutcome> {
  let erased = done;
  for (;;) {
    const ids = await expiredCandidates(BATCH);
    for (const candidateId of ids) if (await eraseCandidate(candidateId)) erased++;
    if (ids.length < BATCH) return { erased };
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof retentionWorkflow>(erased);
  }
}
