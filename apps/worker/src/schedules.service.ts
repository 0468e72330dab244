import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Environment, temporalSettings } from '../../../libs/config/src/environment';
import { connectClient } from '../../../libs/temporal/src/connection';
import { JourneyClient } from '../../../libs/temporal/src/journeys';

/**
 * Makes sure the schedules exist: the nightly reconciliation (see
 * JourneyClient.ensureReconciliationSchedule), the daily digest at DIGEST_TIME
 * (ensureDigestSchedule) and the nightly retention erasure (ensureRetentionSchedule). Temporal Schedules rather than timers in this process: each runs once
 * however many workers there are, survives restarts, and shows in Temporal's UI with its runs.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulesService.name);
  private journeys?: JourneyClient;

  constructor(private readonly env: Environment) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedules: [string, (journeys: JourneyClient) => Promise<void>][] = [
      ['reconciliation', (j) => j.ensureReconciliationSchedule()],
      ['daily digest', (j) => j.ensureDigestSchedule(this.env.DIGEST_TIME)],
      ['retention', (j) => j.ensureRetentionSchedule()],
      ['monthly statements', (j) => j.ensureMonthlyStatementsSchedule()],
    ];
    for (const [name, ensure] of schedules) {
      try {
        this.journeys ??= new JourneyClient(await connectClient(temporalSettings(this.env), this.env.DEPENDENCY_TIMEOUT_MS), this.env.TEMPORAL_TASK_QUEUE);
        await ensure(this.journeys);
      } catch (error) {
        // The worker's own work does not depend on it; the next start tries again.
        this.logger.warn(`Could not make sure the ${name} schedule exists: ${String(error)}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.journeys?.client.connection.close().catch(() => undefined);
    this.journeys = undefined;
  }
}
