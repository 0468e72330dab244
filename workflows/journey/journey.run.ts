/**
 * One run of a journey's workflow, without Temporal: the state and what the run keeps beside it
 * (Updates counted towards continue-as-new, the search attributes last upserted, the Updates
 * answered before), and the commands applied to it through the engine. The workflow
 * (journey.workflow.ts) wires Temporal's handlers and timers to it; journey.run.spec.ts tests it.
 */
import {
  decide,
  findAppliedUpdate,
  initialState,
  isClosed,
  nextTimer,
  recordAppliedUpdate,
  searchAttributes,
  validateCommand,
  type Command,
  type CommandResult,
  type Decision,
  type JourneySearchAttributes,
  type JourneyState,
  type Rejection,
  type Timer,
} from '../../libs/domain/src/engine';
import type { JourneyInput } from '../../libs/domain/src/journey';
// A journey runs the four-step method: it registers with the engine as it loads.
import '../../libs/domain/src/method/four-step';
import type { PayloadContext } from '../../libs/domain/src/payload/vocabulary';
import type { JourneyPolicy } from '../../libs/domain/src/policy';

export class JourneyRun {
  state: JourneyState;
  /** A new journey's first decision (the referral and its first task); none in a continued run. */
  readonly first: Decision | undefined;
  private updates = 0;
  private upserted = '';

  /** `carried`: the state handed over by continue-as-new; `now`: the workflow's time (ISO). */
  constructor(input: JourneyInput & { policy?: Partial<JourneyPolicy> }, carried: JourneyState | undefined, now: string) {
    if (carried) {
      this.state = { ...carried, runCount: carried.runCount + 1 };
    } else {
      this.first = initialState(input, now);
      this.state = this.first.state;
    }
  }

  /** The sequence the read model had when this run began (the carried state's; 0 for a new journey). */
  get startSequence(): number {
    return this.first ? 0 : this.state.sequence;
  }

  /** The result of an Update this journey applied before (a retried request), if any. */
  answered(updateId: string | undefined): CommandResult | undefined {
    return updateId ? findAppliedUpdate(this.state, updateId) : undefined;
  }

  /** Why a command cannot be applied now; `arriving`: for a command as it arrives (its payload checked too). */
  rejection(command: Command, arriving?: PayloadContext): Rejection | undefined {
    return validateCommand(this.state, command, arriving);
  }

  /** Applies a command `rejection` let through; the state moves on. */
  decide(command: Command, now: string): Decision {
    const decision = decide(this.state, command, now);
    this.state = decision.state;
    return decision;
  }

  /** An Update arrived that this run applies (not a repeat): counted towards continue-as-new. */
  countUpdate(): void {
    this.updates += 1;
  }

  /** Remembers an Update's result, so a retry of it is answered from memory. */
  remember(updateId: string, result: CommandResult): void {
    this.state = recordAppliedUpdate(this.state, updateId, result);
  }

  /** The search attributes when they differ from what was last upserted (and now are); undefined when not. */
  searchAttributesToUpsert(): JourneySearchAttributes | undefined {
    const attrs = searchAttributes(this.state);
    const key = JSON.stringify(attrs);
    if (key === this.upserted) return undefined;
    this.upserted = key;
    return attrs;
  }

  /** Whether the run should hand over to a new one: Temporal suggests it, or the run took its share of Updates. */
  continueAsNewDue(suggested: boolean): boolean {
    return suggested || this.updates >= this.state.policy.maxUpdatesPerRun;
  }

  get closed(): boolean {
    return isClosed(this.state);
  }

  /** The timer that fires next (none while paused or closed). */
  nextTimer(): Timer | undefined {
    return nextTimer(this.state);
  }

  /** Which timer is next, and when: what the timer loop waits on. */
  dueKey(): string {
    return dueKey(this.nextTimer());
  }

  /**
   * What wakes the timer loop's wait, from now on. Narrow (patch '2026-11-30-narrow-wake'): only a
   * change of what it waits for, the next due time, the journey closed or a continue-as-new due.
   * Before it, every change of the state woke it (and it went round to wait again).
   */
  wakeCondition(narrow: boolean, continueAsNewDue: () => boolean): () => boolean {
    const seen = this.state.sequence;
    const due = this.dueKey();
    return narrow ? () => this.closed || continueAsNewDue() || this.dueKey() !== due : () => this.state.sequence !== seen || continueAsNewDue();
  }
}

export function dueKey(timer: { id: string; fireAt: string } | undefined): string {
  return timer ? `${timer.id}@${timer.fireAt}` : '';
}
