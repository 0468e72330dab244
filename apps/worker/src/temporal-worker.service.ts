import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { JOURNEY_ACTIVITIES, type JourneyActivities } from '../../../activities/activities.module';
import { PIPELINE_ACTIVITIES, type PipelineActivities } from '../../../activities/pipeline/pipeline-activities.module';
import { Environment } from '../../../libs/config/src/environment';
import { workflowSource } from './workflow-source';

/** Hosts the Temporal worker: runs it at bootstrap, shuts it down once and awaits it. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    private readonly env: Environment,
    @Inject(JOURNEY_ACTIVITIES) private readonly journeyActivities: JourneyActivities,
    @Inject(PIPELINE_ACTIVITIES) private readonly pipelineActivities: PipelineActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      ...workflowSource(),
      activities: { ...this.journeyActivities, ...this.pipelineActivities },
      maxCachedWorkflows: this.env.WORKER_MAX_CACHED_WORKFLOWS,
      // A redeploy never hangs: running activities are cancelled at once, and after this the
      // worker stops anyway (the server hands unfinished tasks to the next worker).
      shutdownForceTime: '30 seconds',
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => this.logger.error(`Worker stopped: ${String(error)}`));
    this.logger.log(`Worker polling task queue ${this.env.TEMPORAL_TASK_QUEUE} on ${this.env.TEMPORAL_ADDRESS}`);
  }

  /** Resolves when the worker has stopped; for tests and main. */
  whenStopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    this.worker = undefined;
    this.connection = undefined;
  }
}
