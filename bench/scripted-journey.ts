import type { JourneyActivities } from '../activities/journey/journey.activities';
import { decide, nextTimer, openTasks, type Command, type Decision, type JourneyState } from '../libs/domain/src/engine';
import type { TaskType } from '../libs/domain/src/method/catalogue';
import '../libs/domain/src/method/four-step';
import { scriptedProjection } from '../workflows/journey/journey.projection';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * A journey with a past of our choosing: the journey state machine decides every step (as the
 * workflow does) at the times a script names, and the real projection activity writes each
 * decision to the read model. No workflow runs for it. Seeds the benchmark's read model and the
 * pipeline tests' cohorts.
 */
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
    const before = this.state.sequence;
    const decision: Decision = decide(this.state, command, new Date(at).toISOString());
    this.state = decision.state;
    await this.project(scriptedProjection(before, decision));
  }
}
