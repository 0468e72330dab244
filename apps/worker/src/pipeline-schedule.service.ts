import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Environment, temporalSettings } from '../../../libs/config/src/environment';
import { connectClient } from '../../../libs/temporal/src/connection';
import { JourneyClient } from '../../../libs/temporal/src/journeys';

/**
 * Makes sure the nightly schedules exist: the reconciliation and the retention erasure (see
 * JourneyClient.ensureReconciliationSchedule and ensureRetentionSchedule).
 * A Temporal Schedule rather than a timer in this process: it runs once however many workers there
 * are, survives restarts, and shows in Temporal's UI with its runs.
 */
@Injectable()
export class PipelineScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PipelineScheduleService.name);
  private journeys?: JourneyClient;

  constructor(private readonly env: Environment) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.journeys = new JourneyClient(await connectClient(temporalSettings(this.env), this.env.DEPENDENCY_TIMEOUT_MS), this.env.TEMPORAL_TASK_QUEUE);
      await this.journeys.ensureReconciliationSchedule();
      await this.journeys.ensureRetentionSchedule();
    } catch (error) {
      // The worker's own work does not depend on them; the next start tries again.
      this.logger.warn(`Could not make sure the nightly schedules exist: ${String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.journeys?.client.connection.close().catch(() => undefined);
    this.journeys = undefined;
  }
}
