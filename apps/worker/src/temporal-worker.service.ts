import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Worker, type NativeConnection } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { JOURNEY_ACTIVITIES, type JourneyActivities } from '../../../activities/activities.module';
import { NOTIFICATION_ACTIVITIES, type NotificationActivities } from '../../../activities/notifications/notification-activities.module';
import { PIPELINE_ACTIVITIES, type PipelineActivities } from '../../../activities/pipeline/pipeline-activities.module';
import { PRIVACY_ACTIVITIES, type PrivacyActivities } from '../../../activities/privacy/privacy-activities.module';
import { VENUE_ACTIVITIES, type VenueActivities } from '../../../activities/venues/venue-activities.module';
import { Environment, temporalSettings } from '../../../libs/config/src/environment';
import { connectNative } from '../../../libs/temporal/src/connection';
import { waitFor } from '../../../libs/config/src/wait-for';
import { WORKER_HEARTBEAT_EVERY_MS, WorkerHeartbeatsRepository } from '../../../libs/database/src/repositories/worker-heartbeats.repository';
import { workflowSource } from './workflow-source';

/**
 * Hosts the Temporal worker: waits for Temporal at start (a worker started first waits instead of
 * exiting), runs it at bootstrap, says every few seconds that it polls (the API's readiness reads
 * it), shuts it down once and awaits it. `whenStopped` rejects when the worker stopped by itself,
 * so the process exits and its supervisor starts it again.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private readonly workerId = randomUUID();
  private readonly heartbeats: WorkerHeartbeatsRepository;
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;
  private heartbeat?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    private readonly env: Environment,
    @InjectDataSource() dataSource: DataSource,
    @Inject(JOURNEY_ACTIVITIES) private readonly journeyActivities: JourneyActivities,
    @Inject(PIPELINE_ACTIVITIES) private readonly pipelineActivities: PipelineActivities,
    @Inject(PRIVACY_ACTIVITIES) private readonly privacyActivities: PrivacyActivities,
    @Inject(NOTIFICATION_ACTIVITIES) private readonly notificationActivities: NotificationActivities,
    @Inject(VENUE_ACTIVITIES) private readonly venueActivities: VenueActivities,
  ) {
    this.heartbeats = new WorkerHeartbeatsRepository(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await waitFor(`Temporal at ${this.env.TEMPORAL_ADDRESS}`, () => connectNative(temporalSettings(this.env)), {
      log: (m) => this.logger.warn(m),
    });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      ...workflowSource(),
      activities: { ...this.journeyActivities, ...this.pipelineActivities, ...this.privacyActivities, ...this.notificationActivities, ...this.venueActivities },
      maxCachedWorkflows: this.env.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: this.env.WORKER_WORKFLOW_TASK_SLOTS,
      // A projection per workflow task at most: as many local activities as workflow tasks.
      maxConcurrentLocalActivityExecutions: this.env.WORKER_WORKFLOW_TASK_SLOTS,
      // A journey's next workflow task waits this long for the worker that has it cached before
      // any worker takes it (the SDK's 10 s made every journey of a killed worker wait 10 s).
      stickyQueueScheduleToStartTimeout: '5 seconds',
      // A redeploy never hangs: running activities are cancelled at once, and after this the
      // worker stops anyway (the server hands unfinished tasks to the next worker).
      shutdownForceTime: '30 seconds',
    });
    this.running = this.worker.run();
    this.running.then(
      () => this.shuttingDown || this.logger.error('Worker stopped by itself'),
      (error: unknown) => this.logger.error(`Worker stopped: ${String(error)}`),
    );
    this.logger.log(`Worker polling task queue ${this.env.TEMPORAL_TASK_QUEUE} on ${this.env.TEMPORAL_ADDRESS}`);
    const startedAt = new Date();
    const beat = async (): Promise<void> => {
      if (this.worker?.getState() !== 'RUNNING') return;
      await this.heartbeats
        .beat({ workerId: this.workerId, taskQueue: this.env.TEMPORAL_TASK_QUEUE, host: hostname(), pid: process.pid, startedAt })
        .catch((error: unknown) => this.logger.warn(`Heartbeat not written: ${String(error).split('\n')[0]}`));
    };
    await beat();
    this.heartbeat = setInterval(() => void beat(), WORKER_HEARTBEAT_EVERY_MS);
    this.heartbeat.unref();
  }

  /** Resolves when the worker was shut down; rejects when it stopped by itself. */
  async whenStopped(): Promise<void> {
    await (this.running ?? Promise.resolve());
    if (!this.shuttingDown) throw new Error('The Temporal worker stopped by itself.');
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.heartbeat);
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.heartbeats.gone(this.workerId).catch(() => undefined);
    await this.connection?.close();
    this.worker = undefined;
    this.connection = undefined;
  }
}
