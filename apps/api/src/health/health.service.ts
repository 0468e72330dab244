import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../../../../libs/config/src/environment';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import type { DependencyHealth, HealthReport } from './health.controller';

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: JourneyWorkflowGateway,
    private readonly env: Environment,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, temporal] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1')),
      this.probe(() => this.temporal.ping()),
    ]);
    return { status: database.status === 'up' && temporal.status === 'up' ? 'ok' : 'error', database, temporal };
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
