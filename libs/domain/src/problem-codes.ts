/**
 * The stable codes of the API's problems and field errors: a client words each in its own language
 * (the web app in its locale files), while `detail` and `message` stay English for integrators.
 * The API produces no other codes; a test checks that the web app has a text for every one.
 */
import { DateRule } from './candidate-dates';

/** The workflow's refusals of a command, each a problem type of its own. */
const REJECTIONS = {
  UNKNOWN_TASK: true,
  TASK_CLOSED: true,
  ALREADY_CLAIMED: true,
  NOT_ASSIGNEE: true,
  NOT_ALLOWED: true,
  INVALID_PAYLOAD: true,
  INVALID_COMMAND: true,
  INVALID_STATE: true,
  JOURNEY_PAUSED: true,
  JOURNEY_CLOSED: true,
} as const;

/** Why the journey engine refuses a command. */
export type RejectionReason = keyof typeof REJECTIONS;

/** A problem's code: its type's last segment in capitals, or (for a plain HTTP error) its status's name. */
export const PROBLEM_CODES = [
  'VALIDATION_ERROR',
  'NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
  'CONFLICT',
  'FOUR_EYES_REQUIRED',
  'DEPENDENCY_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'INTERNAL',
  ...(Object.keys(REJECTIONS) as (keyof typeof REJECTIONS)[]),
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'CONTENT_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'ERROR',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

const STATUS_CODES: Record<number, ProblemCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'CONTENT_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** The code of a problem from its type URI (`…/four-eyes-required` is FOUR_EYES_REQUIRED) and status. */
export function problemCode(type: string, status: number): ProblemCode {
  const fromType = (type.split('/').pop() ?? '').toUpperCase().replace(/-/g, '_');
  return (PROBLEM_CODES as readonly string[]).includes(fromType) && type !== 'about:blank' ? (fromType as ProblemCode) : (STATUS_CODES[status] ?? 'ERROR');
}

/** A field error's code: the rule the value broke. Some carry parameters (`{ max: 40 }`). */
export const FIELD_ERROR_CODES = [
  'REQUIRED',
  'UNKNOWN_FIELD',
  'INVALID',
  'NOT_A_STRING',
  'EMPTY',
  'TOO_SHORT', // { min }
  'TOO_LONG', // { max }
  'NOT_AN_INTEGER',
  'NOT_A_NUMBER',
  'NOT_A_BOOLEAN',
  'NOT_AN_OBJECT',
  'NOT_AN_ARRAY',
  'MIN', // { min }
  'MAX', // { max }
  'BETWEEN', // { min, max }
  'MULTIPLE_OF', // { step }
  'MUST_BE_TRUE',
  'TOO_FEW_ITEMS', // { min }
  'TOO_MANY_ITEMS', // { max }
  'NOT_UNIQUE',
  'ENUM',
  'PATTERN',
  'FORMAT_EMAIL',
  'FORMAT_PHONE',
  'FORMAT_DATE',
  'FORMAT_MONTH',
  'FORMAT_UUID',
  'FORMAT_CODE',
  'FORMAT_REFERENCE',
  'FORMAT_KVK',
  'FORMAT_BSN',
  'FORMAT_WORKER_REFERENCE',
  'FORMAT_TASK_ID',
  'INVALID_CURSOR',
  'NOT_FOUND',
  'IN_FUTURE',
  'END_BEFORE_START',
  'BEFORE_MUNICIPAL_DECISION',
  'NOT_A_WORKING_DAY',
  'MAIN_EMPLOYER_ALSO_ALTERNATIVE',
  ...(Object.keys(DateRule) as DateRule[]),
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** A field error's parameters, for the words of its code. */
export type FieldErrorParams = Record<string, string | number>;
