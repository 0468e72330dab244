import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { createJourneyActivities, type JourneyActivities } from '../../activities/journey/journey.activities';
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { decide, initialState, nextTimer, openTasks, type Command, type Decision, type JourneyState } from '../../libs/domain/src/journey-machine';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import type { TaskType } from '../../libs/domain/src/tasks';
import { toProjection } from '../../workflows/journey/journey.projection';
import { testRun } from './test-run';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

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
    await this.project(toProjection(first.state, first));
    return new ScriptedJourney(this.project, candidateId, first.state, Date.parse(referredAt));
  }
}

export class ScriptedJourney {
  private now: number;

  constructor(
    private readonly project: JourneyActivities['projectJourney'],
    readonly candidateId: string,
    public state: JourneyState,
    readonly referredAt: number,
  ) {
    this.now = referredAt;
  }

  /** Moves the clock to `day` days (plus `hours`) after the referral, firing every timer due by then. */
  async at(day: number, hours = 0): Promise<this> {
    const to = this.referredAt + day * DAY + hours * HOUR;
    if (to < this.now) throw new Error(`the script goes back in time on ${this.candidateId}`);
    for (let timer = nextTimer(this.state); timer && Date.parse(timer.fireAt) <= to; timer = nextTimer(this.state)) {
      await this.apply({ kind: 'TimerFired', timerId: timer.id }, Date.parse(timer.fireAt));
    }
    this.now = to;
    return this;
  }

  /** The assignee completes its open task of this type (of this organisation, when given). */
  async complete(type: TaskType, payload: unknown, organisationId?: string): Promise<this> {
    const task = openTasks(this.state).find((t) => t.type === type && (!organisationId || t.assignee.organisationId === organisationId));
    if (!task) throw new Error(`no open ${type} on ${this.candidateId} (open: ${openTasks(this.state).map((t) => t.id).join(', ')})`);
    await this.apply({ kind: 'CompleteTask', taskId: task.id, actor: { organisationId: task.assignee.organisationId }, payload }, this.now);
    return this;
  }

  async act(command: Command): Promise<this> {
    await this.apply(command, this.now);
    return this;
  }

  private async apply(command: Command, at: number): Promise<void> {
    const decision: Decision = decide(this.state, command, new Date(at).toISOString());
    this.state = decision.state;
    await this.project(toProjection(decision.state, decision));
  }
}
