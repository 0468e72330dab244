import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { JourneyActivities } from '../../activities/journey/journey.activities';
import type { NotificationActivities } from '../../activities/notifications/notifications.activities';
import { dutchDate } from '../../libs/domain/src/candidate-dates';
import type { JourneyInput } from '../../libs/domain/src/journey';
import {
  decide,
  findAppliedUpdate,
  initialState,
  isClosed,
  nextTimer,
  openTasks,
  recordAppliedUpdate,
  searchAttributes,
  taskContext,
  validateCommand,
  type Command,
  type CommandResult,
  type Decision,
  type JourneyEvent,
  type JourneyState,
  type Rejection,
} from '../../libs/domain/src/engine';
import { journeyNotices, journeyParties } from '../../libs/domain/src/notifications';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import { taskNumber, type JourneyProjection } from '../../libs/domain/src/read-model';
import type { HumanTask } from '../../libs/domain/src/tasks';
import {
  changeConsentUpdate,
  claimTaskUpdate,
  completeTaskUpdate,
  exitJourneyUpdate,
  getJourneyQuery,
  openTasksQuery,
  pauseJourneyUpdate,
  reassignTaskUpdate,
  reprojectJourneyUpdate,
  resumeJourneyUpdate,
  syncJourneyUpdate,
  taskContextQuery,
  transferCareProviderUpdate,
  unclaimTaskUpdate,
  withdrawJourneyUpdate,
  type ReprojectArgs,
} from '../../libs/contracts/src/workflows/journey.messages';
import { toProjection, toView } from './journey.projection';
import { JOURNEY_KEYS } from '../../libs/contracts/src/workflows/journey.search-attributes';

const { projectJourney } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/**
 * Telling people (patch '2026-11-30-notify'): a regular activity, not a local one, so only what the
 * history committed is ever told (a mail cannot be unsent), and a retry has the same input. It
 * retries until PostgreSQL takes it; sending the mail is the worker's outbox dispatcher's.
 */
const { notifyParties } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface JourneyWorkflowInput extends JourneyInput {
  /** Durations of this journey; the defaults are the real ones (days, weeks, months). */
  policy?: Partial<JourneyPolicy>;
}

/**
 * One young person's journey through the four-step method: a thin shell around the pure state
 * machine in libs/domain. The type name is frozen. `carried` is the state handed over by
 * continue-as-new.
 */
export async function journeyWorkflow(input: JourneyWorkflowInput, carried?: JourneyState): Promise<ReturnType<typeof toView>> {
  let state: JourneyState;
  let first: Decision | undefined;
  if (carried) {
    state = { ...carried, runCount: carried.runCount + 1 };
  } else {
    first = initialState(input, now());
    state = first.state;
  }
  let projected = carried ? carried.sequence : 0;
  let updatesThisRun = 0;
  let upserted = '';

  /*
   * One projector, at most one projection in flight (patch '2026-11-23-serial-projection'). Before it, every
   * command ran its own local activity; two in flight in one workflow task resolved one by one at
   * first but together on replay, so the order of the commands that followed could differ (a
   * nondeterminism error when a timer was due while an Update arrived). Runs started before the
   * patch keep the old path until they continue as new.
   */
  const serialProjection = patched('2026-11-23-serial-projection');
  /*
   * The timer of the next due time stays armed while that time stays the same (patch
   * '2026-11-30-kept-timer'). Before it, every change woke a wait with a timeout: each Update
   * cancelled the timer and started the same one again, two more history events and two commands
   * per Update. Asked once, at the start of a run: runs started before keep the old loop until
   * they continue as new.
   */
  const keptTimer = patched('2026-11-30-kept-timer');
  /*
   * The timer loop wakes only when what it waits for changed: the next due time, the journey
   * closed, or a continue-as-new due (patch '2026-11-30-narrow-wake'). Before it, every change
   * woke it, and it went round to wait again on the same timer: one more wait per Update, whose
   * promises each cost the SDK a stack trace. It makes no other command, but a wait made later
   * is woken later among others, so runs started before keep waking on every change.
   */
  const narrowWake = keptTimer && patched('2026-11-30-narrow-wake');
  let pendingEvents: JourneyEvent[] = [];
  let pendingTasks = new Map<string, HumanTask>();
  let enqueued = 0;
  let done = 0;
  const allProjected = (): boolean => (serialProjection ? done >= enqueued : projected >= state.sequence);

  /*
   * A local activity commits to PostgreSQL inside its workflow task; if that task is lost (worker
   * or server killed, task timed out), the commit stays while the workflow redoes the work, maybe
   * otherwise. So each projection carries what is not yet known to be committed: the events and
   * tasks since the last projection that finished in an earlier workflow task (`committed`), and
   * a fence that grows along the history. The writer replaces whatever lies beyond `committed`
   * with them (see JourneyProjection).
   */
  let committed = carried ? carried.sequence : 0;
  let unconfirmed:
    | { sequence: number; historyLength: number; events: JourneyEvent[]; tasks: Map<string, HumanTask>; notices: ReturnType<typeof journeyNotices> }
    | undefined;

  let pendingRemovals: string[] = [];
  /**
   * The events to tell people of (patch '2026-11-30-notify'). The patch is asked where an event is
   * made (a command or a timer: fixed points of the history), never after a local activity, whose
   * result can reach the workflow in a later workflow task live than on replay.
   */
  let toTell: JourneyEvent[] = [];
  /**
   * The events whose notices the projection writes itself (patch '2026-11-30-notices-in-projection'),
   * in its own transaction, instead of a notify activity per projection: that activity's completion
   * was a workflow task of its own, which the journey's next Update queued behind. The notices are
   * told once the history holding them is known to be committed (a later projection's base, the
   * Update's answer, or the notice dispatcher's reprojection), so a lost workflow task's never are.
   * Asked where an event is made, like the notify patch; once asked true, every projection of the
   * run carries the notices after its base (maybe none), so it replaces a lost task's.
   */
  let toRecord: JourneyEvent[] = [];
  let noticesInProjection = false;

  /** Queues a decision's rows for the projector; returns the ticket to wait for. */
  function enqueue(decision: Pick<Decision, 'events' | 'changedTasks'>, removedTaskIds: string[] = []): number {
    pendingEvents.push(...decision.events);
    if (decision.events.length && patched('2026-11-30-notify')) {
      if (patched('2026-11-30-notices-in-projection')) {
        noticesInProjection = true;
        toRecord.push(...decision.events);
      } else toTell.push(...decision.events);
    }
    for (const task of decision.changedTasks) pendingTasks.set(task.id, task);
    pendingRemovals.push(...removedTaskIds);
    return ++enqueued;
  }

  /** Projects whatever is queued, coalescing a burst of commands into one write. */
  async function projector(): Promise<never> {
    for (;;) {
      await condition(() => done < enqueued);
      const upTo = enqueued;
      const { historyLength } = workflowInfo();
      // A projection that finished in an earlier workflow task is in the committed history now.
      if (unconfirmed && unconfirmed.historyLength < historyLength) {
        committed = unconfirmed.sequence;
        unconfirmed = undefined;
      }
      const events = [...(unconfirmed?.events ?? []), ...pendingEvents];
      const tasks = new Map([...(unconfirmed?.tasks ?? []), ...pendingTasks]);
      // Who is told of this projection's new events, once it is written (see notify).
      const notices = journeyNotices(state, toTell);
      const parties = journeyParties(state);
      toTell = [];
      // The notices after the base: the unconfirmed projection's again, and this one's new events'.
      const recorded = [...(unconfirmed?.notices ?? []), ...journeyNotices(state, toRecord)];
      toRecord = [];
      const batch = toProjection(state, {
        fence: [state.runCount, Date.now(), historyLength],
        base: committed,
        events,
        changedTasks: [...tasks.values()],
        removedTaskIds: pendingRemovals,
        ...(noticesInProjection ? { notices: { parties, notices: recorded } } : {}),
      });
      pendingEvents = [];
      pendingTasks = new Map();
      pendingRemovals = [];
      await projectJourney(batch);
      unconfirmed = { sequence: batch.journey.sequence, historyLength: workflowInfo().historyLength, events, tasks, notices: recorded };
      if (notices.length) notify(notices, parties);
      done = upTo;
    }
  }

  /** Notifications scheduled and not yet done: awaited before the run ends (never before an Update answers). */
  let notifying = 0;
  function notify(notices: ReturnType<typeof journeyNotices>, parties: ReturnType<typeof journeyParties>): void {
    notifying += 1;
    void notifyParties({ candidateId: state.candidateId, parties, notices }).then(
      () => (notifying -= 1),
      (error: unknown) => {
        notifying -= 1;
        log.warn('Notifications not made', { candidateId: state.candidateId, sequences: notices.map((n) => n.sequence).join(','), error: String(error) });
      },
    );
  }

  const continueAsNewDue = (): boolean =>
    workflowInfo().continueAsNewSuggested || updatesThisRun >= state.policy.maxUpdatesPerRun;

  function syncSearchAttributes(): void {
    const attrs = searchAttributes(state);
    const key = JSON.stringify(attrs);
    if (key === upserted) return;
    upserted = key;
    upsertSearchAttributes([
      { key: JOURNEY_KEYS.JourneyStep, value: attrs.JourneyStep },
      { key: JOURNEY_KEYS.JourneyPhase, value: attrs.JourneyPhase },
      { key: JOURNEY_KEYS.MunicipalityId, value: attrs.MunicipalityId },
      ...(attrs.CareProviderId ? [{ key: JOURNEY_KEYS.CareProviderId, value: attrs.CareProviderId }] : []),
      ...(attrs.EmployerIds.length ? [{ key: JOURNEY_KEYS.EmployerIds, value: attrs.EmployerIds }] : []),
    ]);
  }

  /** Applies a command and returns once the read model has it. */
  async function apply(command: Command): Promise<CommandResult> {
    const applied = decideAndEnqueue(command);
    await projectedUpTo(applied);
    return applied.result;
  }

  /**
   * Applies a command to the state and queues its projection; `projectedUpTo` waits for it. Two
   * halves, so an Update's handler waits in one place (every promise a workflow makes costs the
   * SDK a stack trace, and an Update made several).
   */
  function decideAndEnqueue(command: Command): { result: CommandResult; ticket?: number; projection?: JourneyProjection } {
    const rejection = validateCommand(state, command);
    if (rejection) throw toFailure(rejection);
    const decision = decide(state, command, now());
    state = decision.state;
    syncSearchAttributes();
    if (serialProjection) return { result: decision.result, ticket: enqueue(decision) };
    return { result: decision.result, projection: toProjection(state, { fence: legacyFence(state), events: decision.events, changedTasks: decision.changedTasks }) };
  }

  function projectedUpTo({ ticket, projection }: { ticket?: number; projection?: JourneyProjection }): Promise<unknown> {
    if (ticket !== undefined) return condition(() => done >= ticket);
    return projectJourney(projection!).then(() => (projected = Math.max(projected, projection!.journey.sequence)));
  }

  function validate(toCommand: () => Command): void {
    const id = currentUpdateInfo()?.id;
    if (id && findAppliedUpdate(state, id)) return; // a repeat: answered from memory
    // A payload is checked here, as it arrives (validators do not run on replay), against today in the Netherlands.
    const rejection = validateCommand(state, toCommand(), { today: dutchDate(now()) });
    if (rejection) throw toFailure(rejection);
  }

  async function handle(toCommand: () => Command): Promise<CommandResult> {
    const id = currentUpdateInfo()?.id;
    const seen = id ? findAppliedUpdate(state, id) : undefined;
    if (seen) return seen;
    updatesThisRun += 1;
    try {
      const applied = decideAndEnqueue(toCommand());
      await projectedUpTo(applied);
      if (id) state = recordAppliedUpdate(state, id, applied.result);
      return applied.result;
    } catch (error) {
      // Anything but an ApplicationFailure would fail the workflow task and retry it forever.
      if (error instanceof ApplicationFailure) throw error;
      throw ApplicationFailure.create({ type: 'INTERNAL', message: String(error), nonRetryable: true });
    }
  }

  function bind<A>(update: UpdateDefinition<CommandResult, [A]>, toCommand: (args: A) => Command): void {
    setHandler(update, (args: A) => handle(() => toCommand(args)), { validator: (args: A) => validate(() => toCommand(args)) });
  }

  setHandler(getJourneyQuery, () => toView(state));
  setHandler(openTasksQuery, () => openTasks(state));
  setHandler(taskContextQuery, (taskId: string) => taskContext(state, taskId));
  setHandler(syncJourneyUpdate, async () => {
    await condition(allProjected);
    return toView(state);
  });
  setHandler(reprojectJourneyUpdate, async (args: ReprojectArgs) => {
    const asked = args?.taskIds ?? [];
    const tasks = state.tasks.filter((t) => asked.includes(t.id));
    // A task numbered beyond every task this journey opened was never in its history.
    const never = asked.filter((id) => !tasks.some((t) => t.id === id) && !(taskNumber(id) <= state.taskCounter));
    // The repair (and the notice dispatcher's confirmation) replaces a lost task's notices too, even
    // in a run that made no event since it was replayed.
    if (serialProjection && patched('2026-11-30-notices-in-projection')) noticesInProjection = true;
    if (serialProjection) {
      const ticket = enqueue({ events: [], changedTasks: tasks }, never);
      await condition(() => done >= ticket);
    } else {
      await condition(allProjected);
      await projectJourney(toProjection(state, { fence: legacyFence(state), base: state.sequence, events: [], changedTasks: tasks, removedTaskIds: never }));
    }
    return toView(state);
  });
  bind(completeTaskUpdate, (a) => ({ kind: 'CompleteTask', taskId: a.taskId, actor: a.actor, payload: a.payload }));
  bind(claimTaskUpdate, (a) => ({ kind: 'ClaimTask', taskId: a.taskId, actor: a.actor }));
  bind(unclaimTaskUpdate, (a) => ({ kind: 'UnclaimTask', taskId: a.taskId, actor: a.actor }));
  // The reason rides along only when the Update carries one (older histories carry none and replay as they ran).
  bind(reassignTaskUpdate, (a) => ({ kind: 'ReassignTask', taskId: a.taskId, actor: a.actor, to: a.to, ...(a.reasonCode !== undefined ? { reasonCode: a.reasonCode } : {}) }));
  bind(pauseJourneyUpdate, (a) => ({ kind: 'Pause', actor: a.actor, reasonCode: a.reasonCode }));
  bind(resumeJourneyUpdate, (a) => ({ kind: 'Resume', actor: a.actor }));
  bind(withdrawJourneyUpdate, (a) => ({ kind: 'Withdraw', actor: a.actor, reasonCode: a.reasonCode }));
  bind(exitJourneyUpdate, (a) => ({ kind: 'Exit', actor: a.actor, reasonCode: a.reasonCode }));
  bind(transferCareProviderUpdate, (a) => ({ kind: 'TransferCareProvider', actor: a.actor, careProviderId: a.careProviderId }));
  bind(changeConsentUpdate, (a) => ({ kind: 'ConsentChanged', actor: a.actor, version: a.version, losses: a.losses }));

  syncSearchAttributes();
  if (serialProjection) {
    void projector();
    if (first) {
      const ticket = enqueue(first);
      await condition(() => done >= ticket);
    }
  } else if (first) {
    await projectJourney(toProjection(state, { fence: legacyFence(state), events: first.events, changedTasks: first.changedTasks }));
    projected = Math.max(projected, first.state.sequence);
  }

  // Timers are state: wait for the next one, or for any change, then look again.
  let armed: ArmedTimer | undefined;
  while (!isClosed(state) && !continueAsNewDue()) {
    const timer = nextTimer(state);
    const seen = state.sequence;
    const due = dueKey(timer);
    const woken = narrowWake
      ? () => isClosed(state) || continueAsNewDue() || dueKey(nextTimer(state)) !== due
      : () => state.sequence !== seen || continueAsNewDue();
    if (!keptTimer) {
      if (!timer) {
        await condition(woken);
        continue;
      }
      const waitMs = Date.parse(timer.fireAt) - Date.now();
      if (waitMs > 0 && (await condition(woken, waitMs))) continue;
      await apply({ kind: 'TimerFired', timerId: timer.id });
      continue;
    }
    const waitMs = timer ? Date.parse(timer.fireAt) - Date.now() : 0;
    if (armed && (!timer || waitMs <= 0 || armed.fireAt !== timer.fireAt)) {
      armed.scope.cancel();
      armed = undefined;
    }
    if (!timer) {
      await condition(woken);
      continue;
    }
    if (waitMs > 0) {
      armed ??= arm(timer.fireAt, waitMs);
      const current = armed;
      await condition(() => current.fired || woken());
      if (!current.fired) continue; // a change: look again, the timer stays if the time does
      armed = undefined;
      // The change that woke the loop with the timer may have moved the due time: look again.
      if (nextTimer(state)?.id !== timer.id) continue;
    }
    await apply({ kind: 'TimerFired', timerId: timer.id });
  }

  await condition(() => allHandlersFinished() && allProjected() && notifying === 0);
  if (isClosed(state)) return toView(state);
  return continueAsNew<typeof journeyWorkflow>(input, state);
}

interface ArmedTimer {
  fireAt: string;
  scope: CancellationScope;
  fired: boolean;
}

/** A timer for a due time, in a scope of its own so that a change of the due time can cancel it. */
function arm(fireAt: string, waitMs: number): ArmedTimer {
  const scope = new CancellationScope();
  const armed: ArmedTimer = { fireAt, scope, fired: false };
  scope.run(() => sleep(waitMs)).then(
    () => (armed.fired = true),
    () => undefined, // cancelled: the due time changed or went
  );
  return armed;
}

/** Which timer is next, and when: what the timer loop waits on. */
function dueKey(timer: { id: string; fireAt: string } | undefined): string {
  return timer ? `${timer.id}@${timer.fireAt}` : '';
}

/** The fence of a projection on the pre-2026-11-23 path, which only adds what is newer. */
function legacyFence(state: JourneyState): [number, number, number] {
  return [state.runCount, Date.now(), workflowInfo().historyLength];
}

function now(): string {
  return new Date(Date.now()).toISOString();
}

function toFailure(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: rejection.reason,
    message: rejection.message,
    details: [{ fieldErrors: rejection.fieldErrors ?? [] }],
    nonRetryable: true,
  });
}
