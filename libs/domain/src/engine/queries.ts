/** Questions about a journey's state: pure, shared by the engine, the method and the read side. */
import { JourneyStatus } from '../journey';
import { TaskStatus, type HumanTask } from '../tasks';
import type { JourneyState } from './types';

const TERMINAL: JourneyStatus[] = [JourneyStatus.WITHDRAWN, JourneyStatus.EXITED, JourneyStatus.COMPLETED];

/** Whether a journey of this status has closed (withdrawn, exited, completed). */
export const isClosedStatus = (status: string): boolean => (TERMINAL as string[]).includes(status);
export const isClosed = (s: JourneyState): boolean => isClosedStatus(s.status);
export const isOpenTask = (t: HumanTask): boolean => t.status === TaskStatus.OPEN || t.status === TaskStatus.CLAIMED;
export const openTasks = (s: JourneyState): HumanTask[] => s.tasks.filter(isOpenTask);
export const journeyPhase = (s: JourneyState): string => `${s.step}:${s.status}`;

/** The organisation that does the care provider's tasks: the care provider, else the referrer (a school). */
export const careParty = (s: JourneyState): string => s.careProviderId ?? s.referrerOrganisationId;

/** The host of the running placement or job; none once the journey has closed. */
export const currentHostId = (s: JourneyState): string | undefined =>
  isClosed(s) ? undefined : (s.job?.employerId ?? (s.placement?.startedOn ? s.placement.employerId : undefined));
