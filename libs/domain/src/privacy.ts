/**
 * Privacy by design (AVG/GDPR; support needs and health are special-category data): the purposes
 * a read of personal data may have, the categories of personal data, and the consent ledger's
 * rules — which party may see which category, for which purpose. Pure: the API enforces them
 * through its one access check; the access log records every read with its purpose (NEN 7513).
 */
import type { JourneyRole } from './access';
import type { Label } from './method/vocabularies';

const l = (nl: string, en: string): Label => ({ nl, en });

/** Why personal data is read or changed: the caller says, from this list; the access log keeps it. */
export const PURPOSES = {
  INTAKE: l('intake en toeleiding', 'intake and referral'),
  CARE_DELIVERY: l('begeleiding van de jongere', 'supporting the young person'),
  PLACEMENT: l('bemiddeling en plaatsing', 'matching and placement'),
  MUNICIPAL_TASK: l('uitvoering van de gemeentelijke taak', 'the municipality’s public task'),
  RIGHTS_REQUEST: l('verzoek van de jongere (inzage of overdracht)', 'a request of the young person (access or portability)'),
  RECTIFICATION: l('correctie van gegevens', 'rectification of data'),
  RETENTION: l('bewaartermijn verstreken', 'retention period passed'),
} as const;
export type Purpose = keyof typeof PURPOSES;
export const PURPOSE_CODES = Object.keys(PURPOSES) as Purpose[];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === 'string' && (PURPOSE_CODES as string[]).includes(value);
}

/** What was done with personal data (the access log's action). */
export type AccessAction = 'READ' | 'CHANGE' | 'EXPORT' | 'ERASE';

export const ACCESS_ACTIONS: Record<AccessAction, Label> = {
  READ: l('bekeken', 'viewed'),
  CHANGE: l('gewijzigd', 'changed'),
  EXPORT: l('opgevraagd als overzicht', 'exported'),
  ERASE: l('gewist', 'erased'),
};

/** Categories of a young person's personal data. */
export const DATA_CATEGORIES = {
  IDENTITY: l('identiteit (naam, geboortedatum)', 'identity (name, date of birth)'),
  CONTACT: l('contactgegevens', 'contact details'),
  SUPPORT_AND_HEALTH: l('ondersteuningsbehoefte en gezondheid', 'support needs and health'),
  WORK_PROFILE: l('werkprofiel (talenten, interesses, match)', 'work profile (talents, interests, match)'),
  PROGRESS: l('voortgang van het traject', 'progress of the journey'),
} as const;
export type DataCategory = keyof typeof DATA_CATEGORIES;
export const CATEGORY_CODES = Object.keys(DATA_CATEGORIES) as DataCategory[];

/** The category of each personal field the API serves. */
export const FIELD_CATEGORY: Record<string, DataCategory> = {
  firstName: 'IDENTITY',
  lastName: 'IDENTITY',
  dateOfBirth: 'IDENTITY',
  email: 'CONTACT',
  phone: 'CONTACT',
  consent: 'IDENTITY',
  bsn: 'IDENTITY',
  situation: 'SUPPORT_AND_HEALTH',
  profile: 'WORK_PROFILE',
  match: 'WORK_PROFILE',
  goalCodes: 'WORK_PROFILE',
  orientations: 'WORK_PROFILE',
  evaluations: 'PROGRESS',
  agreedSupport: 'SUPPORT_AND_HEALTH',
  timeline: 'PROGRESS',
};

/** Who a grant of consent is for: a kind of party of the journey, or one organisation. */
export type Grantee = { role: Exclude<JourneyRole, 'MUNICIPALITY'> } | { organisationId: string };

export interface ConsentGrant {
  to: Grantee;
  categories: DataCategory[];
  purposes: Purpose[];
}

/** One version of a journey's consent: given by whom, when, and what it allows (nothing: withdrawn entirely). */
export interface ConsentVersion {
  version: number;
  givenBy: 'CANDIDATE' | 'LEGAL_REPRESENTATIVE';
  givenAt: string;
  grants: ConsentGrant[];
  /** Every grant withdrawn: the journey is withdrawn with it. */
  withdrawnAll: boolean;
}

/** What the referral's consent allows: the minimum each kind of party needs for the method. */
export function initialGrants(): ConsentGrant[] {
  return [
    { to: { role: 'CARE_PROVIDER' }, categories: [...CATEGORY_CODES], purposes: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'] },
    { to: { role: 'REFERRER' }, categories: [...CATEGORY_CODES], purposes: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'] },
    { to: { role: 'HOST' }, categories: ['IDENTITY', 'WORK_PROFILE', 'SUPPORT_AND_HEALTH', 'PROGRESS'], purposes: ['PLACEMENT'] },
  ];
}

/** The consent in effect: a withdrawn journey ends every party's access whatever the ledger says last. */
export function effectiveConsent<C extends ConsentVersion>(current: C | undefined, journeyStatus: string): C | undefined {
  return current && journeyStatus === 'WITHDRAWN' ? { ...current, withdrawnAll: true } : current;
}

/**
 * The categories a party may see for a purpose under the current consent. The municipality
 * processes on its legal basis (public task) rather than consent: every category, for its own
 * purposes. A grant to one organisation replaces the grant to its kind of party for that
 * organisation (that is how consent is withdrawn for one host and not the others).
 */
export function allowedCategories(current: ConsentVersion | undefined, role: JourneyRole, organisationId: string, purpose?: Purpose): DataCategory[] {
  if (role === 'MUNICIPALITY') return [...CATEGORY_CODES];
  if (!current || current.withdrawnAll) return [];
  const own = current.grants.filter((g) => 'organisationId' in g.to && g.to.organisationId === organisationId);
  const grants = own.length ? own : current.grants.filter((g) => 'role' in g.to && g.to.role === role);
  const categories = grants.filter((g) => !purpose || g.purposes.includes(purpose)).flatMap((g) => g.categories);
  return CATEGORY_CODES.filter((c) => categories.includes(c));
}

/** What each party lost from one consent version to the next (its open tasks that need it are reassigned). */
export function losses(before: ConsentVersion | undefined, after: ConsentVersion, parties: { organisationId: string; role: JourneyRole }[]): { organisationId: string; categories: DataCategory[] }[] {
  return parties
    .filter((p) => p.role !== 'MUNICIPALITY')
    .map((p) => {
      const has = new Set(allowedCategories(after, p.role, p.organisationId));
      return { organisationId: p.organisationId, categories: allowedCategories(before, p.role, p.organisationId).filter((c) => !has.has(c)) };
    })
    .filter((l) => l.categories.length > 0);
}

/**
 * What a task needs to be done at all: who it is about and where the journey stands, and for some
 * the work profile or the support needs. A party that loses one of these hands the task over.
 */
const TASK_NEEDS: Record<string, DataCategory[]> = {
  'profile.talents': ['WORK_PROFILE'],
  'orientation.respond': ['WORK_PROFILE'],
  'orientation.feedback': ['WORK_PROFILE'],
  'analyse.support-plan': ['SUPPORT_AND_HEALTH'],
  'analyse.match': ['WORK_PROFILE'],
  'placement.offer': ['WORK_PROFILE', 'SUPPORT_AND_HEALTH'],
  'placement.agreement': ['WORK_PROFILE', 'SUPPORT_AND_HEALTH'],
  'placement.start': ['WORK_PROFILE', 'SUPPORT_AND_HEALTH'],
  'placement.evaluation': ['WORK_PROFILE', 'SUPPORT_AND_HEALTH'],
};

export function taskNeeds(type: string): DataCategory[] {
  return ['IDENTITY', 'PROGRESS', ...(TASK_NEEDS[type] ?? [])];
}

/**
 * Why a party reads a young person's data for its casework (a task, an inbox, a list): the
 * municipality for its public task, a host for the placement, the care parties to support the
 * young person. Follows from the work; nobody picks it.
 */
export function caseworkPurpose(role: JourneyRole): Purpose {
  if (role === 'MUNICIPALITY') return 'MUNICIPAL_TASK';
  if (role === 'HOST') return 'PLACEMENT';
  return 'CARE_DELIVERY';
}

/** The purposes a part of a journey may name at all: the municipality its own; the others those a consent can give them. */
const ROLE_PURPOSES: Record<JourneyRole, readonly Purpose[]> = {
  MUNICIPALITY: ['MUNICIPAL_TASK', 'INTAKE', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'],
  CARE_PROVIDER: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'],
  REFERRER: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'],
  HOST: ['PLACEMENT'],
};

export function purposesOf(role: JourneyRole): readonly Purpose[] {
  return ROLE_PURPOSES[role];
}
