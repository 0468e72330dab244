import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { VenueActivities } from '../../activities/venues/venue.activities';
import { addMonths, monthOf } from '../../libs/domain/src/venues/rules';
import { DEFAULT_STATEMENT_DUE_AFTER_MS, type MonthlyStatementsInput, type MonthlyStatementsOutcome } from '../../libs/contracts/src/workflows/statements.messages';

const { openStatementTasks, openStatementTasksPerMunicipality, escalateLateStatementTasks } = proxyActivities<VenueActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * The cooperatives' monthly statements (maandopgave): started by the schedule on the first of
 * each month, it opens a statement task for every member of every social cooperative for the
 * month just ended, each due after its municipality's due period (a dated rule, ten days
 * unless the municipality keeps its own), waits until they are due (a timer per due time), and
 * hands the ones still open to the municipality's coordinator. Only ids, a month and counts pass through here.
 */
export async function monthlyStatementsWorkflow(input: MonthlyStatementsInput = {}): Promise<MonthlyStatementsOutcome> {
  const asOf = input.asOf ?? new Date(Date.now()).toISOString();
  const month = addMonths(monthOf(asOf), -1);
  if (patched('2026-11-30-statement-due-per-municipality')) {
    // Each municipality's own due period (a dated rule); escalate each due time's tasks when it comes.
    const { opened, dueAts } = await openStatementTasksPerMunicipality({ month, openedAt: new Date(Date.now()).toISOString(), ...(input.dueAfterMs !== undefined ? { dueAfterMs: input.dueAfterMs } : {}) });
    let escalated = 0;
    for (const dueAt of dueAts) {
      const wait = Date.parse(dueAt) - Date.now();
      if (wait > 0) await sleep(wait);
      escalated += await escalateLateStatementTasks({ month, dueBy: dueAt });
    }
    return { month, opened, escalated };
  }
  const dueAfterMs = input.dueAfterMs ?? DEFAULT_STATEMENT_DUE_AFTER_MS;
  const opened = await openStatementTasks({ month, dueAt: new Date(Date.now() + dueAfterMs).toISOString() });
  await sleep(dueAfterMs);
  const escalated = await escalateLateStatementTasks({ month });
  return { month, opened, escalated };
}
