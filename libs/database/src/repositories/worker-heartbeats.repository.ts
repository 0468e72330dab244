import type { DataSource } from 'typeorm';

/** How long a worker counts as polling after its last heartbeat. */
export const WORKER_HEARTBEAT_FRESH_MS = 10_000;
/** How often a worker says it polls. */
export const WORKER_HEARTBEAT_EVERY_MS = 2_000;

export interface WorkerSeen {
  workers: number;
  /** Milliseconds since the freshest heartbeat; undefined when no worker ever beat. */
  lastSeenMsAgo?: number;
}

/** The workers' heartbeats: each worker process writes its own row; the API reads them. */
export class WorkerHeartbeatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async beat(worker: { workerId: string; taskQueue: string; host: string; pid: number; startedAt: Date }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, task_queue, host, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
      [worker.workerId, worker.taskQueue, worker.host, worker.pid, worker.startedAt],
    );
    // Rows of workers gone for a day are of no use to anyone.
    await this.dataSource.query(`DELETE FROM worker_heartbeats WHERE seen_at < now() - interval '1 day'`);
  }

  async gone(workerId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM worker_heartbeats WHERE worker_id = $1`, [workerId]);
  }

  /** The workers of this task queue seen within WORKER_HEARTBEAT_FRESH_MS, and when the last was seen. */
  async seen(taskQueue: string): Promise<WorkerSeen> {
    const [row]: { workers: number; ago_ms: number | null }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE seen_at > now() - make_interval(secs => $2 / 1000.0))::int AS workers,
              (extract(epoch FROM now() - max(seen_at)) * 1000)::int AS ago_ms
       FROM worker_heartbeats WHERE task_queue = $1`,
      [taskQueue, WORKER_HEARTBEAT_FRESH_MS],
    );
    return { workers: row.workers, ...(row.ago_ms === null ? {} : { lastSeenMsAgo: row.ago_ms }) };
  }
}
