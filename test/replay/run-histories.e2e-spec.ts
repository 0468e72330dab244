import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAL_MARKERS } from '../support/personal-markers';
import { temporalClient } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * Runs last (test/support/sequencer.ts): every journey this jest run drove, in every test file,
 * replays against the current workflow code. This is what a worker does after a redeploy or a cache
 * eviction, so a workflow that only works when it never replays fails here, not in production.
 */
describe('replay of every workflow history of this test run', () => {
  // Every history of the run, fetched and replayed one by one: its time grows with the suite and the machine's load.
  it('replays each journey this run started without a determinism error', async () => {
    const { client, close } = await temporalClient();
    try {
      const executions: WorkflowExecutionInfo[] = [];
      for await (const execution of client.workflow.list({ query: `TaskQueue = '${testRun().taskQueue}'` })) executions.push(execution);
      // The other files drive dozens of journeys first; none means the visibility query is wrong.
      expect(executions.length).toBeGreaterThan(0);
      let unstarted = 0;
      const histories = (async function* () {
        for (const e of executions) {
          const history = untilLastWorkflowTask(await client.workflow.getHandle(e.workflowId, e.runId).fetchHistory());
          // A journey no worker took up yet (its first workflow task never completed) has nothing to replay.
          if (history.events!.length) yield { workflowId: e.workflowId, history };
          else unstarted++;
        }
      })();
      const failures: string[] = [];
      let replayed = 0;
      for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testRun().workflowBundle } }, histories)) {
        replayed++;
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      expect(failures).toEqual([]);
      expect(replayed + unstarted).toBe(executions.length);
      expect(replayed).toBeGreaterThan(unstarted);
    } finally {
      await close();
    }
  }, 15 * 60_000);
});

/**
 * A history as text, every payload decoded: what anyone with access to Temporal (its UI, its
 * database, a backup) could read.
 */
function historyText(history: unknown): string {
  // The history's messages serialise their bytes (the payloads) as base64: decode them as a recorded fixture.
  return fixtureText(JSON.stringify(history));
}

/** A recorded fixture as text, its base64 payloads decoded. */
function fixtureText(raw: string): string {
  return raw.replace(/"data":\s*"([A-Za-z0-9+/=]+)"/g, (_m, b64: string) => `"data":${Buffer.from(b64, 'base64').toString('utf8')}`);
}

const found = (text: string): string[] => PERSONAL_MARKERS.filter((m) => text.includes(m));

describe('personal data never reaches Temporal', () => {
  it('no history of this run (every workflow, every task queue) and no recorded history holds a name, birth date, contact detail, free text or BSN the tests put in', async () => {
    const { client, close } = await temporalClient();
    const leaks: string[] = [];
    let histories = 0;
    let decoded = 0;
    try {
      const executions: WorkflowExecutionInfo[] = [];
      for await (const execution of client.workflow.list()) executions.push(execution);
      for (const e of executions) {
        const text = historyText(await client.workflow.getHandle(e.workflowId, e.runId).fetchHistory());
        histories++;
        if (text.includes('"municipalityId"')) decoded++; // a journey's input, read as JSON: the payloads were decoded
        for (const marker of found(text)) leaks.push(`${e.workflowId}: ${marker}`);
      }
    } finally {
      await close();
    }
    const dir = join(__dirname, '..', 'fixtures', 'histories');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      for (const marker of found(fixtureText(readFileSync(join(dir, file), 'utf8')))) leaks.push(`${file}: ${marker}`);
      histories++;
    }
    // The privacy tests alone drive a dozen journeys with the markers.
    expect(histories).toBeGreaterThan(20);
    expect(decoded).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
    // The check would see a marker if one were there.
    expect(found(historyText({ events: [{ payload: { data: Buffer.from(JSON.stringify({ name: PERSONAL_MARKERS[0] })).toString('base64') } }] }))).toEqual([PERSONAL_MARKERS[0]]);
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
