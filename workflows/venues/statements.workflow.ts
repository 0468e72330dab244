import { proxyActivities, sleep } from '@temporalio/workflow';
import type { VenueActivities } from '../../activities/venues/venue.activities';
import { addMonths, monthOf } from '../../libs/domain/src/venues/rules';
import { DEFAULT_STATEMENT_DUE_AFTER_MS, type MonthlyStatementsInput, type MonthlyStatementsOutcome } from './statements.messages';

const { openStatementTasks, escalateLateStatementTasks } = proxyActivities<VenueActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * The cooperatives' monthly statements (maandopgave): started by the schedule on the first of
 * each month, it opens a statement task for every member of every social cooperative for the
 * month just ended, waits until they are due (a timer), and hands the ones still open to the
 * municipality's coordinator. Only ids, a month and counts pass through here.
 */
export async function monthlyStatementsWorkflow(input: MonthlyStatementsInput = {}): Promise<MonthlyStatementsOutcome> {
  const asOf = input.asOf ?? new Date(Date.now()).toISOString();
  const month = addMonths(monthOf(asOf), -1);
  const dueAfterMs = input.dueAfterMs ?? DEFAULT_STATEMENT_DUE_AFTER_MS;
  const opened = await openStatementTasks({ month, dueAt: new Date(Date.now() + dueAfterMs).toISOString() });
  await sleep(dueAfterMs);
  const escalated = await escalateLateStatementTasks({ month });
  return { month, opened, escalated };
}
