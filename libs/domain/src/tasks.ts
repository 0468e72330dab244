/**
 * Human tasks: what the engine keeps of each (the method's catalogue says what each type means:
 * libs/domain/src/method). Payloads carry ids, codes, numbers and dates: never names, BSN or
 * health and support-need text (those live in PostgreSQL, referred to by document ids).
 */
import type { JourneyStep } from './journey';

export const TaskStatus = {
  OPEN: 'OPEN',
  CLAIMED: 'CLAIMED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];
/** A task still to be done: open, or claimed by someone. */
export const OPEN_TASK_STATUSES = [TaskStatus.OPEN, TaskStatus.CLAIMED] as const;

/** Roles within an organisation that tasks are assigned to. */
export const Role = {
  COORDINATOR: 'coordinator', // regisseur (gemeente)
  SUPPORT_WORKER: 'support-worker', // begeleider / jobcoach (zorgaanbieder)
  EMPLOYER: 'employer', // ondernemer
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export interface Assignee {
  organisationId: string;
  role: string;
  userId?: string;
}

export interface HumanTask {
  id: string;
  /** A task type of the journey's method (libs/domain/src/method: TaskType). */
  type: string;
  step: JourneyStep;
  assignee: Assignee;
  status: TaskStatus;
  createdAt: string;
  dueAt: string;
  escalated: boolean;
  /** The host a task is about (orientation, offer, agreement); the wire name stays `employerId`. */
  employerId?: string;
  closedAt?: string;
  completedBy?: { organisationId: string; userId?: string };
  result?: Record<string, unknown>;
}
