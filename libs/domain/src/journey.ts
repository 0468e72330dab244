/**
 * The journey of one young person through the four-step method. Pure types and rules:
 * safe inside the Temporal workflow sandbox (no I/O, no decorators, no Node built-ins).
 */
export const JourneyStep = {
  CONNECT: 'CONNECT', // verbinden
  DISCOVER: 'DISCOVER', // ontdekken
  ANALYSE: 'ANALYSE', // analyseren
  PLACE: 'PLACE', // plaatsen
  PLACEMENT_RUNNING: 'PLACEMENT_RUNNING',
  PAID_WORK: 'PAID_WORK',
  COMPLETED: 'COMPLETED',
} as const;
export type JourneyStep = (typeof JourneyStep)[keyof typeof JourneyStep];
/** Every step in the method's order: the four steps, then the placement, paid work and the end. */
export const JOURNEY_STEPS: readonly JourneyStep[] = Object.values(JourneyStep);
/** The four steps of the method itself (verbinden, ontdekken, analyseren, plaatsen). */
export const METHOD_STEPS = [JourneyStep.CONNECT, JourneyStep.DISCOVER, JourneyStep.ANALYSE, JourneyStep.PLACE] as const;

export const JourneyStatus = {
  ACTIVE: 'ACTIVE',
  PAUSED: 'PAUSED',
  WITHDRAWN: 'WITHDRAWN',
  EXITED: 'EXITED',
  COMPLETED: 'COMPLETED',
} as const;
export type JourneyStatus = (typeof JourneyStatus)[keyof typeof JourneyStatus];
/** A journey that has not ended: running or paused. */
export const OPEN_JOURNEY_STATUSES = [JourneyStatus.ACTIVE, JourneyStatus.PAUSED] as const;

/**
 * The reason of a withdrawal that is a referral made in error (aanmelding ten onrechte): its own
 * act for the parties (POST /journeys/{id}/referral-error), a withdrawal with this reason for the
 * workflow (no message of its own), with its own words in the timeline and the notifications.
 */
export const REFERRED_IN_ERROR = 'REFERRED_IN_ERROR';
/** The reason of a withdrawal because the young person revoked consent (also a withdrawal without a reason, as before). */
export const CONSENT_REVOKED = 'CONSENT_REVOKED';

/** Workflow input: ids and dates only, never personal data. */
export interface JourneyInput {
  candidateId: string;
  municipalityId: string;
  careProviderId?: string;
  referrerOrganisationId: string;
  /** The referring user (the subject of its sign-in, as every act's actor names its user); absent in journeys of before. */
  referrerUserId?: string;
  /** ISO 8601 */
  referredAt: string;
}

/** What the workflow knows and projects; ids and outcomes only. */
export interface JourneySnapshot {
  candidateId: string;
  municipalityId: string;
  careProviderId?: string;
  referrerOrganisationId: string;
  step: JourneyStep;
  status: JourneyStatus;
  /** Increases by one with every state change; the projection keeps the highest. */
  sequence: number;
  referredAt: string;
  updatedAt: string;
}

export function journeyWorkflowId(candidateId: string): string {
  return `journey-${candidateId}`;
}
