import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { temporalClient } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * Runs last (test/support/sequencer.ts): every journey this jest run drove, in every test file,
 * replays against the current workflow code. This is what a worker does after a redeploy or a cache
 * eviction, so a workflow that only works when it never replays fails here, not in production.
 */
describe('replay of every workflow history of this test run', () => {
  it('replays each journey this run started without a determinism error', async () => {
    const { client, close } = await temporalClient();
    try {
      const executions: WorkflowExecutionInfo[] = [];
      for await (const execution of client.workflow.list({ query: `TaskQueue = '${testRun().taskQueue}'` })) executions.push(execution);
      // The other files drive dozens of journeys first; none means the visibility query is wrong.
      expect(executions.length).toBeGreaterThan(0);
      const histories = (async function* () {
        for (const e of executions) {
          yield { workflowId: e.workflowId, history: untilLastWorkflowTask(await client.workflow.getHandle(e.workflowId, e.runId).fetchHistory()) };
        }
      })();
      const failures: string[] = [];
      let replayed = 0;
      for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testRun().workflowBundle } }, histories)) {
        replayed++;
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      expect(failures).toEqual([]);
      expect(replayed).toBe(executions.length);
    } finally {
      await close();
    }
  });
});

const EventType = temporal.api.enums.v1.EventType;
/** Events a workflow task's commands write; anything else (a timer firing, a new task) is new work. */
const COMMAND_EVENTS = new Set([
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_TIMER_CANCELED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/**
 * A running journey's history up to its last completed workflow task and that task's commands:
 * what a worker replays after a redeploy. Past that point lies work not yet done (a timer that
 * fired, say), which a replayer without activities cannot do.
 */
function untilLastWorkflowTask(history: temporal.api.history.v1.IHistory): temporal.api.history.v1.IHistory {
  const events = history.events ?? [];
  const last = events.map((e) => e.eventType).lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  let end = last + 1;
  while (end < events.length && COMMAND_EVENTS.has(events[end].eventType!)) end++;
  return { events: events.slice(0, end) };
}
