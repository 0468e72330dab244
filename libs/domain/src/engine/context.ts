/**
 * A decision in the making: a mutable draft of the journey's state plus what it emitted. The
 * engine's generic operations (tasks, timers, steps, pause and resume, transfer) live here; the
 * method's modules (libs/domain/src/method) use them to say what completing each task does.
 */
import { JourneyStatus, type JourneyStep } from '../journey';
import { taskDueMs } from '../policy';
import { nextTimelineDigest, timelineEntry } from '../read-model';
import { Role, TaskStatus, type Assignee, type HumanTask } from '../tasks';
import type { TimelineEventData, TimelineEventType } from './events';
import { careParty, isOpenTask, openTasks } from './queries';
import { taskNeeds } from '../privacy';
import type { Actor, Attempt, ConsentLoss, Decision, JourneyEvent, JourneyState } from './types';

const CLOSED_TASKS_KEPT = 200;

export class Context {
  readonly events: JourneyEvent[] = [];
  private readonly changed = new Map<string, HumanTask>();
  private readonly opened: string[] = [];

  /** `stepOf`: the step of a task type, as the method says (see JourneyMethod.taskStep). */
  constructor(
    readonly state: JourneyState,
    readonly now: string,
    private readonly stepOf: (type: string) => JourneyStep,
  ) {}

  coordinator(): Assignee {
    return { organisationId: this.state.municipalityId, role: Role.COORDINATOR };
  }

  care(): Assignee {
    return { organisationId: careParty(this.state), role: Role.SUPPORT_WORKER };
  }

  /** The host of an orientation or placement (today's kind: a regular employer). */
  host(hostId: string): Assignee {
    return { organisationId: hostId, role: Role.EMPLOYER };
  }

  emit<T extends TimelineEventType>(type: T, data: TimelineEventData[T], actor?: Actor, taskId?: string): void {
    this.state.sequence += 1;
    this.state.updatedAt = this.now;
    const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as TimelineEventData[T];
    const event = { sequence: this.state.sequence, type, step: this.state.step, occurredAt: this.now, actor, taskId, data: clean } as JourneyEvent;
    this.events.push(event);
    const timeline = this.state.timeline ?? { from: this.state.sequence - 1, digest: '' };
    this.state.timeline = { from: timeline.from, digest: nextTimelineDigest(timeline.digest, timelineEntry(event)) };
  }

  open(type: string, assignee: Assignee, hostId?: string, extra: { round?: number; followUpIndex?: number; reason?: string } = {}): HumanTask {
    const s = this.state;
    s.taskCounter += 1;
    const dueAt = addMs(this.now, taskDueMs(s.policy, type));
    const task: HumanTask = {
      id: `${type}#${s.taskCounter}`,
      type,
      step: this.stepOf(type),
      assignee,
      status: TaskStatus.OPEN,
      createdAt: this.now,
      dueAt,
      escalated: false,
      ...(hostId ? { employerId: hostId } : {}),
    };
    s.tasks.push(task);
    const reminderAt = addMs(dueAt, -s.policy.reminderBeforeDueMs);
    if (reminderAt > this.now) s.timers.push({ id: `reminder:${task.id}`, kind: 'REMINDER', fireAt: reminderAt, taskId: task.id });
    s.timers.push({ id: `escalation:${task.id}`, kind: 'ESCALATION', fireAt: addMs(dueAt, s.policy.escalateAfterDueMs), taskId: task.id });
    this.touch(task);
    this.opened.push(task.id);
    this.emit('task.opened', { taskType: type, assigneeOrganisationId: assignee.organisationId, assigneeRole: assignee.role, employerId: hostId, dueAt, ...extra }, undefined, task.id);
    return task;
  }

  changeTask<T extends 'task.claimed' | 'task.unclaimed' | 'task.reassigned' | 'task.cancelled' | 'task.completed' | 'task.escalated'>(
    taskId: string,
    change: (t: HumanTask) => HumanTask,
    event: T,
    actor?: Actor,
    data: Omit<TimelineEventData[T], 'taskType'> = {} as Omit<TimelineEventData[T], 'taskType'>,
  ): HumanTask {
    const index = this.state.tasks.findIndex((t) => t.id === taskId);
    const task = change(this.state.tasks[index]);
    this.state.tasks[index] = task;
    this.touch(task);
    this.emit(event, { taskType: task.type, ...data } as TimelineEventData[T], actor, taskId);
    return task;
  }

  close(task: HumanTask, status: TaskStatus, event: 'task.completed' | 'task.cancelled', actor?: Actor, data: Record<string, unknown> = {}): HumanTask {
    this.state.timers = this.state.timers.filter((t) => t.taskId !== task.id);
    return this.changeTask(
      task.id,
      (t) => ({
        ...t,
        status,
        closedAt: this.now,
        ...(actor ? { completedBy: { organisationId: actor.organisationId, ...(actor.userId ? { userId: actor.userId } : {}) } } : {}),
        ...(status === TaskStatus.COMPLETED ? { result: data } : {}),
      }),
      event,
      actor,
      data,
    );
  }

  cancelOpen(filter: (t: HumanTask) => boolean = () => true): void {
    for (const task of openTasks(this.state).filter(filter)) this.close(task, TaskStatus.CANCELLED, 'task.cancelled');
  }

  /** The open tasks of a type (after what this decision closed). */
  openOf(type: string): HumanTask[] {
    return openTasks(this.state).filter((t) => t.type === type);
  }

  moveTo(step: JourneyStep, data: Omit<TimelineEventData['journey.moved'], 'from' | 'to'> = {}): void {
    const from = this.state.step;
    this.state.step = step;
    this.emit('journey.moved', { from, to: step, ...data });
  }

  finish(status: JourneyStatus, event: 'journey.withdrawn' | 'journey.exited' | 'journey.completed', actor?: Actor, data: TimelineEventData[typeof event] = {}): void {
    this.cancelOpen();
    this.state.timers = [];
    this.state.status = status;
    this.state.pausedAt = undefined;
    this.emit(event, data, actor);
  }

  pause(actor: Actor, reasonCode?: string): void {
    this.state.status = JourneyStatus.PAUSED;
    this.state.pausedAt = this.now;
    this.emit('journey.paused', { reasonCode }, actor);
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

  /**
   * A new consent version: an organisation's open tasks that need data it may no longer see go to
   * the municipal coordinator, who decides what comes next (another host, another party).
   */
  consentChanged(version: number, losses: ConsentLoss[], actor: Actor): void {
    this.emit('journey.consent-changed', { version, organisationIds: losses.map((l) => l.organisationId) }, actor);
    const coordinator = this.coordinator();
    const lost = (t: HumanTask) => losses.find((l) => l.organisationId === t.assignee.organisationId)?.categories ?? [];
    for (const task of openTasks(this.state).filter((t) => taskNeeds(t.type).some((c) => lost(t).includes(c)))) {
      this.changeTask(task.id, (t) => ({ ...t, status: TaskStatus.OPEN, assignee: coordinator }), 'task.reassigned', actor, {
        toOrganisationId: coordinator.organisationId,
        toRole: coordinator.role,
        reason: 'CONSENT_WITHDRAWN',
      });
    }
  }

  attempt(attempt: Omit<Attempt, 'at'>): void {
    this.state.attempts.push({ ...attempt, at: this.now });
  }

  addHosts(ids: string[]): void {
    for (const id of ids) if (!this.state.employerIds.includes(id)) this.state.employerIds.push(id);
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

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}
