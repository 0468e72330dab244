/**
 * Who may see what: the one home of the access rules (data minimisation, AVG). Pure functions of
 * the reader and the journey; the API enforces them in one service (apps/api/src/access). A
 * journey the reader takes no part in does not exist for it (404, never 403).
 */
import { ageOn } from './candidate-dates';
import { OrganisationType, UserRole } from './organisation';
import { isClosedStatus } from './engine/queries';

export interface Reader {
  organisationId: string;
  organisationType: OrganisationType;
  roles: readonly string[];
}

/** The journey as far as access is concerned: who takes part. */
export interface JourneyParties {
  municipalityId: string;
  careProviderId?: string | null;
  referrerOrganisationId: string;
  /** Every host that took part (orientations, matches, placements). */
  employerIds: readonly string[];
}

/** How the reader takes part in a journey. */
export type JourneyRole = 'MUNICIPALITY' | 'CARE_PROVIDER' | 'REFERRER' | 'HOST';

/** The reader's part in the journey, or undefined when it takes none (the journey does not exist for it). */
export function journeyRole(reader: Reader, journey: JourneyParties): JourneyRole | undefined {
  const org = reader.organisationId;
  if (org === journey.municipalityId && reader.organisationType === OrganisationType.MUNICIPALITY) return 'MUNICIPALITY';
  if (org === journey.careProviderId) return 'CARE_PROVIDER';
  if (org === journey.referrerOrganisationId) return 'REFERRER';
  if (journey.employerIds.includes(org)) return 'HOST';
  return undefined;
}

/** A timeline entry as a host's part reads it: a task opened, or a task completed with its answer (and the host it was about). */
export interface HostPartFact {
  type: 'task.opened' | 'task.completed';
  taskType: string;
  /** The organisation the task was opened for. */
  assigneeOrganisationId?: string | null;
  /** The host the task is about. */
  employerId?: string | null;
  /** A completed task's answer. */
  data: Record<string, unknown>;
}

/**
 * Whether a host's part in a journey is running: it starts when the host is asked (a task is
 * opened for it: an orientation, the offer) and ends when it declines the orientation or the offer,
 * the match names another host, its placement or job ends, or the journey closes. A host that was
 * only named (an alternative in the match) has not been asked. `facts` are the journey's, in order.
 */
export function hostPartRunning(hostId: string, journeyStatus: string, facts: readonly HostPartFact[]): boolean {
  if (isClosedStatus(journeyStatus)) return false;
  let running = false;
  for (const f of facts) {
    if (f.type === 'task.opened') {
      if (f.assigneeOrganisationId === hostId) running = true;
    } else if (f.taskType === 'analyse.match') {
      if (f.data.employerId !== hostId) running = false;
    } else if (f.employerId === hostId && endsHostPart(f)) {
      running = false;
    }
  }
  return running;
}

/**
 * Whether a host may act on a task of its own: while the journey is open. Not on its part as the
 * read model tells it, which may be ahead of the committed history (a decline whose workflow task
 * was lost: its retry must reach the workflow, which decides whether the task is still open).
 */
export function hostMayActOnOwnTask(journeyStatus: string): boolean {
  return !isClosedStatus(journeyStatus);
}

/** The answers that end the part of the host a task is about. */
function endsHostPart(f: HostPartFact): boolean {
  switch (f.taskType) {
    case 'orientation.respond':
    case 'placement.offer':
      return f.data.decision === 'DECLINE';
    case 'placement.outcome':
      return f.data.decision === 'END';
    case 'job.follow-up':
      return f.data.stillEmployed === false;
    default:
      return false;
  }
}

/** The parts that work with the whole of the young person's case: they record consent, correct data, close a referral made in error. */
export const CARE_PARTS: readonly JourneyRole[] = ['MUNICIPALITY', 'CARE_PROVIDER', 'REFERRER'];

/** Categories of the young person's personal data (special-category data: support needs, health). */
export type PersonalField = 'firstName' | 'lastName' | 'dateOfBirth' | 'email' | 'phone' | 'situation' | 'consent';

/** The minimum each part needs: a host works with the young person's first name only. */
const PERSONAL_FIELDS: Record<JourneyRole, readonly PersonalField[]> = {
  MUNICIPALITY: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'consent'],
  CARE_PROVIDER: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'consent'],
  REFERRER: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'consent'],
  HOST: ['firstName'],
};

export function personalFields(role: JourneyRole): readonly PersonalField[] {
  return PERSONAL_FIELDS[role];
}

/** What a task's context shows: a host sees the work profile, the match and the agreed support, never the route or what others tried. */
export type TaskContextPart = 'profile' | 'match' | 'agreedSupport' | 'proposedRoute' | 'attempts' | 'goalCodes' | 'orientations' | 'evaluations';

export function taskContextParts(readerType: OrganisationType): readonly TaskContextPart[] {
  return readerType === OrganisationType.EMPLOYER ? ['profile', 'match', 'agreedSupport'] : ['profile', 'match', 'agreedSupport', 'proposedRoute', 'attempts', 'goalCodes', 'orientations', 'evaluations'];
}

/** A timeline entry as access sees it. */
export interface TimelineFacts {
  type: string;
  actorOrganisationId?: string | null;
  data: Record<string, unknown>;
}

/**
 * Whether a timeline entry is shown to this part, and with which data. A host sees its own acts,
 * the tasks that are about it or assigned to it, and the journey's moves; never another party's
 * feedback, nor which other host the journey moved on with.
 */
export function visibleTimelineEntry(role: JourneyRole, reader: Reader, entry: TimelineFacts): TimelineFacts | undefined {
  if (role !== 'HOST') return entry;
  const org = reader.organisationId;
  const concernsHost = entry.actorOrganisationId === org || entry.data.employerId === org || entry.data.assigneeOrganisationId === org || entry.type === 'journey.moved';
  if (!concernsHost) return undefined;
  if (entry.data.employerId && entry.data.employerId !== org) {
    const { employerId: _other, ...data } = entry.data;
    return { ...entry, data };
  }
  return entry;
}

/**
 * Whether a reader of a timeline or the access log learns which user of an organisation acted
 * (user id and name) or only the organisation and the role: the municipality sees every user of
 * its journeys; an organisation's own admin sees its own users; other parties never do.
 */
export function seesUserNames(reader: Reader, actorOrganisationId: string): boolean {
  return reader.organisationType === OrganisationType.MUNICIPALITY || (reader.organisationId === actorOrganisationId && reader.roles.includes(UserRole.ADMIN));
}

/** Who reads the access log of personal data: the municipality, for its own young people. */
export function readsAccessLog(reader: Reader): boolean {
  return reader.organisationType === OrganisationType.MUNICIPALITY;
}

/** The task a match is proposed in, and the funding decision on it (libs/domain/src/method/analyse.ts). */
export const FOUR_EYES = { proposal: 'analyse.match', decision: 'analyse.decision' } as const;

/**
 * Four eyes: where the municipality requires a second coordinator, the funding decision on a match
 * is not taken by the person who proposed it. True when this decision must be refused.
 */
export function fourEyesRefuses(taskType: string, rule: { required: boolean; proposerUserId?: string | null }, deciderUserId: string | undefined): boolean {
  return taskType === FOUR_EYES.decision && rule.required && !!rule.proposerUserId && rule.proposerUserId === deciderUserId;
}

/** The young person's identity as held (null where erased or not given). */
export interface PersonFacts {
  firstName: string | null;
  lastName: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
}

/** Who a young person is, as far as this part may know it: the care parties full name and age, a host the first name. */
export interface PersonSummary {
  firstName?: string;
  lastName?: string;
  age?: number;
}

/**
 * The young person named on a list or a page, minimised by the part (personalFields) and the
 * consent (identity allowed for the purpose): never the date of birth itself, only the age.
 */
export function personSummary(role: JourneyRole, identityAllowed: boolean, facts: PersonFacts, today: string): PersonSummary {
  if (!identityAllowed) return {};
  const fields = personalFields(role);
  return {
    ...(facts.firstName && fields.includes('firstName') ? { firstName: facts.firstName } : {}),
    ...(facts.lastName && fields.includes('lastName') ? { lastName: facts.lastName } : {}),
    ...(facts.dateOfBirth && fields.includes('dateOfBirth') ? { age: ageOn(facts.dateOfBirth, today) } : {}),
  };
}

/** The personal fields a person summary shows (for the access log: what was read). */
export function summaryFields(summary: PersonSummary): PersonalField[] {
  return [...(summary.firstName ? (['firstName'] as const) : []), ...(summary.lastName ? (['lastName'] as const) : []), ...(summary.age !== undefined ? (['dateOfBirth'] as const) : [])];
}
