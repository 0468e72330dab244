import type { DataSource } from 'typeorm';
import type { JourneySnapshot } from '../../libs/domain/src/journey';
import { journeyWorkflowId } from '../../libs/domain/src/journey';

export interface JourneyEventInput {
  type: string;
  actorOrganisationId?: string;
  actorUserId?: string;
  data?: Record<string, unknown>;
}

export interface ProjectJourneyInput {
  journey: JourneySnapshot;
  event: JourneyEventInput;
}

export interface JourneyActivityDeps {
  dataSource: DataSource;
}

/**
 * The journey's activities. Projections are idempotent: a retried or replayed call never
 * duplicates a timeline row nor moves the journey back to an older sequence.
 */
export function createJourneyActivities({ dataSource }: JourneyActivityDeps) {
  return {
    async projectJourney({ journey, event }: ProjectJourneyInput): Promise<void> {
      await dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id,
                                 step, status, sequence, referred_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (candidate_id) DO UPDATE SET
             care_provider_id = EXCLUDED.care_provider_id, step = EXCLUDED.step, status = EXCLUDED.status,
             sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at
           WHERE journeys.sequence < EXCLUDED.sequence`,
          [
            journey.candidateId,
            journeyWorkflowId(journey.candidateId),
            journey.municipalityId,
            journey.careProviderId ?? null,
            journey.referrerOrganisationId,
            journey.step,
            journey.status,
            journey.sequence,
            journey.referredAt,
            journey.updatedAt,
          ],
        );
        await tx.query(
          `INSERT INTO journey_events (candidate_id, sequence, type, step, actor_organisation_id, actor_user_id, occurred_at, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (candidate_id, sequence) DO NOTHING`,
          [
            journey.candidateId,
            journey.sequence,
            event.type,
            journey.step,
            event.actorOrganisationId ?? null,
            event.actorUserId ?? null,
            journey.updatedAt,
            JSON.stringify(event.data ?? {}),
          ],
        );
      });
    },
  };
}

export type JourneyActivities = ReturnType<typeof createJourneyActivities>;
