/**
 * Dutch and English labels of the journey's words, for documents people read (the young person's
 * export and access log view) and screens. The codes are the API's; these are their names.
 */
import type { JourneyRole } from './access';
import type { TimelineEventType } from './engine/events';
import type { JourneyStatus, JourneyStep } from './journey';
import type { Label } from './method/vocabularies';
import type { UserRole } from './organisation';

const l = (nl: string, en: string): Label => ({ nl, en });

export const STEP_LABELS: Record<JourneyStep, Label> = {
  CONNECT: l('verbinden', 'connect'),
  DISCOVER: l('ontdekken', 'discover'),
  ANALYSE: l('analyseren', 'analyse'),
  PLACE: l('plaatsen', 'place'),
  PLACEMENT_RUNNING: l('plaatsing loopt', 'placement running'),
  PAID_WORK: l('betaald werk', 'paid work'),
  COMPLETED: l('afgerond', 'completed'),
};

export const STATUS_LABELS: Record<JourneyStatus, Label> = {
  ACTIVE: l('loopt', 'active'),
  PAUSED: l('gepauzeerd', 'paused'),
  WITHDRAWN: l('ingetrokken', 'withdrawn'),
  EXITED: l('beëindigd', 'ended'),
  COMPLETED: l('afgerond', 'completed'),
};

export const EVENT_LABELS: Record<TimelineEventType, Label> = {
  'journey.referred': l('aangemeld', 'referred'),
  'journey.moved': l('naar een volgende of eerdere stap', 'moved to another step'),
  'journey.paused': l('gepauzeerd', 'paused'),
  'journey.resumed': l('hervat', 'resumed'),
  'journey.withdrawn': l('ingetrokken', 'withdrawn'),
  'journey.exited': l('beëindigd', 'ended'),
  'journey.completed': l('afgerond', 'completed'),
  'journey.care-provider-transferred': l('overgedragen aan een andere zorgaanbieder', 'transferred to another care provider'),
  'journey.consent-changed': l('toestemming gewijzigd', 'consent changed'),
  'task.opened': l('taak klaargezet', 'task opened'),
  'task.completed': l('taak afgerond', 'task completed'),
  'task.claimed': l('taak opgepakt', 'task claimed'),
  'task.unclaimed': l('taak teruggelegd', 'task unclaimed'),
  'task.reassigned': l('taak overgedragen', 'task reassigned'),
  'task.cancelled': l('taak vervallen', 'task cancelled'),
  'task.reminder-due': l('herinnering verstuurd', 'reminder due'),
  'task.escalated': l('taak doorgezet naar de regisseur', 'task escalated'),
  'placement.extended': l('plaatsing verlengd', 'placement extended'),
};

export const USER_ROLE_LABELS: Record<UserRole, Label> = {
  coordinator: l('regisseur', 'coordinator'),
  'support-worker': l('begeleider', 'support worker'),
  teacher: l('docent', 'teacher'),
  employer: l('werkgever', 'employer'),
  admin: l('beheerder', 'administrator'),
  'platform-admin': l('platformbeheerder', 'platform administrator'),
};

export const JOURNEY_ROLE_LABELS: Record<JourneyRole, Label> = {
  MUNICIPALITY: l('gemeente', 'municipality'),
  CARE_PROVIDER: l('zorgaanbieder', 'care provider'),
  REFERRER: l('verwijzer', 'referrer'),
  HOST: l('werkplek', 'workplace'),
};

/** The Dutch names of the personal fields, as the young person reads them. */
export const FIELD_LABELS: Record<string, Label> = {
  firstName: l('voornaam', 'first name'),
  lastName: l('achternaam', 'last name'),
  dateOfBirth: l('geboortedatum', 'date of birth'),
  email: l('e-mailadres', 'e-mail address'),
  phone: l('telefoonnummer', 'phone number'),
  situation: l('beschrijving van de situatie', 'description of the situation'),
  consent: l('toestemming', 'consent'),
  bsn: l('burgerservicenummer (BSN)', 'citizen service number (BSN)'),
  profile: l('werkprofiel', 'work profile'),
  match: l('match met een werkplek', 'match with a workplace'),
  agreedSupport: l('afgesproken ondersteuning', 'agreed support'),
  goalCodes: l('doelen uit het intakegesprek', 'goals from the intake meeting'),
  orientations: l('oriëntaties en hun terugkoppeling', 'orientations and their feedback'),
  evaluations: l('evaluaties van de plaatsing', 'evaluations of the placement'),
  accessLog: l('wie uw gegevens bekeek', 'who looked at your data'),
  everything: l('alle gegevens', 'all data'),
};
