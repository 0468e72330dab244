/**
 * The journey state machine: pure functions over JSON state. The Temporal workflow is a thin
 * shell around `validateCommand` and `decide`; everything here is deterministic (time comes in
 * as an argument) and safe in the workflow sandbox.
 *
 *   CONNECT -> DISCOVER -> ANALYSE -> PLACE -> PLACEMENT_RUNNING -> PAID_WORK -> COMPLETED
 *                 ^           ^         |             |                 |
 *                 |           +-- offer declined, no alternative left    |
 *                 +------- placement ends / job ends -+-----------------+
 *   any open state -> PAUSED -> (back);  -> WITHDRAWN (consent revoked) / EXITED
 */
import { JourneyStatus, JourneyStep, type JourneyInput } from './journey';
import { resolvePolicy, taskDueMs, type JourneyPolicy } from './policy';
import { nextTimelineDigest, timelineEntry } from './read-model';
import type { FundingRoute } from './routes';
import { validateSchema, type FieldError } from './schema';
import { Role, TASK_CATALOGUE, TaskStatus, isTaskType, type Assignee, type HumanTask, type TaskType } from './tasks';

export interface Actor {
  organisationId: string;
  userId?: string;
}

/** What was tried and what came of it: kept through every loop back. */
export interface Attempt {
  kind: 'ORIENTATION' | 'PLACEMENT' | 'JOB';
  employerId: string;
  outcome: string;
  reasonCode?: string;
  route?: FundingRoute;
  at: string;
}

export interface Timer {
  id: string;
  kind: 'REMINDER' | 'ESCALATION' | 'EVALUATION' | 'FOLLOW_UP';
  fireAt: string;
  taskId?: string;
  index?: number;
}

export interface CommandResult {
  taskId?: string;
  step: JourneyStep;
  status: JourneyStatus;
  sequence: number;
  openedTaskIds: string[];
}

export interface JourneyState {
  candidateId: string;
  municipalityId: string;
  careProviderId?: string;
  referrerOrganisationId: string;
  referredAt: string;
  step: JourneyStep;
  status: JourneyStatus;
  pausedAt?: string;
  sequence: number;
  updatedAt: string;
  /** How many workflow runs this journey has had (continue-as-new). */
  runCount: number;
  policy: JourneyPolicy;
  tasks: HumanTask[];
  taskCounter: number;
  timers: Timer[];
  /** The current orientation round: who was asked, how many accepted. */
  orientation?: { employerIds: string[]; accepted: number };
  match?: { employerId: string; alternativeEmployerIds: string[]; roleCode: string; hoursPerWeek: number; durationWeeks: number };
  placement?: { employerId: string; startedOn?: string; evaluationRounds: number; evaluationCounter: number };
  job?: { employerId: string; route: FundingRoute; startedAt: string; followUpsDone: number };
  /** Proposed at analyse; a proposal only. */
  proposedRoute?: FundingRoute;
  /** Fixed at the placement outcome: the label comes afterwards. */
  route?: FundingRoute;
  attempts: Attempt[];
  employerIds: string[];
  /** Recent Update ids with their results: Temporal dedupes Update ids only within one run. */
  appliedUpdates: { id: string; result: CommandResult }[];
  /**
   * The digest of the timeline after sequence `from` (see nextTimelineDigest): the reconciliation
   * compares the read model's timeline with it. `from` is 0 for journeys that had it from the
   * start, and where an older journey started keeping it otherwise.
   */
  timeline?: { from: number; digest: string };
}

export type Command =
  | { kind: 'CompleteTask'; taskId: string; actor: Actor; payload: unknown }
  | { kind: 'ClaimTask'; taskId: string; actor: Actor }
  | { kind: 'UnclaimTask'; taskId: string; actor: Actor }
  | { kind: 'ReassignTask'; taskId: string; actor: Actor; to: Assignee }
  | { kind: 'Pause'; actor: Actor; reasonCode?: string }
  | { kind: 'Resume'; actor: Actor }
  | { kind: 'Withdraw'; actor: Actor; reasonCode?: string }
  | { kind: 'Exit'; actor: Actor; reasonCode?: string }
  | { kind: 'TransferCareProvider'; actor: Actor; careProviderId: string }
  | { kind: 'TimerFired'; timerId: string };

export type RejectionReason =
  | 'UNKNOWN_TASK'
  | 'TASK_CLOSED'
  | 'ALREADY_CLAIMED'
  | 'NOT_ASSIGNEE'
  | 'NOT_ALLOWED'
  | 'INVALID_PAYLOAD'
  | 'INVALID_COMMAND'
  | 'INVALID_STATE'
  | 'JOURNEY_PAUSED'
  | 'JOURNEY_CLOSED';

export interface Rejection {
  reason: RejectionReason;
  message: string;
  fieldErrors?: FieldError[];
}

/** A timeline entry; `sequence` numbers every change of the journey. */
export interface JourneyEvent {
  sequence: number;
  type: string;
  step: JourneyStep;
  occurredAt: string;
  actor?: Actor;
  taskId?: string;
  data: Record<string, unknown>;
}

export interface Decision {
  state: JourneyState;
  events: JourneyEvent[];
  /** Tasks opened or changed by this decision (for the read model). */
  changedTasks: HumanTask[];
  result: CommandResult;
}

const APPLIED_UPDATES_KEPT = 500;
const CLOSED_TASKS_KEPT = 200;
const TERMINAL: JourneyStatus[] = [JourneyStatus.WITHDRAWN, JourneyStatus.EXITED, JourneyStatus.COMPLETED];

export const isClosed = (s: JourneyState): boolean => TERMINAL.includes(s.status);
export const isOpenTask = (t: HumanTask): boolean => t.status === TaskStatus.OPEN || t.status === TaskStatus.CLAIMED;
export const openTasks = (s: JourneyState): HumanTask[] => s.tasks.filter(isOpenTask);
export const journeyPhase = (s: JourneyState): string => `${s.step}:${s.status}`;

/** The employer of the running placement or job; none once the journey has closed. */
export const currentEmployerId = (s: JourneyState): string | undefined =>
  isClosed(s) ? undefined : (s.job?.employerId ?? (s.placement?.startedOn ? s.placement.employerId : undefined));

/** The organisation that does the care provider's tasks: the care provider, else the referrer (a school). */
const careParty = (s: JourneyState): string => s.careProviderId ?? s.referrerOrganisationId;

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
  const ctx = new Context(state, now);
  const referrer = { organisationId: input.referrerOrganisationId, ...(input.referrerUserId ? { userId: input.referrerUserId } : {}) };
  ctx.emit('journey.referred', { referrerOrganisationId: input.referrerOrganisationId }, referrer);
  ctx.open('intake.accept', ctx.coordinator());
  return ctx.decision();
}

/** Why a command cannot be applied now; undefined when it can. Never changes the state. */
export function validateCommand(state: JourneyState, command: Command): Rejection | undefined {
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
      const fieldErrors = [...validateSchema(TASK_CATALOGUE[task.type].schema, command.payload), ...semanticErrors(state, task, command.payload)];
      return fieldErrors.length
        ? { reason: 'INVALID_PAYLOAD', message: `The ${task.type} payload is invalid: ${fieldErrors.map((e) => e.message).join('; ')}.`, fieldErrors }
        : undefined;
    }
  }
}

function notAssignee(task: HumanTask): Rejection {
  return { reason: 'NOT_ASSIGNEE', message: `Task ${task.id} is assigned to another organisation.` };
}

/** Rules a schema cannot say. Runs only on a schema-valid payload. */
function semanticErrors(state: JourneyState, task: HumanTask, payload: unknown): FieldError[] {
  const p = payload as Record<string, unknown>;
  if (task.type === 'placement.outcome' && p.decision === 'PAID_WORK' && !p.route) {
    return [{ field: 'route', message: 'route is required when the outcome is PAID_WORK: the funding route is fixed now' }];
  }
  if (task.type === 'analyse.match' && Array.isArray(p.alternativeEmployerIds) && p.alternativeEmployerIds.includes(p.employerId)) {
    return [{ field: 'alternativeEmployerIds', message: 'alternativeEmployerIds must not repeat employerId' }];
  }
  return [];
}

/** Applies a valid command. Returns a new state; the input is left untouched. */
export function decide(state: JourneyState, command: Command, now: string): Decision {
  const rejection = validateCommand(state, command);
  if (rejection) throw new Error(`decide() got an invalid command: ${rejection.reason}: ${rejection.message}`);
  const ctx = new Context(clone(state), now);
  switch (command.kind) {
    case 'CompleteTask':
      ctx.complete(command.taskId, command.actor, command.payload as Record<string, unknown>);
      break;
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
        { toOrganisationId: to.organisationId, toRole: to.role },
      );
      break;
    }
    case 'Pause':
      ctx.state.status = JourneyStatus.PAUSED;
      ctx.state.pausedAt = now;
      ctx.emit('journey.paused', { reasonCode: command.reasonCode }, command.actor);
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
    case 'TimerFired':
      ctx.fire(command.timerId);
      break;
  }
  return ctx.decision(command.kind === 'TimerFired' ? undefined : 'taskId' in command ? command.taskId : undefined);
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

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A decision in the making: a mutable draft plus what it emitted. */
class Context {
  readonly events: JourneyEvent[] = [];
  private readonly changed = new Map<string, HumanTask>();
  private readonly opened: string[] = [];

  constructor(
    readonly state: JourneyState,
    private readonly now: string,
  ) {}

  coordinator(): Assignee {
    return { organisationId: this.state.municipalityId, role: Role.COORDINATOR };
  }

  care(): Assignee {
    return { organisationId: careParty(this.state), role: Role.SUPPORT_WORKER };
  }

  employer(employerId: string): Assignee {
    return { organisationId: employerId, role: Role.EMPLOYER };
  }

  emit(type: string, data: Record<string, unknown>, actor?: Actor, taskId?: string): void {
    this.state.sequence += 1;
    this.state.updatedAt = this.now;
    const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    const event: JourneyEvent = { sequence: this.state.sequence, type, step: this.state.step, occurredAt: this.now, actor, taskId, data: clean };
    this.events.push(event);
    const timeline = this.state.timeline ?? { from: this.state.sequence - 1, digest: '' };
    this.state.timeline = { from: timeline.from, digest: nextTimelineDigest(timeline.digest, timelineEntry(event)) };
  }

  open(type: TaskType, assignee: Assignee, employerId?: string, extra: Record<string, unknown> = {}): HumanTask {
    const s = this.state;
    s.taskCounter += 1;
    const dueAt = addMs(this.now, taskDueMs(s.policy, type));
    const task: HumanTask = {
      id: `${type}#${s.taskCounter}`,
      type,
      step: TASK_CATALOGUE[type].step,
      assignee,
      status: TaskStatus.OPEN,
      createdAt: this.now,
      dueAt,
      escalated: false,
      ...(employerId ? { employerId } : {}),
    };
    s.tasks.push(task);
    const reminderAt = addMs(dueAt, -s.policy.reminderBeforeDueMs);
    if (reminderAt > this.now) s.timers.push({ id: `reminder:${task.id}`, kind: 'REMINDER', fireAt: reminderAt, taskId: task.id });
    s.timers.push({ id: `escalation:${task.id}`, kind: 'ESCALATION', fireAt: addMs(dueAt, s.policy.escalateAfterDueMs), taskId: task.id });
    this.touch(task);
    this.opened.push(task.id);
    this.emit('task.opened', { taskType: type, assigneeOrganisationId: assignee.organisationId, assigneeRole: assignee.role, employerId, dueAt, ...extra }, undefined, task.id);
    return task;
  }

  changeTask(taskId: string, change: (t: HumanTask) => HumanTask, event: string, actor?: Actor, data: Record<string, unknown> = {}): HumanTask {
    const index = this.state.tasks.findIndex((t) => t.id === taskId);
    const task = change(this.state.tasks[index]);
    this.state.tasks[index] = task;
    this.touch(task);
    this.emit(event, { taskType: task.type, ...data }, actor, taskId);
    return task;
  }

  close(task: HumanTask, status: TaskStatus, event: string, actor?: Actor, data: Record<string, unknown> = {}): HumanTask {
    this.state.timers = this.state.timers.filter((t) => t.taskId !== task.id);
    return this.changeTask(
      task.id,
      (t) => ({ ...t, status, closedAt: this.now, ...(actor ? { completedBy: { organisationId: actor.organisationId, ...(actor.userId ? { userId: actor.userId } : {}) } } : {}), ...(status === TaskStatus.COMPLETED ? { result: data } : {}) }),
      event,
      actor,
      data,
    );
  }

  cancelOpen(filter: (t: HumanTask) => boolean = () => true): void {
    for (const task of openTasks(this.state).filter(filter)) this.close(task, TaskStatus.CANCELLED, 'task.cancelled');
  }

  moveTo(step: JourneyStep, data: Record<string, unknown> = {}): void {
    const from = this.state.step;
    this.state.step = step;
    this.emit('journey.moved', { from, to: step, ...data });
  }

  finish(status: JourneyStatus, event: string, actor?: Actor, data: Record<string, unknown> = {}): void {
    this.cancelOpen();
    this.state.timers = [];
    this.state.status = status;
    this.state.pausedAt = undefined;
    this.emit(event, data, actor);
  }

  resume(actor: Actor): void {
    const s = this.state;
    const pausedMs = Date.parse(this.now) - Date.parse(s.pausedAt ?? this.now);
    // Time stood still while paused: due dates and timers move on by the paused time.
    s.timers = s.timers.map((t) => ({ ...t, fireAt: addMs(t.fireAt, pausedMs) }));
    for (const task of openTasks(s)) {
      const moved = { ...task, dueAt: addMs(task.dueAt, pausedMs) };
      s.tasks[s.tasks.indexOf(task)] = moved;
      this.touch(moved);
    }
    s.status = JourneyStatus.ACTIVE;
    s.pausedAt = undefined;
    this.emit('journey.resumed', { pausedMs }, actor);
  }

  transfer(careProviderId: string, actor: Actor): void {
    const s = this.state;
    const from = careParty(s);
    s.careProviderId = careProviderId;
    for (const task of openTasks(s)) {
      if (task.assignee.organisationId === from && task.assignee.role === Role.SUPPORT_WORKER) {
        const moved = { ...task, status: TaskStatus.OPEN, assignee: { organisationId: careProviderId, role: Role.SUPPORT_WORKER } };
        s.tasks[s.tasks.indexOf(task)] = moved;
        this.touch(moved);
      }
    }
    this.emit('journey.care-provider-transferred', { fromOrganisationId: from, toOrganisationId: careProviderId }, actor);
  }

  fire(timerId: string): void {
    const s = this.state;
    const timer = s.timers.find((t) => t.id === timerId);
    if (!timer) return;
    s.timers = s.timers.filter((t) => t.id !== timerId);
    const task = timer.taskId ? s.tasks.find((t) => t.id === timer.taskId) : undefined;
    switch (timer.kind) {
      case 'REMINDER':
        if (task && isOpenTask(task)) this.emit('task.reminder-due', { taskType: task.type, assigneeOrganisationId: task.assignee.organisationId, dueAt: task.dueAt }, undefined, task.id);
        break;
      case 'ESCALATION':
        if (task && isOpenTask(task)) {
          this.changeTask(task.id, (t) => ({ ...t, escalated: true }), 'task.escalated', undefined, { escalatedToOrganisationId: s.municipalityId, dueAt: task.dueAt });
        }
        break;
      case 'EVALUATION':
        if (s.step === JourneyStep.PLACEMENT_RUNNING && s.placement) {
          if (!openTasks(s).some((t) => t.type === 'placement.evaluation')) {
            s.placement.evaluationCounter += 1;
            this.open('placement.evaluation', this.employer(s.placement.employerId), s.placement.employerId, { round: s.placement.evaluationCounter });
            this.open('placement.evaluation', this.care(), s.placement.employerId, { round: s.placement.evaluationCounter });
          }
          this.scheduleEvaluation(timer.fireAt);
        }
        break;
      case 'FOLLOW_UP':
        if (s.step === JourneyStep.PAID_WORK && s.job) this.open('job.follow-up', this.care(), s.job.employerId, { followUpIndex: timer.index });
        break;
    }
  }

  scheduleEvaluation(from: string): void {
    const s = this.state;
    const n = (s.placement?.evaluationCounter ?? 0) + 1;
    s.timers.push({ id: `evaluation:${s.taskCounter}:${n}`, kind: 'EVALUATION', fireAt: addMs(from, s.policy.evaluationIntervalMs) });
  }

  attempt(attempt: Omit<Attempt, 'at'>): void {
    this.state.attempts.push({ ...attempt, at: this.now });
  }

  addEmployers(ids: string[]): void {
    for (const id of ids) if (!this.state.employerIds.includes(id)) this.state.employerIds.push(id);
  }

  complete(taskId: string, actor: Actor, p: Record<string, unknown>): void {
    const s = this.state;
    const task = this.close(s.tasks.find((t) => t.id === taskId)!, TaskStatus.COMPLETED, 'task.completed', actor, p);
    const employerId = task.employerId;
    const openOf = (type: TaskType): HumanTask[] => openTasks(s).filter((t) => t.type === type);

    switch (task.type) {
      case 'intake.accept':
        if (p.decision === 'REJECT') this.finish(JourneyStatus.EXITED, 'journey.exited', actor, { reasonCode: p.reasonCode ?? 'INTAKE_REJECTED' });
        else this.open('intake.meeting', this.coordinator());
        break;
      case 'intake.meeting':
        this.moveTo(JourneyStep.DISCOVER);
        this.open('profile.talents', this.care());
        break;
      case 'profile.talents':
        this.open('orientation.propose', this.coordinator());
        break;
      case 'orientation.propose': {
        const ids = p.employerIds as string[];
        s.orientation = { employerIds: ids, accepted: 0 };
        this.addEmployers(ids);
        for (const id of ids) this.open('orientation.respond', this.employer(id), id);
        break;
      }
      case 'orientation.respond':
        if (p.decision === 'DECLINE') {
          this.attempt({ kind: 'ORIENTATION', employerId: employerId!, outcome: 'DECLINED', reasonCode: p.reasonCode as string | undefined });
        } else {
          if (s.orientation) s.orientation.accepted += 1;
          this.open('orientation.feedback', this.employer(employerId!), employerId);
          this.open('orientation.feedback', this.care(), employerId);
        }
        this.afterOrientationProgress();
        break;
      case 'orientation.feedback':
        if (task.assignee.role === Role.EMPLOYER) {
          this.attempt({ kind: 'ORIENTATION', employerId: employerId!, outcome: p.recommend ? 'RECOMMENDED' : 'NOT_RECOMMENDED' });
        }
        this.afterOrientationProgress();
        break;
      case 'discover.conclude':
        if (p.decision === 'READY_FOR_ANALYSE') {
          this.moveTo(JourneyStep.ANALYSE);
          this.open('analyse.support-plan', this.care());
        } else {
          this.open('orientation.propose', this.coordinator());
        }
        break;
      case 'analyse.support-plan':
        this.open('analyse.match', this.coordinator());
        break;
      case 'analyse.match':
        s.match = {
          employerId: p.employerId as string,
          alternativeEmployerIds: (p.alternativeEmployerIds as string[] | undefined) ?? [],
          roleCode: p.roleCode as string,
          hoursPerWeek: p.hoursPerWeek as number,
          durationWeeks: p.durationWeeks as number,
        };
        s.proposedRoute = p.proposedRoute as FundingRoute;
        this.addEmployers([s.match.employerId, ...s.match.alternativeEmployerIds]);
        this.open('analyse.decision', this.coordinator());
        break;
      case 'analyse.decision':
        if (p.proposedRoute) s.proposedRoute = p.proposedRoute as FundingRoute;
        if (p.decision === 'APPROVE' && s.match) {
          this.moveTo(JourneyStep.PLACE);
          this.open('placement.offer', this.employer(s.match.employerId), s.match.employerId);
        } else {
          this.open('analyse.match', this.coordinator());
        }
        break;
      case 'placement.offer':
        if (p.decision === 'DECLINE') {
          this.attempt({ kind: 'PLACEMENT', employerId: employerId!, outcome: 'DECLINED', reasonCode: p.reasonCode as string | undefined });
          const next = s.match?.alternativeEmployerIds.shift();
          if (next && s.match) {
            s.match.employerId = next;
            this.open('placement.offer', this.employer(next), next);
          } else {
            s.match = undefined;
            this.moveTo(JourneyStep.ANALYSE, { reason: 'NO_EMPLOYER_LEFT' });
            this.open('analyse.match', this.coordinator());
          }
        } else {
          s.placement = { employerId: employerId!, evaluationRounds: 0, evaluationCounter: 0 };
          // Every party signs the placement agreement, in parallel.
          for (const party of [this.coordinator(), this.care(), this.employer(employerId!)]) this.open('placement.agreement', party, employerId);
        }
        break;
      case 'placement.agreement':
        if (!openOf('placement.agreement').length) this.open('placement.start', this.employer(employerId!), employerId);
        break;
      case 'placement.start':
        s.placement!.startedOn = p.startDate as string;
        this.moveTo(JourneyStep.PLACEMENT_RUNNING, { employerId });
        this.scheduleEvaluation(this.now);
        break;
      case 'placement.evaluation': {
        const roundDone = !openOf('placement.evaluation').length;
        if (roundDone) s.placement!.evaluationRounds += 1;
        const wantsOutcome = p.continuePlacement === false || (roundDone && s.placement!.evaluationRounds >= s.policy.evaluationsBeforeOutcome);
        if (wantsOutcome && !openOf('placement.outcome').length) this.open('placement.outcome', this.coordinator(), s.placement!.employerId);
        break;
      }
      case 'placement.outcome':
        this.placementOutcome(p, actor);
        break;
      case 'job.follow-up':
        this.followUp(p);
        break;
    }
  }

  private afterOrientationProgress(): void {
    const s = this.state;
    const pending = openTasks(s).some((t) => t.type === 'orientation.respond' || t.type === 'orientation.feedback');
    if (pending) return;
    if (s.orientation && s.orientation.accepted > 0) this.open('discover.conclude', this.coordinator());
    else this.open('orientation.propose', this.coordinator(), undefined, { reason: 'ALL_DECLINED' });
  }

  private placementOutcome(p: Record<string, unknown>, actor: Actor): void {
    const s = this.state;
    const placement = s.placement!;
    const endPlacement = (): void => {
      s.timers = s.timers.filter((t) => t.kind !== 'EVALUATION');
      this.cancelOpen((t) => t.type === 'placement.evaluation');
    };
    switch (p.decision) {
      case 'PAID_WORK': {
        endPlacement();
        const route = p.route as FundingRoute;
        s.route = route; // the label, fixed at last
        this.attempt({ kind: 'PLACEMENT', employerId: placement.employerId, outcome: 'PAID_WORK', route });
        s.job = { employerId: placement.employerId, route, startedAt: this.now, followUpsDone: 0 };
        s.placement = undefined;
        this.moveTo(JourneyStep.PAID_WORK, { route });
        s.policy.followUpOffsetsMs.forEach((offset, index) =>
          s.timers.push({ id: `follow-up:${s.taskCounter}:${index}`, kind: 'FOLLOW_UP', fireAt: addMs(this.now, offset), index }),
        );
        break;
      }
      case 'EXTEND':
        placement.evaluationRounds = 0;
        this.emit('placement.extended', { employerId: placement.employerId }, actor);
        break;
      case 'END':
        endPlacement();
        this.attempt({ kind: 'PLACEMENT', employerId: placement.employerId, outcome: 'ENDED', reasonCode: p.reasonCode as string | undefined });
        this.loopBackToDiscover('PLACEMENT_ENDED');
        break;
      case 'EXIT':
        this.finish(JourneyStatus.EXITED, 'journey.exited', actor, { reasonCode: p.reasonCode ?? 'PLACEMENT_OUTCOME' });
        break;
    }
  }

  private followUp(p: Record<string, unknown>): void {
    const s = this.state;
    const job = s.job!;
    job.followUpsDone += 1;
    if (p.stillEmployed === false) {
      s.timers = s.timers.filter((t) => t.kind !== 'FOLLOW_UP');
      this.cancelOpen((t) => t.type === 'job.follow-up');
      this.attempt({ kind: 'JOB', employerId: job.employerId, outcome: 'ENDED', reasonCode: p.reasonCode as string | undefined, route: job.route });
      this.loopBackToDiscover('JOB_ENDED');
    } else if (job.followUpsDone >= s.policy.followUpOffsetsMs.length) {
      this.moveTo(JourneyStep.COMPLETED);
      this.finish(JourneyStatus.COMPLETED, 'journey.completed', undefined, { route: job.route, employerId: job.employerId });
    }
  }

  /** Setbacks loop back, not restart: what was tried stays in `attempts`. */
  private loopBackToDiscover(reason: string): void {
    const s = this.state;
    s.placement = undefined;
    s.job = undefined;
    s.match = undefined;
    s.route = undefined;
    this.moveTo(JourneyStep.DISCOVER, { reason });
    this.open('orientation.propose', this.coordinator(), undefined, { reason });
  }

  private touch(task: HumanTask): void {
    this.changed.set(task.id, task);
  }

  decision(taskId?: string): Decision {
    const s = this.state;
    // Keep the state bounded over years: only the most recent closed tasks stay.
    const closed = s.tasks.filter((t) => !isOpenTask(t));
    if (closed.length > CLOSED_TASKS_KEPT) {
      const drop = new Set(closed.slice(0, closed.length - CLOSED_TASKS_KEPT).map((t) => t.id));
      s.tasks = s.tasks.filter((t) => !drop.has(t.id));
    }
    const changedTasks = [...this.changed.keys()].map((id) => s.tasks.find((t) => t.id === id) ?? this.changed.get(id)!);
    return {
      state: s,
      events: this.events,
      changedTasks,
      result: { ...(taskId ? { taskId } : {}), step: s.step, status: s.status, sequence: s.sequence, openedTaskIds: this.opened },
    };
  }
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export { isTaskType };

/** What a party needs to decide a task: codes and numbers from earlier tasks, never personal data. */
export interface TaskContext {
  task: HumanTask;
  step: JourneyStep;
  /** Talents and interests (profile.talents). */
  profile?: { talentCodes: string[]; interestCodes: string[] };
  /** The proposed role (analyse.match). */
  match?: { employerId: string; roleCode: string; hoursPerWeek: number; durationWeeks: number };
  /** The support agreed in the support plan: codes and job-coach hours, not the plan itself. */
  agreedSupport?: { supportCodes: string[]; jobCoachHoursPerWeek: number };
  proposedRoute?: FundingRoute;
  attempts: Attempt[];
}

export function taskContext(state: JourneyState, taskId: string): TaskContext | undefined {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) return undefined;
  const latest = (type: TaskType): Record<string, unknown> | undefined =>
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
