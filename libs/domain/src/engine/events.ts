/**
 * The journey's timeline events: one typed union, used by the engine and the method (emit), the
 * projection (journey_events.type and data), the read side and the pipeline's SQL. Type names are
 * wire names: they live in histories and in the read model; never rename one.
 */
import type { JourneyStep } from '../journey';
import type { FundingRoute } from '../routes';

/** What each event's `data` holds. Ids, codes, numbers and dates: never personal data. */
export interface TimelineEventData {
  'journey.referred': { referrerOrganisationId: string };
  /** A step taken, forward or back (`reason` on a loop back; `employerId`: the host of a started placement). */
  'journey.moved': { from: JourneyStep; to: JourneyStep; reason?: string; employerId?: string; route?: FundingRoute };
  'journey.paused': { reasonCode?: string };
  'journey.resumed': { pausedMs: number };
  'journey.withdrawn': { reasonCode?: string };
  'journey.exited': { reasonCode?: string };
  'journey.completed': { route?: FundingRoute; employerId?: string };
  'journey.care-provider-transferred': { fromOrganisationId: string; toOrganisationId: string };
  /** A new version of the consent; `organisationIds`: the parties that lost part of what they may see. */
  'journey.consent-changed': { version: number; organisationIds: string[] };
  /** `employerId`: the host the task is about; `round`, `followUpIndex`, `reason` where they apply. */
  'task.opened': {
    taskType: string;
    assigneeOrganisationId: string;
    assigneeRole: string;
    employerId?: string;
    dueAt: string;
    round?: number;
    followUpIndex?: number;
    reason?: string;
  };
  /** The task's payload, as completed. */
  'task.completed': { taskType: string; [field: string]: unknown };
  'task.claimed': { taskType: string };
  'task.unclaimed': { taskType: string };
  'task.reassigned': { taskType: string; toOrganisationId: string; toRole: string; reason?: string };
  'task.cancelled': { taskType: string };
  'task.reminder-due': { taskType: string; assigneeOrganisationId: string; dueAt: string };
  'task.escalated': { taskType: string; escalatedToOrganisationId: string; dueAt: string };
  'placement.extended': { employerId: string };
}

export type TimelineEventType = keyof TimelineEventData;

export const TIMELINE_EVENT_TYPES = [
  'journey.referred',
  'journey.moved',
  'journey.paused',
  'journey.resumed',
  'journey.withdrawn',
  'journey.exited',
  'journey.completed',
  'journey.care-provider-transferred',
  'journey.consent-changed',
  'task.opened',
  'task.completed',
  'task.claimed',
  'task.unclaimed',
  'task.reassigned',
  'task.cancelled',
  'task.reminder-due',
  'task.escalated',
  'placement.extended',
] as const satisfies readonly TimelineEventType[];

export function isTimelineEventType(value: string): value is TimelineEventType {
  return (TIMELINE_EVENT_TYPES as readonly string[]).includes(value);
}

/** Fails to compile when an event type is missing from TIMELINE_EVENT_TYPES. */
type Unlisted = Exclude<TimelineEventType, (typeof TIMELINE_EVENT_TYPES)[number]>;
export const EVERY_EVENT_TYPE_LISTED: [Unlisted] extends [never] ? true : never = true;
