import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { createJourneyActivities, type JourneyActivities } from '../../activities/journey/journey.activities';
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { initialState } from '../../libs/domain/src/engine';
import '../../libs/domain/src/method/four-step';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import { scriptedProjection } from '../../workflows/journey/journey.projection';
import { ScriptedJourney } from '../../bench/scripted-journey';
import { testRun } from './test-run';

export { ScriptedJourney };

/** Real durations, one evaluation round before the outcome: every figure of a cohort follows from its script. */
export const COHORT_POLICY: Partial<JourneyPolicy> = { evaluationsBeforeOutcome: 1 };

/**
 * Journeys with a past of our choosing: the journey state machine decides every step (as the
 * workflow does) at the times a script names, and the real projection activity writes each
 * decision to the read model. So a cohort's flow times, outcomes and open tasks are known in
 * advance, to the day. No workflow runs for these journeys.
 */
export class CohortWriter {
  private constructor(
    private readonly dataSource: DataSource,
    readonly project: JourneyActivities['projectJourney'],
  ) {}

  static async open(): Promise<CohortWriter> {
    const dataSource = await new DataSource(dataSourceOptions(testRun().databaseUrl)).initialize();
    return new CohortWriter(dataSource, createJourneyActivities({ dataSource }).projectJourney);
  }

  close(): Promise<void> {
    return this.dataSource.destroy();
  }

  /** A referral at `referredAt`: the candidate row (ids only in what follows) and the journey's first projection. */
  async refer(
    db: PgClient,
    input: { municipalityId: string; careProviderId?: string; referrerOrganisationId: string },
    referredAt: string,
  ): Promise<ScriptedJourney> {
    const candidateId = randomUUID();
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Cohort', 'Member', '2006-01-01')`, [
      candidateId,
      input.municipalityId,
    ]);
    const first = initialState({ candidateId, ...input, referredAt, policy: COHORT_POLICY }, referredAt);
    await this.project(scriptedProjection(0, first));
    return new ScriptedJourney(this.project, candidateId, first.state, Date.parse(referredAt));
  }
}
