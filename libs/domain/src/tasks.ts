/**
 * The catalogue of human tasks of the four-step method. Payloads carry ids, codes, numbers and
 * dates: never names, BSN or health and support-need text (those live in PostgreSQL, referred to
 * by document ids).
 */
import { JourneyStep } from './journey';
import { FUNDING_ROUTES } from './routes';
import type { Schema } from './schema';

export const TaskStatus = {
  OPEN: 'OPEN',
  CLAIMED: 'CLAIMED',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

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
  type: TaskType;
  step: JourneyStep;
  assignee: Assignee;
  status: TaskStatus;
  createdAt: string;
  dueAt: string;
  escalated: boolean;
  /** The employer a task is about (orientation, offer, agreement). */
  employerId?: string;
  closedAt?: string;
  completedBy?: { organisationId: string; userId?: string };
  result?: Record<string, unknown>;
}

const DECISION = ['ACCEPT', 'DECLINE'] as const;
const codes = (max: number) => ({ kind: 'array', of: { kind: 'code' }, minItems: 0, maxItems: max, unique: true }) as const;

/** Every task type: its step and its payload schema. Wire names: frozen once shipped. */
export const TASK_CATALOGUE = {
  // 1 connect (verbinden)
  'intake.accept': {
    step: JourneyStep.CONNECT,
    schema: { decision: { kind: 'enum', values: ['ACCEPT', 'REJECT'] }, reasonCode: { kind: 'code', optional: true } },
  },
  'intake.meeting': {
    step: JourneyStep.CONNECT,
    schema: { meetingDate: { kind: 'date' }, goalCodes: codes(10), notesDocumentId: { kind: 'uuid', optional: true } },
  },
  // 2 discover (ontdekken)
  'profile.talents': {
    step: JourneyStep.DISCOVER,
    schema: { talentCodes: codes(20), interestCodes: codes(20), profileDocumentId: { kind: 'uuid', optional: true } },
  },
  'orientation.propose': {
    step: JourneyStep.DISCOVER,
    schema: { employerIds: { kind: 'array', of: { kind: 'uuid' }, minItems: 1, maxItems: 3, unique: true } },
  },
  'orientation.respond': {
    step: JourneyStep.DISCOVER,
    schema: { decision: { kind: 'enum', values: DECISION }, reasonCode: { kind: 'code', optional: true }, orientationDate: { kind: 'date', optional: true } },
  },
  'orientation.feedback': {
    step: JourneyStep.DISCOVER,
    schema: { rating: { kind: 'int', min: 1, max: 5 }, fitCodes: codes(20), recommend: { kind: 'boolean' } },
  },
  'discover.conclude': {
    step: JourneyStep.DISCOVER,
    schema: { decision: { kind: 'enum', values: ['READY_FOR_ANALYSE', 'MORE_ORIENTATIONS'] } },
  },
  // 3 analyse (analyseren)
  'analyse.support-plan': {
    step: JourneyStep.ANALYSE,
    schema: {
      supportPlanDocumentId: { kind: 'uuid' },
      supportCodes: codes(20),
      jobCoachHoursPerWeek: { kind: 'int', min: 0, max: 40 },
    },
  },
  'analyse.match': {
    step: JourneyStep.ANALYSE,
    schema: {
      employerId: { kind: 'uuid' },
      alternativeEmployerIds: { kind: 'array', of: { kind: 'uuid' }, minItems: 0, maxItems: 3, unique: true, optional: true },
      roleCode: { kind: 'code' },
      hoursPerWeek: { kind: 'int', min: 1, max: 40 },
      durationWeeks: { kind: 'int', min: 1, max: 104 },
      proposedRoute: { kind: 'enum', values: FUNDING_ROUTES },
    },
  },
  'analyse.decision': {
    step: JourneyStep.ANALYSE,
    schema: {
      decision: { kind: 'enum', values: ['APPROVE', 'REVISE'] },
      proposedRoute: { kind: 'enum', values: FUNDING_ROUTES, optional: true },
      reasonCode: { kind: 'code', optional: true },
    },
  },
  // 4 place (plaatsen)
  'placement.offer': {
    step: JourneyStep.PLACE,
    schema: { decision: { kind: 'enum', values: DECISION }, reasonCode: { kind: 'code', optional: true } },
  },
  'placement.agreement': {
    step: JourneyStep.PLACE,
    schema: { signed: { kind: 'boolean', mustBe: true }, signedOn: { kind: 'date' } },
  },
  'placement.start': {
    step: JourneyStep.PLACE,
    schema: { startDate: { kind: 'date' } },
  },
  'placement.evaluation': {
    step: JourneyStep.PLACEMENT_RUNNING,
    schema: { rating: { kind: 'int', min: 1, max: 5 }, progressCodes: codes(20), continuePlacement: { kind: 'boolean' } },
  },
  'placement.outcome': {
    step: JourneyStep.PLACEMENT_RUNNING,
    schema: {
      decision: { kind: 'enum', values: ['PAID_WORK', 'EXTEND', 'END', 'EXIT'] },
      route: { kind: 'enum', values: FUNDING_ROUTES, optional: true },
      reasonCode: { kind: 'code', optional: true },
    },
  },
  // paid work (betaald werk)
  'job.follow-up': {
    step: JourneyStep.PAID_WORK,
    schema: { stillEmployed: { kind: 'boolean' }, contractCode: { kind: 'code', optional: true }, reasonCode: { kind: 'code', optional: true } },
  },
} as const satisfies Record<string, { step: JourneyStep; schema: Schema }>;

export type TaskType = keyof typeof TASK_CATALOGUE;
export const TASK_TYPES = Object.keys(TASK_CATALOGUE) as TaskType[];

export function isTaskType(value: string): value is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_CATALOGUE, value);
}
