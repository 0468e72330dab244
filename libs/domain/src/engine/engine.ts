/**
 * The journey engine: pure functions over JSON state. The Temporal workflow is a thin shell around
 * `validateCommand` and `decide`; everything here is deterministic (time comes in as an argument)
 * and safe in the workflow sandbox. The engine knows tasks, timers, claims, pauses and transfers;
 * what each task means is the method's, which registers with the engine (./method.ts): the engine
 * never imports it.
 *
 *   CONNECT -> DISCOVER -> ANALYSE -> PLACE -> PLACEMENT_RUNNING -> PAID_WORK -> COMPLETED
 *                 ^           ^         |             |                 |
 *                 |           +-- offer declined, no alternative left    |
 *                 +------- placement ends / job ends -+-----------------+
 *   any open state -> PAUSED -> (back);  -> WITHDRAWN (consent revoked) / EXITED
 */
import { JourneyStatus, JourneyStep, type JourneyInput } from '../journey';
import { resolvePolicy, type JourneyPolicy } from '../policy';
import { TaskStatus, type HumanTask } from '../tasks';
import type { PayloadContext } from '../payload/vocabulary';
import { Context } from './context';
import { journeyMethod } from './method';
import { careParty, isClosed, isOpenTask, journeyPhase } from './queries';
import type { Command, CommandResult, Decision, JourneyState, Rejection, TaskContext, Timer } from './types';

const APPLIED_UPDATES_KEPT = 500;

export function initialState(input: JourneyInput & { policy?: Partial<JourneyPolicy> }, now: string): Decision {
  const state: JourneyState = {
    candidateId: input.candidateId,
    municipalityId: input.municipalityId,
    careProviderId: input.careProviderId,
    referrerOrganisationId: input.referrerOrganisationId,
    referredAt: input.referredAt,
    step: JourneyStep.CONNECT,
    status: JourneyStatus.ACTIVE,
    sequence: 0,
    updatedAt: now,
    runCount: 1,
    policy: resolvePolicy(input.policy),
    tasks: [],
    taskCounter: 0,
    timers: [],
    attempts: [],
    employerIds: [],
    appliedUpdates: [],
  };
  const method = journeyMethod();
  const ctx = new Context(state, now, method.taskStep);
  ctx.emit(
    'journey.referred',
    { referrerOrganisationId: input.referrerOrganisationId },
    { organisationId: input.referrerOrganisationId, ...(input.referrerUserId ? { userId: input.referrerUserId } : {}) },
  );
  method.start(ctx, input);
  return ctx.decision();
}

/**
 * Why a command cannot be applied now; undefined when it can. Never changes the state.
 * `arriving`: for a command as it arrives (the Update's validator), what a task payload's rules
 * compare with (today); its payload is checked only then. The handler and `decide` leave it out:
 * on replay they meet payloads accepted under the rules of their day, which today's must not undo.
 */
export function validateCommand(state: JourneyState, command: Command, arriving?: PayloadContext): Rejection | undefined {
  if (command.kind === 'TimerFired') return undefined;
  if (!command.actor || typeof command.actor.organisationId !== 'string' || !command.actor.organisationId) {
    return { reason: 'INVALID_COMMAND', message: 'The command names no acting organisation.' };
  }
  if (isClosed(state)) return { reason: 'JOURNEY_CLOSED', message: `The journey is ${state.status.toLowerCase()}; nothing can change it.` };
  const actor = command.actor;
  const isMunicipality = actor.organisationId === state.municipalityId;

  switch (command.kind) {
    case 'Pause':
    case 'Resume': {
      if (!isMunicipality && actor.organisationId !== careParty(state)) {
        return { reason: 'NOT_ALLOWED', message: 'Only the municipality or the care provider can pause or resume a journey.' };
      }
      const paused = state.status === JourneyStatus.PAUSED;
      if (command.kind === 'Pause' && paused) return { reason: 'INVALID_STATE', message: 'The journey is paused already.' };
      if (command.kind === 'Resume' && !paused) return { reason: 'INVALID_STATE', message: 'The journey is not paused.' };
      return undefined;
    }
    case 'Withdraw':
      return [state.municipalityId, careParty(state), state.referrerOrganisationId].includes(actor.organisationId)
        ? undefined
        : { reason: 'NOT_ALLOWED', message: 'Only the municipality, the care provider or the referrer can record a withdrawal.' };
    case 'Exit':
      return isMunicipality ? undefined : { reason: 'NOT_ALLOWED', message: 'Only the municipality can end a journey.' };
    case 'ConsentChanged':
      if (![state.municipalityId, careParty(state), state.referrerOrganisationId].includes(actor.organisationId)) {
        return { reason: 'NOT_ALLOWED', message: 'Only the municipality, the care provider or the referrer records consent.' };
      }
      if (!Array.isArray(command.losses) || !Number.isInteger(command.version) || !command.losses.every((l) => typeof l.organisationId === 'string' && Array.isArray(l.categories))) {
        return { reason: 'INVALID_COMMAND', message: 'A consent change names its version and what each organisation lost.' };
      }
      return undefined;
    case 'TransferCareProvider':
      if (!isMunicipality) return { reason: 'NOT_ALLOWED', message: 'Only the municipality can transfer a journey to another care provider.' };
      if (typeof command.careProviderId !== 'string' || !command.careProviderId) {
        return { reason: 'INVALID_COMMAND', message: 'careProviderId is required.', fieldErrors: [{ field: 'careProviderId', message: 'careProviderId is required' }] };
      }
      return command.careProviderId === state.careProviderId
        ? { reason: 'INVALID_STATE', message: 'The journey is with this care provider already.' }
        : undefined;
  }

  const task = state.tasks.find((t) => t.id === command.taskId);
  if (!task) return { reason: 'UNKNOWN_TASK', message: `There is no task ${String(command.taskId)} on this journey.` };
  if (!isOpenTask(task)) return { reason: 'TASK_CLOSED', message: `Task ${task.id} is ${task.status.toLowerCase()} already.` };

  switch (command.kind) {
    case 'ReassignTask': {
      if (!isMunicipality) return { reason: 'NOT_ALLOWED', message: 'Only the municipal coordinator can reassign a task.' };
      const to = command.to;
      if (!to || typeof to.organisationId !== 'string' || !to.organisationId || typeof to.role !== 'string' || !to.role) {
        return { reason: 'INVALID_COMMAND', message: 'Reassigning needs an organisation and a role.', fieldErrors: [{ field: 'to', message: 'to needs organisationId and role' }] };
      }
      if (command.reasonCode !== undefined && !journeyMethod().isReassignReason(command.reasonCode)) {
        return { reason: 'INVALID_COMMAND', message: 'The reason is not a reassignReason code.', fieldErrors: [{ field: 'reasonCode', message: 'reasonCode must be a reassignReason code' }] };
      }
      return undefined;
    }
    case 'ClaimTask':
      if (actor.organisationId !== task.assignee.organisationId) return notAssignee(task);
      if (!actor.userId) return { reason: 'INVALID_COMMAND', message: 'Claiming a task needs a user.' };
      if (task.status === TaskStatus.CLAIMED) {
        return task.assignee.userId === actor.userId
          ? { reason: 'INVALID_STATE', message: 'You have claimed this task already.' }
          : { reason: 'ALREADY_CLAIMED', message: `Task ${task.id} is claimed by another person.` };
      }
      return undefined;
    case 'UnclaimTask':
      if (task.status !== TaskStatus.CLAIMED) return { reason: 'INVALID_STATE', message: `Task ${task.id} is not claimed.` };
      if (!isMunicipality && !(actor.organisationId === task.assignee.organisationId && actor.userId === task.assignee.userId)) {
        return { reason: 'NOT_ALLOWED', message: 'Only the person who claimed the task, or the coordinator, can release it.' };
      }
      return undefined;
    case 'CompleteTask': {
      if (state.status === JourneyStatus.PAUSED) return { reason: 'JOURNEY_PAUSED', message: 'The journey is paused; resume it first.' };
      if (actor.organisationId !== task.assignee.organisationId) return notAssignee(task);
      if (task.status === TaskStatus.CLAIMED && task.assignee.userId !== actor.userId) {
        return { reason: 'NOT_ASSIGNEE', message: `Task ${task.id} is claimed by another person.` };
      }
      const fieldErrors = arriving ? journeyMethod().payloadErrors(task.type, command.payload, arriving) : [];
      return fieldErrors.length
        ? { reason: 'INVALID_PAYLOAD', message: `The ${task.type} payload is invalid: ${fieldErrors.map((e) => e.message).join('; ')}.`, fieldErrors }
        : undefined;
    }
  }
}

function notAssignee(task: HumanTask): Rejection {
  return { reason: 'NOT_ASSIGNEE', message: `Task ${task.id} is assigned to another organisation.` };
}

/** Applies a valid command (its payload checked as it arrived). Returns a new state; the input is left untouched. */
export function decide(state: JourneyState, command: Command, now: string): Decision {
  const rejection = validateCommand(state, command);
  if (rejection) throw new Error(`decide() got an invalid command: ${rejection.reason}: ${rejection.message}`);
  const ctx = new Context(draft(state), now, journeyMethod().taskStep);
  switch (command.kind) {
    case 'CompleteTask': {
      const payload = command.payload as Record<string, unknown>;
      const task = ctx.close(ctx.state.tasks.find((t) => t.id === command.taskId)!, TaskStatus.COMPLETED, 'task.completed', command.actor, payload);
      journeyMethod().complete(ctx, task, payload, command.actor);
      break;
    }
    case 'ClaimTask':
      ctx.changeTask(command.taskId, (t) => ({ ...t, status: TaskStatus.CLAIMED, assignee: { ...t.assignee, userId: command.actor.userId } }), 'task.claimed', command.actor);
      break;
    case 'UnclaimTask':
      ctx.changeTask(command.taskId, (t) => ({ ...t, status: TaskStatus.OPEN, assignee: { organisationId: t.assignee.organisationId, role: t.assignee.role } }), 'task.unclaimed', command.actor);
      break;
    case 'ReassignTask': {
      const to = command.to;
      ctx.changeTask(
        command.taskId,
        (t) => ({ ...t, status: to.userId ? TaskStatus.CLAIMED : TaskStatus.OPEN, assignee: { organisationId: to.organisationId, role: to.role, ...(to.userId ? { userId: to.userId } : {}) } }),
        'task.reassigned',
        command.actor,
        { toOrganisationId: to.organisationId, toRole: to.role, ...(command.reasonCode ? { reason: command.reasonCode } : {}) },
      );
      break;
    }
    case 'Pause':
      ctx.pause(command.actor, command.reasonCode);
      break;
    case 'Resume':
      ctx.resume(command.actor);
      break;
    case 'Withdraw':
      ctx.finish(JourneyStatus.WITHDRAWN, 'journey.withdrawn', command.actor, { reasonCode: command.reasonCode });
      break;
    case 'Exit':
      ctx.finish(JourneyStatus.EXITED, 'journey.exited', command.actor, { reasonCode: command.reasonCode });
      break;
    case 'TransferCareProvider':
      ctx.transfer(command.careProviderId, command.actor);
      break;
    case 'ConsentChanged':
      ctx.consentChanged(command.version, command.losses, command.actor);
      break;
    case 'TimerFired':
      fire(ctx, command.timerId);
      break;
  }
  return ctx.decision(command.kind === 'TimerFired' ? undefined : 'taskId' in command ? command.taskId : undefined);
}

/** A timer fires: reminders and escalations of tasks are the engine's; the method's timers are its own. */
function fire(ctx: Context, timerId: string): void {
  const s = ctx.state;
  const timer = s.timers.find((t) => t.id === timerId);
  if (!timer) return;
  s.timers = s.timers.filter((t) => t.id !== timerId);
  const task = timer.taskId ? s.tasks.find((t) => t.id === timer.taskId) : undefined;
  switch (timer.kind) {
    case 'REMINDER':
      if (task && isOpenTask(task)) ctx.emit('task.reminder-due', { taskType: task.type, assigneeOrganisationId: task.assignee.organisationId, dueAt: task.dueAt }, undefined, task.id);
      break;
    case 'ESCALATION':
      if (task && isOpenTask(task)) {
        ctx.changeTask(task.id, (t) => ({ ...t, escalated: true }), 'task.escalated', undefined, { escalatedToOrganisationId: s.municipalityId, dueAt: task.dueAt });
      }
      break;
    default:
      journeyMethod().timers[timer.kind](ctx, timer);
  }
}

/** The earliest timer that should fire; none while paused or closed. */
export function nextTimer(state: JourneyState): Timer | undefined {
  if (state.status !== JourneyStatus.ACTIVE) return undefined;
  return state.timers.reduce<Timer | undefined>((min, t) => (!min || t.fireAt < min.fireAt ? t : min), undefined);
}

export function findAppliedUpdate(state: JourneyState, updateId: string): CommandResult | undefined {
  return state.appliedUpdates.find((u) => u.id === updateId)?.result;
}

/** Remembers an Update's result, keeping the most recent ones only. */
export function recordAppliedUpdate(state: JourneyState, updateId: string, result: CommandResult): JourneyState {
  const appliedUpdates = [...state.appliedUpdates.filter((u) => u.id !== updateId), { id: updateId, result }].slice(-APPLIED_UPDATES_KEPT);
  return { ...state, appliedUpdates };
}

export interface JourneySearchAttributes {
  JourneyStep: string;
  JourneyPhase: string;
  MunicipalityId: string;
  CareProviderId?: string;
  EmployerIds: string[];
}

export function searchAttributes(s: JourneyState): JourneySearchAttributes {
  return {
    JourneyStep: s.step,
    JourneyPhase: journeyPhase(s),
    MunicipalityId: s.municipalityId,
    CareProviderId: s.careProviderId,
    EmployerIds: s.employerIds,
  };
}

export function taskContext(state: JourneyState, taskId: string): TaskContext | undefined {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) return undefined;
  const latest = (type: string): Record<string, unknown> | undefined =>
    [...state.tasks].reverse().find((t) => t.type === type && t.status === TaskStatus.COMPLETED)?.result;
  const profile = latest('profile.talents');
  const plan = latest('analyse.support-plan');
  const match = state.match ?? (latest('analyse.match') as JourneyState['match']);
  return {
    task,
    step: state.step,
    ...(profile ? { profile: { talentCodes: profile.talentCodes as string[], interestCodes: profile.interestCodes as string[] } } : {}),
    ...(match ? { match: { employerId: match.employerId, roleCode: match.roleCode, hoursPerWeek: match.hoursPerWeek, durationWeeks: match.durationWeeks } } : {}),
    ...(plan ? { agreedSupport: { supportCodes: plan.supportCodes as string[], jobCoachHoursPerWeek: plan.jobCoachHoursPerWeek as number } } : {}),
    ...(state.proposedRoute ? { proposedRoute: state.proposedRoute } : {}),
    attempts: state.attempts,
  };
}

/**
 * The decision's working copy. The state's long lists are copied as lists only: their entries are
 * never changed in place (a changed task or timer is a new object; the engine's tests freeze the
 * state they decide on), and the remembered Update results are not the engine's to change at all.
 * Copying them whole (a JSON round trip) cost more than the rest of a command once a journey had
 * a few hundred closed tasks and remembered results.
 */
function draft(state: JourneyState): JourneyState {
  const { tasks, timers, appliedUpdates, ...rest } = state;
  return { ...(JSON.parse(JSON.stringify(rest)) as typeof rest), tasks: [...tasks], timers: [...timers], appliedUpdates };
}

