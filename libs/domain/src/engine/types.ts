/**
 * The journey engine's state, commands and decisions: pure JSON types, safe in the workflow
 * sandbox. Field names of JourneyState are wire names too: the state is carried across
 * continue-as-new, so a field is added, never renamed (`employerIds`, `employerId`: the hosts).
 */
import type { JourneyStatus, JourneyStep } from '../journey';
import type { JourneyPolicy } from '../policy';
import type { RejectionReason } from '../problem-codes';
import type { FieldError } from '../schema';
import type { FundingRoute } from '../routes';
import type { Assignee, HumanTask } from '../tasks';
import type { TimelineEventData, TimelineEventType } from './events';

export interface Actor {
  organisationId: string;
  userId?: string;
}

/** What was tried and what came of it: kept through every loop back. `employerId`: the host. */
export interface Attempt {
  kind: 'ORIENTATION' | 'PLACEMENT' | 'JOB';
  employerId: string;
  outcome: string;
  reasonCode?: string;
  route?: FundingRoute;
  at: string;
}

export type TimerKind = 'REMINDER' | 'ESCALATION' | 'EVALUATION' | 'FOLLOW_UP';

export interface Timer {
  id: string;
  kind: TimerKind;
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
  /** The current orientation round: which hosts were asked, how many accepted. */
  orientation?: { employerIds: string[]; accepted: number };
  /** The match: the host, alternative hosts, the role. */
  match?: { employerId: string; alternativeEmployerIds: string[]; roleCode: string; hoursPerWeek: number; durationWeeks: number };
  /** The placement at its host. */
  placement?: { employerId: string; startedOn?: string; evaluationRounds: number; evaluationCounter: number };
  /** Paid work at its host. */
  job?: { employerId: string; route: FundingRoute; startedAt: string; followUpsDone: number };
  /** Proposed at analyse; a proposal only. */
  proposedRoute?: FundingRoute;
  /** Fixed at the placement outcome: the label comes afterwards. */
  route?: FundingRoute;
  attempts: Attempt[];
  /** Every host that took part (orientations, matches). */
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

/** The categories of personal data an organisation may no longer see (a consent change). */
export interface ConsentLoss {
  organisationId: string;
  categories: string[];
}

export type Command =
  | { kind: 'CompleteTask'; taskId: string; actor: Actor; payload: unknown }
  | { kind: 'ClaimTask'; taskId: string; actor: Actor }
  | { kind: 'UnclaimTask'; taskId: string; actor: Actor }
  /** `reasonCode`: why (a reassignReason code), recorded in the timeline; commands of older histories have none. */
  | { kind: 'ReassignTask'; taskId: string; actor: Actor; to: Assignee; reasonCode?: string }
  | { kind: 'Pause'; actor: Actor; reasonCode?: string }
  | { kind: 'Resume'; actor: Actor }
  | { kind: 'Withdraw'; actor: Actor; reasonCode?: string }
  | { kind: 'Exit'; actor: Actor; reasonCode?: string }
  | { kind: 'TransferCareProvider'; actor: Actor; careProviderId: string }
  /** A new consent version: what each organisation lost; its open tasks that need that go to the coordinator. */
  | { kind: 'ConsentChanged'; actor: Actor; version: number; losses: ConsentLoss[] }
  | { kind: 'TimerFired'; timerId: string };

/** Why a command is refused: a problem code of the API each (see problem-codes.ts). */
export type { RejectionReason };

export interface Rejection {
  reason: RejectionReason;
  message: string;
  fieldErrors?: FieldError[];
}

/** A timeline entry; `sequence` numbers every change of the journey. */
export type JourneyEvent = {
  [T in TimelineEventType]: {
    sequence: number;
    type: T;
    step: JourneyStep;
    occurredAt: string;
    actor?: Actor;
    taskId?: string;
    data: TimelineEventData[T];
  };
}[TimelineEventType];

export interface Decision {
  state: JourneyState;
  events: JourneyEvent[];
  /** Tasks opened or changed by this decision (for the read model). */
  changedTasks: HumanTask[];
  result: CommandResult;
}

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
