import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PipelineAggregatesRepository } from '../../../libs/database/src/repositories/pipeline-aggregates.repository';

/** How often the log of aggregate deltas is folded into the aggregates. */
export const FOLD_EVERY_MS = 2_000;

/**
 * Folds the pipeline aggregates' delta log into their tables every few seconds, so the summary
 * reads few rows however busy the day was (it is exact either way: it sums both). Any number of
 * workers may run it; one folds at a time.
 */
@Injectable()
export class PipelineFoldService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PipelineFoldService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(private readonly aggregates: PipelineAggregatesRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.aggregates
        .fold()
        .catch((error: unknown) => this.logger.warn(`Folding the aggregates failed: ${String(error).split('\n')[0]}`))
        .finally(() => (this.running = undefined));
    }, FOLD_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
