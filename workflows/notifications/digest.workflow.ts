import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications/notifications.activities';
import type { DailyDigestInput } from '../../libs/contracts/src/workflows/digest.messages';

const { sendDailyDigests } = proxyActivities<NotificationActivities>({
  // One pass over every user who wants a digest: it heartbeats per user.
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

/**
 * The daily digest (dagoverzicht): started by the schedule at DIGEST_TIME, it queues one mail per
 * user who wants one, listing the overdue tasks of that user (and what the user routed into the
 * digest). Keyed per user and Amsterdam day, so a retry or a second run that day sends nothing more.
 */
export async function dailyDigestWorkflow(input: DailyDigestInput = {}): Promise<{ day: string; digests: number }> {
  return sendDailyDigests({ asOf: input.asOf ?? new Date(Date.now()).toISOString() });
}
