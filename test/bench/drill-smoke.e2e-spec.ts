import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAULTS, type DrillResult } from '../../bench/drill/drill';
import { testRun } from '../support/test-run';

const root = resolve(__dirname, '..', '..');

/**
 * The fault drill at its smallest, as `npm run drill` runs it (separate processes, its own
 * PostgreSQL cluster): three clients, every fault once. Every check must hold; how long each fault
 * made the API unavailable is reported, never asserted.
 */
describe('fault drill (smallest size)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'placement-drill-test-'));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kills and restarts a worker, both workers, Temporal, PostgreSQL (twice) and the API, pauses a worker; nothing is lost, nothing phantom shown, no 500', async () => {
    const out = join(dir, 'drill.json');
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _address, TEMPORAL_TASK_QUEUE: _queue, WORKFLOW_BUNDLE: _bundle, PLACEMENT_TEST_RUN: _run, ...env } = process.env;
    const child = spawn('npm', ['run', '--silent', 'drill', '--', '--clients', '3', '--rounds', '1', '--down-ms', '500', '--settle-ms', '1000', '--out', out], {
      cwd: root,
      env: { ...env, TEMPORAL_CLI: testRun().temporalCli },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`npm run drill exited ${code}:\n${output.slice(-6000)}`);

    const result = JSON.parse(readFileSync(out, 'utf8')) as DrillResult;
    expect(result.faults.map((f) => f.fault)).toEqual(FAULTS.map((f) => f.name));
    expect(FAULTS.map((f) => f.name)).toEqual(expect.arrayContaining(['both workers SIGKILL', 'worker paused 12 s (SIGSTOP)', 'worker SIGKILL, Temporal 3 s later']));
    for (const f of result.faults) expect(f.unavailableSeconds).toEqual(expect.any(Number));
    expect(result.journeys.referred).toBeGreaterThan(0);
    expect(result.checks).toMatchObject({
      journeysMissingInTemporal: [],
      journeysMissingInReadModel: [],
      readModelDiffers: [],
      effectsNotOnce: [],
      reconciliationDrift: 0,
      serverErrors: 0,
      unexpectedAnswers: [],
      workflowTaskTimeouts: 0,
      longestPhantomMs: expect.any(Number),
    });
    expect(result.checks.longestPhantomMs).toBeLessThanOrEqual(2000);
    expect(result.passed).toBe(true);
    expect(output).toContain('result: PASSED');
    // `npm run drill` builds first, then starts and kills every process: minutes on a loaded machine.
  }, 600000);
});
