/**
 * Payloads a task form can be filled with that the method refuses, and the field errors it refuses
 * them with. The web app's task form (apps/web/src/forms/task-form.test.tsx) and the API
 * (test/e2e/tasks.e2e-spec.ts) both run every case and must answer exactly these codes: the words
 * at each field are the same before sending and after.
 */
import { dutchDate } from '../../domain/src/candidate-dates';
import type { TaskType } from '../../domain/src/method/catalogue';
import type { FieldErrorCode, FieldErrorParams } from '../../domain/src/problem-codes';
import { PAYLOADS } from './example-payloads';

export interface InvalidPayloadCase {
  name: string;
  type: TaskType;
  /** The payload, given two hosts to choose from. */
  payload: (hosts: [string, string]) => Record<string, unknown>;
  /** Each refused field's code (and its words' values). */
  errors: Record<string, { code: FieldErrorCode; params?: FieldErrorParams }>;
}

/** Tomorrow in the Netherlands, as a date field is filled in. */
export function tomorrow(): string {
  return dutchDate(new Date(Date.now() + 24 * 3600_000));
}

export const INVALID_PAYLOADS: InvalidPayloadCase[] = [
  {
    name: 'a meeting held tomorrow',
    type: 'intake.meeting',
    payload: () => ({ meetingDate: tomorrow(), goalCodes: ['RETAIL'] }),
    errors: { meetingDate: { code: 'IN_FUTURE' } },
  },
  {
    name: 'no host for an orientation',
    type: 'orientation.propose',
    payload: () => ({ employerIds: [] }),
    errors: { employerIds: { code: 'TOO_FEW_ITEMS', params: { min: 1 } } },
  },
  {
    name: 'a rating above the scale',
    type: 'orientation.feedback',
    payload: () => ({ ...PAYLOADS.feedback, rating: 9 }),
    errors: { rating: { code: 'BETWEEN', params: { min: 1, max: 5 } } },
  },
  {
    name: 'a file name for a document reference, and job-coach hours in halves',
    type: 'analyse.support-plan',
    payload: () => ({ ...PAYLOADS.supportPlan, supportPlanDocumentId: 'plan 2026.pdf', jobCoachHoursPerWeek: 4.5 }),
    errors: { supportPlanDocumentId: { code: 'FORMAT_REFERENCE' }, jobCoachHoursPerWeek: { code: 'NOT_AN_INTEGER' } },
  },
  {
    name: 'hours not in halves',
    type: 'analyse.match',
    payload: ([host]) => ({ ...PAYLOADS.match(host), hoursPerWeek: 12.3 }),
    errors: { hoursPerWeek: { code: 'MULTIPLE_OF', params: { step: 0.5 } } },
  },
  {
    name: 'the host also among the alternatives',
    type: 'analyse.match',
    payload: ([host, other]) => PAYLOADS.match(host, [other, host]),
    errors: { alternativeEmployerIds: { code: 'MAIN_EMPLOYER_ALSO_ALTERNATIVE' } },
  },
  {
    name: 'an agreement not signed, dated tomorrow',
    type: 'placement.agreement',
    payload: () => ({ signed: false, signedOn: tomorrow() }),
    errors: { signed: { code: 'MUST_BE_TRUE' }, signedOn: { code: 'IN_FUTURE' } },
  },
  {
    name: 'a start tomorrow',
    type: 'placement.start',
    payload: () => ({ startDate: tomorrow() }),
    errors: { startDate: { code: 'IN_FUTURE' } },
  },
  {
    name: 'paid work without its route',
    type: 'placement.outcome',
    payload: () => ({ decision: 'PAID_WORK' }),
    errors: { route: { code: 'REQUIRED' } },
  },
];
