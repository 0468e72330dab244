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
