import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../libs/devstack/src/ports';
import { TestCluster } from './cluster';
import { SystemdSandbox } from './systemd-sandbox';

const root = resolve(__dirname, '..', '..');

/**
 * The supervision a deployment ships (deploy/systemd), run by systemd itself, booted as PID 1 of a
 * sandbox of its own against a throw-away cluster: the unit files pass `systemd-analyze verify`,
 * the units' own command lines start the API and the worker as user `placement`, a started API
 * unit is a ready one, a kill -9 is restarted by the restart policy, and the liveness watchdog
 * restarts an API that hangs.
 */
describe('the systemd units of a deployment', () => {
  let cluster: TestCluster;
  let sandbox: SystemdSandbox;
  let port: number;
  let api: string;
  let url: string;

  beforeAll(async () => {
    for (const built of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/workflow-bundle.js']) {
      if (!existsSync(join(root, built))) throw new Error(`${built} is missing: the units run the build (npm run build)`);
    }
    cluster = await TestCluster.start();
    port = await freePort();
    api = `placement-api@${port}.service`;
    url = `http://127.0.0.1:${port}`;
    // The cluster's settings, with the bundle of the build the units run.
    sandbox = await SystemdSandbox.start(cluster.env({ WORKFLOW_BUNDLE: '/opt/placement/dist/workflow-bundle.js' }));
  });

  afterAll(async () => {
    await sandbox?.stop();
    await cluster?.stop();
  });

  const ready = (): Promise<number> => fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<number> => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return Date.now() - started;
  };

  it('pass systemd-analyze verify', async () => {
    const units = ['placement.target', 'placement-api@.service', 'placement-worker@.service', 'placement-api-health@.service', 'placement-api-health@.timer', 'temporal-server.service', 'temporal-ui.service'];
    // In the sandbox: the units' paths under /opt/placement are there, as on a deployment's machine.
    const { stderr } = await sandbox
      .exec('systemd-analyze', ['verify', '--man=no', ...units.map((u) => `/opt/placement/deploy/systemd/${u}`)])
      .then(() => ({ stderr: '' }), (error: { stderr?: string; message: string }) => ({ stderr: error.stderr ?? error.message }));
    const problems = stderr.split('\n').filter(Boolean);
    // The UI server is built by `npm run cluster` only (6 minutes), not by this suite: its absence
    // is the one finding allowed, and only while it is absent.
    const uiServer = '/opt/placement/.tools/bin/temporal-ui-server';
    const allowed = existsSync(join(root, '.tools', 'bin', 'temporal-ui-server')) ? [] : [`temporal-ui.service: Command ${uiServer} is not executable: No such file or directory`];
    expect(problems.filter((line) => !allowed.includes(line))).toEqual([]);
  });

  it('start the worker and the API, ready when started, as user placement', async () => {
    await sandbox.systemctl('start', 'placement-worker@1.service');
    // Returns once ExecStartPost saw /health/ready answer 200 (which needs the polling worker).
    await sandbox.systemctl('start', api);
    expect(await ready()).toBe(200);
    const shown = await sandbox.show(api);
    expect(shown).toMatchObject({ ActiveState: 'active', SubState: 'running', User: 'placement', NRestarts: '0' });
    expect(await sandbox.exec('ps', ['-o', 'user=', '-p', shown.MainPID])).toBe('placement');
    expect(await sandbox.show('placement-worker@1.service')).toMatchObject({ ActiveState: 'active', User: 'placement' });
  });

  it('restart a killed API and a killed worker', async () => {
    const before = await sandbox.show(api);
    await sandbox.exec('kill', ['-KILL', before.MainPID]);
    const ms = await until('the API restarted and ready', async () => {
      const now = await sandbox.show(api);
      return now.NRestarts === '1' && now.ActiveState === 'active' && now.MainPID !== before.MainPID && (await ready()) === 200;
    });
    console.log(`[supervision] API killed with SIGKILL: ready again after ${(ms / 1000).toFixed(1)} s (RestartSec=5)`);

    const worker = await sandbox.show('placement-worker@1.service');
    await sandbox.exec('kill', ['-KILL', worker.MainPID]);
    await until('the worker restarted', async () => {
      const now = await sandbox.show('placement-worker@1.service');
      return now.NRestarts === '1' && now.ActiveState === 'active' && now.MainPID !== worker.MainPID;
    });
    // The restarted worker polls: readiness asks Temporal for the task queue's pollers.
    await until('the API ready with the restarted worker', async () => (await ready()) === 200);
  });

  it('restart an API that hangs, through the liveness watchdog', async () => {
    const before = await sandbox.show(api);
    await sandbox.exec('kill', ['-STOP', before.MainPID]);
    // What the timer runs every 30 s: three failed checks of /health/live, then a restart.
    await sandbox.systemctl('start', `placement-api-health@${port}.service`);
    const ms = await until('the hung API restarted and ready', async () => {
      const now = await sandbox.show(api);
      return now.NRestarts === '2' && now.ActiveState === 'active' && now.MainPID !== before.MainPID && (await ready()) === 200;
    });
    console.log(`[supervision] hung API (SIGSTOP) restarted by the watchdog: ready again ${(ms / 1000).toFixed(1)} s after its checks`);
    // The timer is armed with the API.
    await sandbox.systemctl('start', `placement-api-health@${port}.timer`);
    expect(await sandbox.systemctl('is-active', `placement-api-health@${port}.timer`)).toBe('active');
  });
});
