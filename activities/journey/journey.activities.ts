import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { writeJourneyProjection } from '../../libs/database/src/read-model/journey-projection.writer';
import type { JourneyProjection } from '../../libs/domain/src/read-model';
import { METRICS } from '../../libs/config/src/metrics';
import { activityMetrics } from '../activity-metrics';

export type { JourneyProjection, JourneyRow, TaskRow, TimelineEntry } from '../../libs/domain/src/read-model';

export interface JourneyActivityDeps {
  dataSource: DataSource;
}

/**
 * The journey's activities. A projection is idempotent, and fenced: a retried or replayed call
 * writes the same rows again, and one from a workflow task that was lost never overwrites what a
 * later one wrote (see writeJourneyProjection).
 */
export function createJourneyActivities({ dataSource }: JourneyActivityDeps) {
  return {
    async projectJourney(projection: JourneyProjection): Promise<void> {
      const started = performance.now();
      const outcome = await writeJourneyProjection(dataSource.manager, projection);
      activityMetrics()?.observe(METRICS.projectionDuration, performance.now() - started, { outcome });
      if (outcome === 'STALE') {
        inActivity(() =>
          log.warn('Projection from a lost workflow task dropped: a later one was written already', {
            candidateId: projection.journey.candidateId,
            sequence: projection.journey.sequence,
            fence: projection.fence.join('/'),
          }),
        );
      }
    },
  };
}

export type JourneyActivities = ReturnType<typeof createJourneyActivities>;

/** Logs through the activity's logger when there is one (the bench seed calls this outside a worker). */
function inActivity(fn: () => void): void {
  try {
    fn();
  } catch {
    // not inside an activity
  }
}
