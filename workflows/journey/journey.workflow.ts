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
import { openTasks, taskContext, type Command, type CommandResult, type JourneyState, type Rejection } from '../../libs/domain/src/engine';
import type { JourneyNotice } from '../../libs/domain/src/notifications';
import type { JourneyParties } from '../../libs/domain/src/access';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import { taskNumber, type JourneyProjection } from '../../libs/domain/src/read-model';
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
import { JourneyPatch } from './journey.patches';
import { toProjection, toView } from './journey.projection';
import { JourneyProjector } from './journey.projector';
import { JourneyRun } from './journey.run';
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
 * One young person's journey through the four-step method: a thin shell that wires Temporal's
 * handlers, timers and activities to the run (journey.run.ts: the state and the engine's commands)
 * and the projector (journey.projector.ts: the read model's rows and the notices). The type name
 * is frozen. `carried` is the state handed over by continue-as-new. Each `patched()` branch and
 * when it can go: docs/workflow-versioning.md.
 */
export async function journeyWorkflow(input: JourneyWorkflowInput, carried?: JourneyState): Promise<ReturnType<typeof toView>> {
  const run = new JourneyRun(input, carried, now());
  // Asked once, at the start of a run: runs started before a patch keep the old path until they continue as new.
  const serialProjection = patched(JourneyPatch.SERIAL_PROJECTION);
  const keptTimer = patched(JourneyPatch.KEPT_TIMER);
  const narrowWake = keptTimer && patched(JourneyPatch.NARROW_WAKE);
  const projector = new JourneyProjector(serialProjection, run.startSequence, patched);
  const allProjected = (): boolean => projector.allProjected(run.state.sequence);
  const continueAsNewDue = (): boolean => run.continueAsNewDue(workflowInfo().continueAsNewSuggested);

  /** Writes whatever the projector has queued, one batch at a time. */
  async function project(): Promise<never> {
    for (;;) {
      await condition(() => projector.pending);
      const job = projector.take(run.state, workflowInfo().historyLength, Date.now());
      await projectJourney(job.batch);
      projector.written(job, workflowInfo().historyLength);
      if (job.notices.length) notify(job.notices, job.parties);
    }
  }

  function notify(notices: JourneyNotice[], parties: JourneyParties): void {
    const { candidateId } = run.state;
    projector.notificationStarted();
    void notifyParties({ candidateId, parties, notices }).then(
      () => projector.notificationEnded(),
      (error: unknown) => {
        projector.notificationEnded();
        log.warn('Notifications not made', { candidateId, sequences: notices.map((n) => n.sequence).join(','), error: String(error) });
      },
    );
  }

  function syncSearchAttributes(): void {
    const attrs = run.searchAttributesToUpsert();
    if (!attrs) return;
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
    const rejection = run.rejection(command);
    if (rejection) throw toFailure(rejection);
    const decision = run.decide(command, now());
    syncSearchAttributes();
    if (serialProjection) return { result: decision.result, ticket: projector.enqueue(decision) };
    return { result: decision.result, projection: toProjection(run.state, { fence: legacyFence(run.state), events: decision.events, changedTasks: decision.changedTasks }) };
  }

  function projectedUpTo({ ticket, projection }: { ticket?: number; projection?: JourneyProjection }): Promise<unknown> {
    if (ticket !== undefined) return condition(() => projector.isDone(ticket));
    return projectJourney(projection!).then(() => projector.writtenUnqueued(projection!.journey.sequence));
  }

  function validate(toCommand: () => Command): void {
    if (run.answered(currentUpdateInfo()?.id)) return; // a repeat: answered from memory
    // A payload is checked here, as it arrives (validators do not run on replay), against today in the Netherlands.
    const rejection = run.rejection(toCommand(), { today: dutchDate(now()) });
    if (rejection) throw toFailure(rejection);
  }

  async function handle(toCommand: () => Command): Promise<CommandResult> {
    const id = currentUpdateInfo()?.id;
    const seen = run.answered(id);
    if (seen) return seen;
    run.countUpdate();
    try {
      const applied = decideAndEnqueue(toCommand());
      await projectedUpTo(applied);
      if (id) run.remember(id, applied.result);
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

  setHandler(getJourneyQuery, () => toView(run.state));
  setHandler(openTasksQuery, () => openTasks(run.state));
  setHandler(taskContextQuery, (taskId: string) => taskContext(run.state, taskId));
  setHandler(syncJourneyUpdate, async () => {
    await condition(allProjected);
    return toView(run.state);
  });
  setHandler(reprojectJourneyUpdate, async (args: ReprojectArgs) => {
    const { state } = run;
    const asked = args?.taskIds ?? [];
    const tasks = state.tasks.filter((t) => asked.includes(t.id));
    // A task numbered beyond every task this journey opened was never in its history.
    const never = asked.filter((id) => !tasks.some((t) => t.id === id) && !(taskNumber(id) <= state.taskCounter));
    projector.reprojecting();
    if (serialProjection) {
      const ticket = projector.enqueue({ events: [], changedTasks: tasks }, never);
      await condition(() => projector.isDone(ticket));
    } else {
      await condition(allProjected);
      await projectJourney(toProjection(run.state, { fence: legacyFence(run.state), base: run.state.sequence, events: [], changedTasks: tasks, removedTaskIds: never }));
    }
    return toView(run.state);
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
    void project();
    if (run.first) {
      const ticket = projector.enqueue(run.first);
      await condition(() => projector.isDone(ticket));
    }
  } else if (run.first) {
    await projectJourney(toProjection(run.state, { fence: legacyFence(run.state), events: run.first.events, changedTasks: run.first.changedTasks }));
    projector.writtenUnqueued(run.first.state.sequence);
  }

  // Timers are state: wait for the next one, or for a change, then look again.
  let armed: ArmedTimer | undefined;
  while (!run.closed && !continueAsNewDue()) {
    const timer = run.nextTimer();
    const woken = run.wakeCondition(narrowWake, continueAsNewDue);
    if (!keptTimer) {
      // Before patch '2026-11-30-kept-timer': every change woke a wait with a timeout, a new timer each time.
      if (!timer) {
        await condition(woken);
        continue;
      }
      const waitMs = Date.parse(timer.fireAt) - Date.now();
      if (waitMs > 0 && (await condition(woken, waitMs))) continue;
      await apply({ kind: 'TimerFired', timerId: timer.id });
      continue;
    }
    // The timer of the next due time stays armed while that time stays the same.
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
      if (run.nextTimer()?.id !== timer.id) continue;
    }
    await apply({ kind: 'TimerFired', timerId: timer.id });
  }

  await condition(() => allHandlersFinished() && projector.settled(run.state.sequence));
  if (run.closed) return toView(run.state);
  return continueAsNew<typeof journeyWorkflow>(input, run.state);
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
