import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { freePort, isPortFree } from '../../libs/devstack/src/ports';
import { dropDatabase, withDatabase } from '../../libs/devstack/src/postgres';
import { DEMO_REFERRALS, demoEmail } from '../../scripts/demo-data';
import { launchChromium, signInAsDemoUser } from '../support/browser';
import { isNodeProcess, nodeVersionOf, pathWithoutOwnNode, pinnedNodeVersion } from '../support/node-runtime';
import { testRun } from '../support/test-run';

const root = resolve(__dirname, '..', '..');

/**
 * The README's first command, as a newcomer runs it: `npm start` brings up Temporal, PostgreSQL,
 * worker and API with demo data; Ctrl-C (SIGINT to the process group) stops every process it
 * started; a second start finds Temporal's and PostgreSQL's data intact. From a shell whose PATH
 * has the machine's Node.js (or none), not the pinned one: the script runs every process on that.
 */
describe('npm start', () => {
  const databaseUrl = withDatabase(testRun().databaseUrl, `placement_start_${randomBytes(4).toString('hex')}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'placement-start-'));
  let ports: { api: number; temporal: number; ui: number; mailSmtp: number; mailUi: number; oidc: number };

  beforeAll(async () => {
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), mailSmtp: await freePort(), mailUi: await freePort(), oidc: await freePort() };
  });

  afterAll(async () => {
    await dropDatabase(databaseUrl).catch(() => undefined);
  });

  async function start(): Promise<{ child: ChildProcess; output: () => string }> {
    const { WORKFLOW_BUNDLE: _bundle, TEMPORAL_ADDRESS: _address, PLACEMENT_TEST_RUN: _run, SMTP_URL: _smtp, OIDC_ISSUER: _issuer, OIDC_CLIENT_ID: _client, ...env } = process.env;
    const child = spawn('npm', ['start'], {
      cwd: root,
      detached: true, // its own process group, like a terminal session
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        PATH: pathWithoutOwnNode(env.PATH),
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        PORT: String(ports.api),
        TEMPORAL_PORT: String(ports.temporal),
        TEMPORAL_UI_PORT: String(ports.ui),
        MAILPIT_SMTP_PORT: String(ports.mailSmtp),
        MAILPIT_UI_PORT: String(ports.mailUi),
        OIDC_PORT: String(ports.oidc),
        TEMPORAL_TASK_QUEUE: 'npm-start-test',
        LOG_LEVEL: 'warn',
      },
    });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    const deadline = Date.now() + 240000;
    while (!text.includes('Placement engine is running')) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${text}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up in time:\n${text}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    return { child, output: () => text };
  }

  function processesOf(pid: number): number[] {
    const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
    const tree = out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const found: number[] = [];
    const walk = (parent: number): void => {
      for (const [p, pp] of tree) {
        if (pp === parent) {
          found.push(p);
          walk(p);
        }
      }
    };
    walk(pid);
    return found;
  }

  const commandOf = (pid: number): string => {
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    } catch {
      return '';
    }
  };

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  async function stop(child: ChildProcess): Promise<number[]> {
    const started = processesOf(child.pid!);
    const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? `code ${code}`)));
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C
    // npm re-raises the SIGINT after its script has finished; the script itself exits 0.
    expect(['code 0', 'SIGINT']).toContain(await exited);
    return started;
  }

  /** Mails Mailpit holds for an address, once at least `atLeast` arrived (or after a minute). */
  async function mailsTo(address: string, atLeast: number): Promise<number> {
    const deadline = Date.now() + 60000;
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${ports.mailUi}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}`).catch(() => undefined);
      const total = response?.ok ? ((await response.json()) as { messages_count: number }).messages_count : 0;
      if (total >= atLeast || Date.now() > deadline) return total;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function journeysInTemporal(): Promise<number> {
    const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
    try {
      const client = new Client({ connection });
      const { count } = await client.workflow.count('WorkflowType = "journeyWorkflow" AND ExecutionStatus = "Running"');
      return count;
    } finally {
      await connection.close();
    }
  }

  async function journeysInDatabase(): Promise<number> {
    const db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT count(*)::int AS n FROM journeys');
    await db.end();
    return rows[0].n;
  }

  it('starts everything with demo data, stops every process on Ctrl-C, and keeps the data for the next start', async () => {
    const first = await start();
    expect(first.output()).toContain(`Web app        http://127.0.0.1:${ports.api}/`);
    const page = await fetch(`http://127.0.0.1:${ports.api}/taken`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<div id="root">');
    expect(first.output()).toContain(`API docs       http://127.0.0.1:${ports.api}/docs`);
    expect(first.output()).toContain(`Temporal UI    http://127.0.0.1:${ports.ui}`);
    expect(first.output()).toContain(`${DEMO_REFERRALS.length} journeys (${DEMO_REFERRALS.length} new)`);

    const health = await fetch(`http://127.0.0.1:${ports.api}/health`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.api}/docs`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    // Mailpit runs, its web UI printed; the coordinator is told of each demo journey's intake.
    expect(first.output()).toContain(`Mailpit UI     http://127.0.0.1:${ports.mailUi}`);
    const mails = await mailsTo(demoEmail('regisseur-1'), DEMO_REFERRALS.length);
    expect(mails).toBe(DEMO_REFERRALS.length);

    // The web app signs in at the OpenID provider it runs, as a demo user picked there, and comes back to the page it was sent from.
    const issuer = `http://127.0.0.1:${ports.oidc}`;
    expect(first.output()).toContain(`OpenID provider ${issuer}`);
    expect(await (await fetch(`http://127.0.0.1:${ports.api}/auth/config`)).json()).toEqual({ developmentSignIn: false, oidc: { issuer, clientId: 'placement-web', scope: 'openid' } });
    const { browser, close: closeBrowser } = await launchChromium();
    try {
      const tab = await (await browser.newContext({ locale: 'nl-NL' })).newPage();
      await tab.goto(`http://127.0.0.1:${ports.api}/aanmeldingen`);
      await signInAsDemoUser(tab, 'Petra de Wit (regisseur)');
      await tab.waitForURL(`http://127.0.0.1:${ports.api}/aanmeldingen`);
      await tab.getByRole('heading', { level: 1, name: 'Aanmeldingen' }).waitFor();
      await tab.getByText('Sanne Bakker').first().waitFor();
    } finally {
      await closeBrowser();
    }
    expect(await journeysInDatabase()).toBe(DEMO_REFERRALS.length);
    expect(await journeysInTemporal()).toBe(DEMO_REFERRALS.length);

    // Every Node.js process it started (the start script, the worker, the API) runs on the pinned one.
    const nodes = processesOf(first.child.pid!).filter(isNodeProcess);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(nodes.map(nodeVersionOf)).toEqual(nodes.map(() => `v${pinnedNodeVersion()}`));

    const processes = await stop(first.child);
    expect(processes.length).toBeGreaterThanOrEqual(5); // node script (with the OpenID provider), Temporal, Mailpit, worker, API
    // Everything it started is gone. npm may return before its script has finished stopping the
    // children (a loaded machine takes longer), so wait for the processes themselves.
    const deadline = Date.now() + 60000;
    while (processes.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(processes.filter(alive)).toEqual([]);
    for (const port of Object.values(ports)) await expect(isPortFree(port)).resolves.toBe(true);
    expect(first.output()).toContain('[start] Stopped.');

    const second = await start();
    expect(second.output()).toContain(`${DEMO_REFERRALS.length} journeys (0 new)`);
    // Mailpit's messages are kept under data/mailpit, and nothing was told twice.
    expect(await mailsTo(demoEmail('regisseur-1'), DEMO_REFERRALS.length)).toBe(mails);
    expect(await journeysInDatabase()).toBe(DEMO_REFERRALS.length);
    expect(await journeysInTemporal()).toBe(DEMO_REFERRALS.length);

    // A crashed worker or API is started again (with a backoff, logged); nothing else stops.
    for (const [name, script] of [['worker', 'apps/worker/src/main.js'], ['api', 'apps/api/src/main.js']]) {
      const [pid] = processesOf(second.child.pid!).filter((p) => commandOf(p).includes(script));
      expect(pid).toEqual(expect.any(Number));
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 60000;
      while (!second.output().includes(`${name} exited unexpectedly (SIGKILL); restarting it`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(second.output()).toContain(`${name} exited unexpectedly (SIGKILL); restarting it in 1 s (restart 1)`);
    }
    const readyBy = Date.now() + 120000;
    let ready = 0;
    while (ready !== 200 && Date.now() < readyBy) {
      ready = await fetch(`http://127.0.0.1:${ports.api}/health/ready`).then((r) => r.status, () => 0);
      if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready).toBe(200);
    expect(second.child.exitCode).toBeNull();
    await stop(second.child);
    // Two starts, each building the API and the web app first: minutes on a loaded machine.
  }, 600000);
});
