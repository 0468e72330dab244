import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testRun } from '../support/test-run';

/**
 * Running journeys survive a deploy: every recorded history (test/fixtures/histories, made by
 * `npm run record:histories`) replays against today's workflow code without a determinism error.
 */
describe('replay of recorded journey histories', () => {
  const dir = join(__dirname, '..', 'fixtures', 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  const silent = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

  it('has histories of every kind of journey', () => {
    expect(files).toEqual(expect.arrayContaining(['completed-journey.json', 'loops-and-pause.json', 'withdrawn.json', 'continued-as-new.run-1.json', 'continued-as-new.run-2.json', 'timers-and-bursts.json', 'notifications.json', 'kept-timer.json', 'notices-in-projection.json', 'narrow-wake.json']));
  });

  it.each(files)('%s replays against the current workflow code', async (file) => {
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: testRun().workflowBundle } }, load(file), file)).resolves.toBeUndefined();
  });

  it('fails on an incompatible change, so the test would catch one', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('./incompatible-workflows'), logger: silent });
    const replay = Worker.runReplayHistory({ workflowBundle: { code } }, load('completed-journey.json'), 'completed-journey');
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/Nondeterminism/);
  });
});
