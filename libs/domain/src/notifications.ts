/**
 * Who is told what (meldingen): the journey events that concern someone, turned into compact
 * notices for the notification activity. Pure and deterministic: the journey workflow computes
 * them from its committed state. A notice carries ids, codes and dates only, never personal data.
 */
import { careParty, isOpenTask } from './engine/queries';
import type { JourneyEvent, JourneyState } from './engine/types';
import type { JourneyParties } from './access';
import type { TimelineEventType } from './engine/events';

/** What a notification is about; each user chooses per kind how to be told. */
export const NotificationKind = {
  /** A task assigned to my organisation or to me (opened, reassigned). */
  TASK_ASSIGNED: 'TASK_ASSIGNED',
  /** A reminder before a task's due date (herinnering). */
  TASK_REMINDER: 'TASK_REMINDER',
  /** A task overdue and escalated to the municipality (escalatie). */
  TASK_ESCALATED: 'TASK_ESCALATED',
  /** A journey act that concerns my organisation: paused, resumed, withdrawn, ended, transferred, a task of ours cancelled. */
  JOURNEY_ACT: 'JOURNEY_ACT',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];
export const NOTIFICATION_KINDS = Object.values(NotificationKind);

/** How a user is told of a kind: an e-mail at once, in the daily digest (dagoverzicht), or not at all. In-app unless OFF. */
export const Delivery = { IMMEDIATE: 'IMMEDIATE', DIGEST: 'DIGEST', OFF: 'OFF' } as const;
export type Delivery = (typeof Delivery)[keyof typeof Delivery];
export const DELIVERIES = Object.values(Delivery);

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A user's choices; a user who never chose has the defaults. */
export interface NotificationPreferences {
  language: Language;
  kinds: Record<NotificationKind, Delivery>;
  /** The daily digest of overdue tasks (and of the kinds set to DIGEST). */
  dailyDigest: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  language: 'nl',
  kinds: { TASK_ASSIGNED: 'IMMEDIATE', TASK_REMINDER: 'IMMEDIATE', TASK_ESCALATED: 'IMMEDIATE', JOURNEY_ACT: 'IMMEDIATE' },
  dailyDigest: false,
};

/** A user wants a digest when it asked for one, or routes any kind into it. */
export function wantsDigest(p: NotificationPreferences): boolean {
  return p.dailyDigest || Object.values(p.kinds).includes(Delivery.DIGEST);
}

/** Who a notice is for: the casework users of an organisation, or one of them (by sign-in subject: a claimed task). */
export interface NoticeRecipient {
  organisationId: string;
  subject?: string;
}

/** The events that notify, and the kind each is. */
export const NOTIFYING_EVENTS = {
  'task.opened': NotificationKind.TASK_ASSIGNED,
  'task.reassigned': NotificationKind.TASK_ASSIGNED,
  'task.reminder-due': NotificationKind.TASK_REMINDER,
  'task.escalated': NotificationKind.TASK_ESCALATED,
  'task.cancelled': NotificationKind.JOURNEY_ACT,
  'journey.paused': NotificationKind.JOURNEY_ACT,
  'journey.resumed': NotificationKind.JOURNEY_ACT,
  'journey.withdrawn': NotificationKind.JOURNEY_ACT,
  'journey.exited': NotificationKind.JOURNEY_ACT,
  'journey.completed': NotificationKind.JOURNEY_ACT,
  'journey.care-provider-transferred': NotificationKind.JOURNEY_ACT,
} as const satisfies Partial<Record<TimelineEventType, NotificationKind>>;
export type NotifyingEventType = keyof typeof NOTIFYING_EVENTS;

export function isNotifyingEvent(type: string): type is NotifyingEventType {
  return Object.prototype.hasOwnProperty.call(NOTIFYING_EVENTS, type);
}

/** One event that concerns someone: the unit the outbox is keyed by (candidate, sequence, recipient user). */
export interface JourneyNotice {
  sequence: number;
  type: NotifyingEventType;
  kind: NotificationKind;
  occurredAt: string;
  taskId?: string;
  taskType?: string;
  dueAt?: string;
  /** Why a journey was paused or closed (a code: REFERRED_IN_ERROR, CONSENT_REVOKED, ...), as the act gave it. */
  reasonCode?: string;
  to: NoticeRecipient[];
}

/** What the notification activity is given for one projection of a journey. */
export interface NotifyInput {
  candidateId: string;
  /** The journey's parties now (who may see the young person's first name: libs/domain/src/access.ts). */
  parties: JourneyParties;
  notices: JourneyNotice[];
}

/**
 * The notices of these events (a projection's new ones), against the journey's state after them.
 * A task's notices go to its assignee (only the claiming user once claimed); an escalation to the
 * municipality; a journey act to every party it concerns but the one that acted; a cancelled task
 * to its assignee, unless that organisation acted or is told of the act that cancelled it.
 */
export function journeyNotices(state: JourneyState, events: readonly JourneyEvent[]): JourneyNotice[] {
  const notices: JourneyNotice[] = [];
  const acting = new Set(events.flatMap((e) => (e.actor ? [e.actor.organisationId] : [])));
  const toldOfActs = new Set<string>();
  const taskOf = (id?: string) => (id ? state.tasks.find((t) => t.id === id) : undefined);
  const claimedBy = (taskId: string | undefined, organisationId: string): NoticeRecipient => {
    const task = taskOf(taskId);
    const subject = task && isOpenTask(task) && task.assignee.organisationId === organisationId ? task.assignee.userId : undefined;
    return { organisationId, ...(subject ? { subject } : {}) };
  };
  const push = (e: JourneyEvent, to: NoticeRecipient[], extra: { taskType?: string; dueAt?: string; reasonCode?: string } = {}): void => {
    if (!to.length || !isNotifyingEvent(e.type)) return;
    notices.push({
      sequence: e.sequence,
      type: e.type,
      kind: NOTIFYING_EVENTS[e.type],
      occurredAt: e.occurredAt,
      ...(e.taskId ? { taskId: e.taskId } : {}),
      ...(extra.taskType ? { taskType: extra.taskType } : {}),
      ...(extra.dueAt ? { dueAt: extra.dueAt } : {}),
      ...(extra.reasonCode ? { reasonCode: extra.reasonCode } : {}),
      to,
    });
  };

  for (const e of events) {
    switch (e.type) {
      case 'task.opened':
        push(e, [{ organisationId: e.data.assigneeOrganisationId }], { taskType: e.data.taskType, dueAt: e.data.dueAt });
        break;
      case 'task.reassigned':
        push(e, [claimedBy(e.taskId, e.data.toOrganisationId)], { taskType: e.data.taskType, dueAt: taskOf(e.taskId)?.dueAt });
        break;
      case 'task.reminder-due':
        push(e, [claimedBy(e.taskId, e.data.assigneeOrganisationId)], { taskType: e.data.taskType, dueAt: e.data.dueAt });
        break;
      case 'task.escalated':
        push(e, [{ organisationId: e.data.escalatedToOrganisationId }], { taskType: e.data.taskType, dueAt: e.data.dueAt });
        break;
      case 'journey.paused':
      case 'journey.resumed':
      case 'journey.withdrawn':
      case 'journey.exited':
      case 'journey.completed': {
        const orgs = concernedParties(state).filter((o) => o !== e.actor?.organisationId);
        orgs.forEach((o) => toldOfActs.add(o));
        const reasonCode = 'reasonCode' in e.data ? e.data.reasonCode : undefined;
        push(e, orgs.map((organisationId) => ({ organisationId })), reasonCode ? { reasonCode } : {});
        break;
      }
      case 'journey.care-provider-transferred': {
        const orgs = unique([e.data.fromOrganisationId, e.data.toOrganisationId]).filter((o) => o !== e.actor?.organisationId);
        orgs.forEach((o) => toldOfActs.add(o));
        push(e, orgs.map((organisationId) => ({ organisationId })));
        break;
      }
      default:
        break;
    }
  }
  // A task cancelled: told to its assignee, unless it acted itself or hears of the act already.
  for (const e of events) {
    if (e.type !== 'task.cancelled') continue;
    const task = taskOf(e.taskId);
    if (!task || acting.has(task.assignee.organisationId) || toldOfActs.has(task.assignee.organisationId)) continue;
    push(e, [{ organisationId: task.assignee.organisationId, ...(task.assignee.userId ? { subject: task.assignee.userId } : {}) }], { taskType: e.data.taskType });
  }
  return notices.sort((a, b) => a.sequence - b.sequence);
}

/** The journey's parties as access sees them (who may see what). */
export function journeyParties(state: JourneyState): JourneyParties {
  return {
    municipalityId: state.municipalityId,
    careProviderId: state.careProviderId ?? null,
    referrerOrganisationId: state.referrerOrganisationId,
    employerIds: state.employerIds,
  };
}

/**
 * The organisations a journey act concerns: the municipality, the care party, the referrer, the
 * host of the running (or just ended) placement or job, and every host with an open task.
 */
function concernedParties(state: JourneyState): string[] {
  const host = state.job?.employerId ?? (state.placement?.startedOn ? state.placement.employerId : undefined);
  const openHosts = state.tasks.filter((t) => isOpenTask(t) && t.employerId && t.assignee.organisationId === t.employerId).map((t) => t.employerId!);
  return unique([state.municipalityId, careParty(state), state.referrerOrganisationId, ...(host ? [host] : []), ...openHosts]);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
