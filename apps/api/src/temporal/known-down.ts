import type { ObservedChannel } from '../../../../libs/temporal/src/connection';
import type { WorkerSeen } from '../../../../libs/database/src/repositories/worker-heartbeats.repository';

/** @grpc/grpc-js's ConnectivityState values the API looks at. */
const TRANSIENT_FAILURE = 3;
const SHUTDOWN = 4;
/** How long an answer "a worker polls" is taken as still true when a call starts (an answer "none" is never reused). */
export const WORKERS_SEEN_CACHE_MS = 1_000;
/** How often a call that waits for its answer looks at the heartbeats again (a worker gone meanwhile is known then). */
export const WORKERS_RECHECK_MS = 500;

/** Why a call to Temporal is known to fail now: Temporal cannot be reached, or no worker polls the journeys' task queue. */
export class KnownDownError extends Error {
  constructor(readonly reason: { temporal: true } | { workers: WorkerSeen }) {
    super('temporal' in reason ? 'Temporal is not reachable' : 'no worker polls');
  }
}

/**
 * What is known to be down at this moment, from signals that cost no wait, so that a call that
 * cannot succeed answers 503 at once instead of after DEPENDENCY_TIMEOUT_MS:
 * - Temporal: the gRPC channel is in TRANSIENT_FAILURE (its connection attempts fail: nothing
 *   listens, the connection drops, TLS fails). The channel keeps reconnecting by itself (backoff at
 *   most 2 s, `lazyClient`), so it is READY again soon after Temporal is back.
 * - The worker: no heartbeat of a worker on the task queue within WORKER_HEARTBEAT_FRESH_MS
 *   (`worker_heartbeats`, as readiness reads it). Read as the call starts (an answer "a worker
 *   polls" of the last second is reused, so a quick call costs no read) and every
 *   WORKERS_RECHECK_MS while it waits; at most one read at a time.
 */
export class KnownDown {
  private readonly waiting = new Set<(error: KnownDownError) => void>();
  private workersSeen?: { at: number; pending: boolean; polls: boolean; seen: Promise<WorkerSeen | undefined> };

  constructor(
    private readonly channel: ObservedChannel,
    private readonly readWorkers: () => Promise<WorkerSeen>,
  ) {
    this.watchChannel();
  }

  /** Temporal cannot be reached now (the channel's last connection attempts failed). */
  temporalDown(): boolean {
    return this.channel.getConnectivityState(false) === TRANSIENT_FAILURE;
  }

  /**
   * Rejects with KnownDownError once what the call needs is known to be down (Temporal, and the
   * worker when `needsWorker`); never settles otherwise. Stops watching when `done` aborts.
   */
  until(needsWorker: boolean, done: AbortSignal): Promise<never> {
    return new Promise<never>((_, reject) => {
      if (this.temporalDown()) return reject(new KnownDownError({ temporal: true }));
      const onDown = (error: KnownDownError): void => reject(error);
      this.waiting.add(onDown);
      done.addEventListener('abort', () => this.waiting.delete(onDown), { once: true });
      if (!needsWorker) return;
      const check = (maxAgeMs: number): void =>
        void this.workers(maxAgeMs).then((seen) => {
          if (seen && !seen.workers && !done.aborted) reject(new KnownDownError({ workers: seen }));
        });
      check(WORKERS_SEEN_CACHE_MS);
      const recheck = setInterval(() => check(WORKERS_RECHECK_MS), WORKERS_RECHECK_MS).unref();
      done.addEventListener('abort', () => clearInterval(recheck), { once: true });
    });
  }

  /**
   * The task queue's workers as the heartbeats tell (undefined when PostgreSQL does not answer: not
   * known). One read at a time; "a worker polls" is reused for `maxAgeMs`, "none" never.
   */
  private workers(maxAgeMs: number): Promise<WorkerSeen | undefined> {
    const cached = this.workersSeen;
    if (cached && (cached.pending || (cached.polls && Date.now() - cached.at < maxAgeMs))) return cached.seen;
    const entry = { at: Date.now(), pending: true, polls: false, seen: this.readWorkers().catch(() => undefined) };
    void entry.seen.then((seen) => Object.assign(entry, { at: Date.now(), pending: false, polls: Boolean(seen?.workers) }));
    this.workersSeen = entry;
    return entry.seen;
  }

  /** One watcher on the channel for the API's lifetime: a change to TRANSIENT_FAILURE fails every call waiting. */
  private watchChannel(): void {
    const state = this.channel.getConnectivityState(false);
    if (state === SHUTDOWN) return;
    if (state === TRANSIENT_FAILURE) {
      for (const fail of this.waiting) fail(new KnownDownError({ temporal: true }));
      this.waiting.clear();
    }
    this.channel.watchConnectivityState(state, Infinity, () => this.watchChannel());
  }
}
