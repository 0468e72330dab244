import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { Environment } from '../../../libs/config/src/environment';
import {
  PIPELINE_RECONCILIATION_WORKFLOW_TYPE,
  pipelineReconciliationScheduleId,
  type PipelineReconciliationInput,
} from '../../../workflows/pipeline/pipeline.messages';

/**
 * Makes sure the nightly reconciliation schedule exists (02:30 Europe/Amsterdam, every
 * municipality, never two runs at once). Every worker checks at start; the first creates it.
 * A Temporal Schedule rather than a timer in this process: it runs once however many workers
 * there are, survives restarts, and shows in Temporal's UI with its runs.
 */
@Injectable()
export class PipelineScheduleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PipelineScheduleService.name);
  private connection?: Connection;

  constructor(private readonly env: Environment) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.connection = await Connection.connect({ address: this.env.TEMPORAL_ADDRESS, connectTimeout: this.env.DEPENDENCY_TIMEOUT_MS });
      await ensureReconciliationSchedule(new Client({ connection: this.connection, namespace: this.env.TEMPORAL_NAMESPACE }), this.env.TEMPORAL_TASK_QUEUE);
    } catch (error) {
      // The worker's own work does not depend on it; the next start tries again.
      this.logger.warn(`Could not make sure the reconciliation schedule exists: ${String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
  }
}

export async function ensureReconciliationSchedule(client: Client, taskQueue: string): Promise<void> {
  const scheduleId = pipelineReconciliationScheduleId(taskQueue);
  try {
    await client.schedule.getHandle(scheduleId).describe();
    return;
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
  const input: PipelineReconciliationInput = { trigger: 'SCHEDULE' };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 2, minute: 30, comment: 'nightly' }], timezone: 'Europe/Amsterdam' },
      action: { type: 'startWorkflow', workflowType: PIPELINE_RECONCILIATION_WORKFLOW_TYPE, args: [input], taskQueue, workflowId: scheduleId },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
