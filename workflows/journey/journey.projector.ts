/**
 * The journey's projection machinery, without Temporal: the queue of rows for the read model, the
 * fences and the base that make a lost workflow task's rows be replaced, and the notices. The
 * workflow (journey.workflow.ts) runs the local activity that writes a batch and tells the
 * projector what came of it; everything it decides lives here, tested by journey.projector.spec.ts.
 */
import type { Decision, JourneyEvent, JourneyState } from '../../libs/domain/src/engine';
import { journeyNotices, journeyParties, type JourneyNotice } from '../../libs/domain/src/notifications';
import type { JourneyParties } from '../../libs/domain/src/access';
import type { JourneyProjection } from '../../libs/domain/src/read-model';
import type { HumanTask } from '../../libs/domain/src/tasks';
import { JourneyPatch, type PatchCheck } from './journey.patches';
import { toProjection } from './journey.projection';

/** A projection written but not yet known to be in the committed history. */
interface Unconfirmed {
  sequence: number;
  historyLength: number;
  events: JourneyEvent[];
  tasks: Map<string, HumanTask>;
  notices: JourneyNotice[];
}

/** One batch for the projection activity, and what the projector keeps of it once written. */
export interface ProjectionJob {
  batch: JourneyProjection;
  /** The last ticket this batch covers. */
  upTo: number;
  /** Who to tell of this batch's new events once it is written (patch '2026-11-30-notify', before the notices went into the projection). */
  notices: JourneyNotice[];
  parties: JourneyParties;
  events: JourneyEvent[];
  tasks: Map<string, HumanTask>;
  recorded: JourneyNotice[];
}

export class JourneyProjector {
  /*
   * One projector, at most one projection in flight (patch '2026-11-23-serial-projection'). Before
   * it, every command ran its own local activity; two in flight in one workflow task resolved one by
   * one at first but together on replay, so the order of the commands that followed could differ.
   * Runs started before the patch keep that path (`serial` false) until they continue as new.
   */
  private pendingEvents: JourneyEvent[] = [];
  private pendingTasks = new Map<string, HumanTask>();
  private pendingRemovals: string[] = [];
  private enqueued = 0;
  private done = 0;
  /** On the path before the serial projector: the highest sequence written. */
  private projected: number;

  /*
   * A local activity commits to PostgreSQL inside its workflow task; if that task is lost (worker
   * or server killed, task timed out), the commit stays while the workflow redoes the work, maybe
   * otherwise. So each projection carries what is not yet known to be committed: the events and
   * tasks since the last projection that finished in an earlier workflow task (`committed`), and a
   * fence that grows along the history. The writer replaces whatever lies beyond `committed` with
   * them (see JourneyProjection).
   */
  private committed: number;
  private unconfirmed: Unconfirmed | undefined;

  /**
   * The events to tell people of (patch '2026-11-30-notify'). The patch is asked where an event is
   * made (a command or a timer: fixed points of the history), never after a local activity, whose
   * result can reach the workflow in a later workflow task live than on replay.
   */
  private toTell: JourneyEvent[] = [];
  /**
   * The events whose notices the projection writes itself (patch '2026-11-30-notices-in-projection'),
   * in its own transaction, instead of a notify activity per projection: that activity's completion
   * was a workflow task of its own, which the journey's next Update queued behind. The notices are
   * told once the history holding them is known to be committed (a later projection's base, the
   * Update's answer, or the notice dispatcher's reprojection), so a lost workflow task's never are.
   * Asked where an event is made, like the notify patch; once asked true, every projection of the
   * run carries the notices after its base (maybe none), so it replaces a lost task's.
   */
  private toRecord: JourneyEvent[] = [];
  private noticesInProjection = false;

  /** Notifications scheduled and not yet ended: awaited before the run ends (never before an Update answers). */
  private notifying = 0;

  /**
   * @param serial whether this run has the serial projector (asked once, at its start)
   * @param committedSequence the sequence committed before this run (the carried state's), 0 for a new journey
   * @param patched asked where an event is made, as the workflow must ask it
   */
  constructor(
    readonly serial: boolean,
    committedSequence: number,
    private readonly patched: PatchCheck,
  ) {
    this.committed = committedSequence;
    this.projected = committedSequence;
  }

  /** Queues a decision's rows; returns the ticket to wait for (see `isDone`). */
  enqueue(decision: Pick<Decision, 'events' | 'changedTasks'>, removedTaskIds: string[] = []): number {
    this.pendingEvents.push(...decision.events);
    if (decision.events.length && this.patched(JourneyPatch.NOTIFY)) {
      if (this.patched(JourneyPatch.NOTICES_IN_PROJECTION)) {
        this.noticesInProjection = true;
        this.toRecord.push(...decision.events);
      } else this.toTell.push(...decision.events);
    }
    for (const task of decision.changedTasks) this.pendingTasks.set(task.id, task);
    this.pendingRemovals.push(...removedTaskIds);
    return ++this.enqueued;
  }

  /**
   * A repair (or the notice dispatcher's confirmation) is on its way: it replaces a lost task's
   * notices too, even in a run that made no event since it was replayed.
   */
  reprojecting(): void {
    if (this.serial && this.patched(JourneyPatch.NOTICES_IN_PROJECTION)) this.noticesInProjection = true;
  }

  /** Whether something queued waits for the projector. */
  get pending(): boolean {
    return this.done < this.enqueued;
  }

  isDone(ticket: number): boolean {
    return this.done >= ticket;
  }

  /** Whether the read model has everything this run decided (`sequence`: the state's, for the path before the serial projector). */
  allProjected(sequence: number): boolean {
    return this.serial ? this.done >= this.enqueued : this.projected >= sequence;
  }

  /**
   * Takes whatever is queued as one batch (a burst of commands coalesced into one write).
   * `historyLength`: the history's length now; `taskTimeMs`: the workflow task's time, for the fence.
   */
  take(state: JourneyState, historyLength: number, taskTimeMs: number): ProjectionJob {
    const upTo = this.enqueued;
    // A projection that finished in an earlier workflow task is in the committed history now.
    if (this.unconfirmed && this.unconfirmed.historyLength < historyLength) {
      this.committed = this.unconfirmed.sequence;
      this.unconfirmed = undefined;
    }
    const events = [...(this.unconfirmed?.events ?? []), ...this.pendingEvents];
    const tasks = new Map([...(this.unconfirmed?.tasks ?? []), ...this.pendingTasks]);
    // Who is told of this projection's new events, once it is written.
    const notices = journeyNotices(state, this.toTell);
    const parties = journeyParties(state);
    this.toTell = [];
    // The notices after the base: the unconfirmed projection's again, and this one's new events'.
    const recorded = [...(this.unconfirmed?.notices ?? []), ...journeyNotices(state, this.toRecord)];
    this.toRecord = [];
    const batch = toProjection(state, {
      fence: [state.runCount, taskTimeMs, historyLength],
      base: this.committed,
      events,
      changedTasks: [...tasks.values()],
      removedTaskIds: this.pendingRemovals,
      ...(this.noticesInProjection ? { notices: { parties, notices: recorded } } : {}),
    });
    this.pendingEvents = [];
    this.pendingTasks = new Map();
    this.pendingRemovals = [];
    return { batch, upTo, notices, parties, events, tasks, recorded };
  }

  /** A batch was written; `historyLength`: the history's length as its result came back. */
  written(job: ProjectionJob, historyLength: number): void {
    this.unconfirmed = { sequence: job.batch.journey.sequence, historyLength, events: job.events, tasks: job.tasks, notices: job.recorded };
    this.done = job.upTo;
  }

  /** On the path before the serial projector: a projection up to `sequence` was written. */
  writtenUnqueued(sequence: number): void {
    this.projected = Math.max(this.projected, sequence);
  }

  /** A notification was scheduled. */
  notificationStarted(): void {
    this.notifying += 1;
  }

  /** A notification ended: made, or given up. */
  notificationEnded(): void {
    this.notifying -= 1;
  }

  /** Whether the run may end as far as the read model and the notifications go. */
  settled(sequence: number): boolean {
    return this.allProjected(sequence) && this.notifying === 0;
  }
}
