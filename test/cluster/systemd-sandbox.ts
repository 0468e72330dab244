/**
 * systemd itself, as PID 1 of namespaces of its own (systemd-sandbox.sh), running the units of
 * deploy/systemd as they are shipped: the checkout bound at /opt/placement, the environment file
 * at /etc/placement/placement.env, the user `placement` made in a private /etc. The supervision
 * test starts, kills and watches the units through `systemctl` inside it.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '..', '..');
const run = promisify(execFile);
/** The targets the units' default dependencies name; the sandbox knows none of the machine's units. */
const STAND_IN_TARGETS = ['sysinit', 'basic', 'shutdown', 'sockets', 'paths', 'timers', 'time-set', 'time-sync', 'network', 'network-online', 'multi-user'];

export class SystemdSandbox {
  private constructor(
    private readonly launcher: ChildProcess,
    private readonly dir: string,
    readonly pid: number,
  ) {}

  static async start(env: Record<string, string>): Promise<SystemdSandbox> {
    execFileSync('bash', [join(root, 'scripts', 'ensure-systemd.sh')], { stdio: 'inherit' });
    // Not under /tmp: the sandbox has a /tmp of its own.
    const dir = mkdtempSync('/var/tmp/placement-systemd-');
    const units = join(dir, 'units');
    mkdirSync(units);
    for (const file of readdirSync(join(root, 'deploy', 'systemd')).filter((f) => /\.(service|timer|target)$/.test(f))) {
      cpSync(join(root, 'deploy', 'systemd', file), join(units, file));
    }
    for (const target of STAND_IN_TARGETS) writeFileSync(join(units, `${target}.target`), `[Unit]\nDescription=${target} (sandbox stand-in)\n`);
    writeFileSync(join(units, 'placement-sandbox.target'), '[Unit]\nDescription=The supervision test\n');
    mkdirSync(join(dir, 'etc', 'placement'), { recursive: true });
    writeFileSync(join(dir, 'etc', 'placement', 'placement.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n', { mode: 0o640 });

    const launcher = spawn('bash', [join(__dirname, 'systemd-sandbox.sh'), dir, root], { stdio: ['ignore', 'inherit', 'inherit'] });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pid = systemdPid(launcher.pid!);
      if (pid) {
        const sandbox = new SystemdSandbox(launcher, dir, pid);
        const state = await sandbox.systemctl('is-system-running').catch(() => '');
        if (state === 'running' || state === 'degraded') return sandbox;
      }
      if (launcher.exitCode !== null || Date.now() > deadline) {
        launcher.kill('SIGKILL');
        throw new Error(`systemd did not start in its sandbox (launcher exit ${launcher.exitCode})`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A command in the sandbox (its mounts and processes); its trimmed stdout. */
  async exec(command: string, args: string[], timeoutMs = 240_000): Promise<string> {
    const { stdout } = await run('nsenter', ['--target', String(this.pid), '--mount', '--pid', '--uts', '--ipc', command, ...args], { timeout: timeoutMs });
    return stdout.trim();
  }

  systemctl(...args: string[]): Promise<string> {
    return this.exec('systemctl', args);
  }

  async show(unit: string): Promise<Record<string, string>> {
    const text = await this.systemctl('show', unit, '-p', 'MainPID', '-p', 'NRestarts', '-p', 'ActiveState', '-p', 'SubState', '-p', 'User', '-p', 'Result');
    return Object.fromEntries(text.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  }

  async stop(): Promise<void> {
    await this.systemctl('stop', 'placement-api@*', 'placement-worker@*').catch(() => undefined);
    // The end of PID 1 ends every process of its namespace.
    const exited = new Promise((r) => (this.launcher.exitCode !== null ? r(undefined) : this.launcher.once('exit', r)));
    process.kill(this.pid, 'SIGKILL');
    await exited;
    const cgroup = readFileSync(join(this.dir, 'cgroup-name'), 'utf8').trim();
    for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
      const group = join('/sys/fs/cgroup', hierarchy, cgroup);
      if (existsSync(group)) execFileSync('find', [group, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** systemd: the child of unshare, itself the child of the launcher's shell. */
function systemdPid(launcher: number): number | undefined {
  const children = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  for (const unshare of [launcher, ...children(launcher)]) {
    for (const child of children(unshare)) {
      const comm = readFileSync(`/proc/${child}/comm`, 'utf8').trim();
      if (comm === 'systemd') return child;
    }
  }
  return undefined;
}
