import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Stops a child process: SIGTERM, then SIGKILL after the grace period. Safe to call twice. */
export async function stopChild(child: ChildProcess, graceMs = 10000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export type Log = (message: string) => void;

/**
 * Stops `childPid` (SIGTERM) when `ownerPid` is gone, even if the owner was killed outright and
 * never ran its shutdown: a tiny detached shell loop, so no server outlives its owner.
 */
export function stopWithOwner(childPid: number, ownerPid: number = process.pid): void {
  const watchdog = spawn(
    '/bin/sh',
    ['-c', `while kill -0 ${ownerPid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 1; done; kill -TERM ${childPid} 2>/dev/null; exit 0`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
}

export interface ServerStart {
  /** What it is, for messages: "The Temporal dev server", "Mailpit". */
  name: string;
  /** Where it answers, for messages. */
  where: string;
  /** True once it answers. */
  ready: () => Promise<boolean>;
  timeoutMs: number;
  pollMs: number;
  /** Its working directory and environment (default: this process's). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A server process that exited before it answered. */
export class ServerExitedError extends Error {}

/**
 * Starts a server process in its own process group (a Ctrl-C in the terminal reaches the owner,
 * which stops it in order; it stops with its owner even when the owner is killed) and waits until
 * it answers. Fails with its last output when it exits first or does not answer in time.
 */
export async function startServerProcess(command: string, args: string[], start: ServerStart): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: start.cwd, env: start.env });
  if (child.pid) stopWithOwner(child.pid);
  const output: string[] = [];
  // A Go panic's first lines say why; its stack trace that follows would push them out of the tail.
  let panic = '';
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    if (!panic && text.includes('panic:')) panic = text.slice(text.indexOf('panic:'), text.indexOf('panic:') + 600);
    output.push(text);
    if (output.length > 50) output.shift();
  };
  const lastOutput = (): string => {
    const tail = output.join('').slice(-3000);
    return panic && !tail.includes(panic) ? `${panic}\n…\n${tail}` : tail;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + start.timeoutMs;
  for (;;) {
    if (exited !== null) throw new ServerExitedError(`${start.name} exited (code ${exited}) while starting:\n${lastOutput()}`);
    if (await start.ready()) return child;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${start.name} did not answer on ${start.where} in time:\n${lastOutput()}`);
    }
    await new Promise((r) => setTimeout(r, start.pollMs));
  }
}
