import type { ChildProcess } from 'node:child_process';
import { stopChild, type Log } from './child-process';

export interface SupervisorOptions {
  /** A run this long counts as healthy: the next restart waits the initial delay again. */
  healthyAfterMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Keeps one child process running: when it exits on its own, it is started again after a delay
 * that doubles while it keeps crashing (up to maxDelayMs), and each restart is logged. `stop`
 * ends it for good.
 */
export class Supervisor {
  private current?: ChildProcess;
  private stopped = false;
  private delay: number;
  private pendingRestart?: NodeJS.Timeout;
  restarts = 0;

  constructor(
    readonly name: string,
    private readonly start: () => ChildProcess,
    private readonly log: Log,
    private readonly options: SupervisorOptions = {},
  ) {
    this.delay = options.initialDelayMs ?? 1000;
    this.launch();
  }

  get child(): ChildProcess | undefined {
    return this.current;
  }

  private launch(): void {
    const child = this.start();
    const startedAt = Date.now();
    this.current = child;
    child.once('exit', (code, signal) => {
      if (this.stopped) return;
      const initial = this.options.initialDelayMs ?? 1000;
      if (Date.now() - startedAt >= (this.options.healthyAfterMs ?? 30_000)) this.delay = initial;
      this.restarts += 1;
      this.log(`${this.name} exited unexpectedly (${signal ?? `code ${code}`}); restarting it in ${(this.delay / 1000).toFixed(0)} s (restart ${this.restarts})`);
      this.pendingRestart = setTimeout(() => {
        if (!this.stopped) this.launch();
      }, this.delay);
      this.delay = Math.min(this.options.maxDelayMs ?? 30_000, this.delay * 2);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pendingRestart);
    if (this.current) await stopChild(this.current);
  }
}
