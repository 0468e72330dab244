import { Injectable } from '@nestjs/common';
import { Environment } from '../../../../libs/config/src/environment';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { WORKER_HEARTBEAT_FRESH_MS } from '../../../../libs/database/src/repositories/worker-heartbeats.repository';
import type { DependencyHealth, HealthReport, WorkerHealth } from './health.dto';
import { HealthRepository } from './health.repository';

@Injectable()
export class HealthService {
  constructor(
    private readonly database: HealthRepository,
    private readonly temporal: JourneyWorkflowGateway,
    private readonly env: Environment,
  ) {}

  async check(): Promise<HealthReport> {
    let seen: { workers: number; lastSeenMsAgo?: number } = { workers: 0 };
    const [database, temporal, polling] = await Promise.all([
      this.probe(() => this.database.ping()),
      this.probe(() => this.temporal.ping()),
      this.probe(async () => {
        seen = await this.temporal.workers.seen(this.env.TEMPORAL_TASK_QUEUE);
        if (!seen.workers) throw new Error(`no worker seen polling task queue ${this.env.TEMPORAL_TASK_QUEUE} within ${WORKER_HEARTBEAT_FRESH_MS / 1000} s`);
      }),
    ]);
    const worker: WorkerHealth = { ...polling, ...seen };
    const ok = [database, temporal, worker].every((d) => d.status === 'up');
    return { status: ok ? 'ok' : 'error', database, temporal, worker };
  }

  private async probe(fn: () => Promise<unknown>): Promise<DependencyHealth> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.env.DEPENDENCY_TIMEOUT_MS} ms`)), this.env.DEPENDENCY_TIMEOUT_MS);
    });
    try {
      await Promise.race([fn(), timeout]);
      return { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
