import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_ERROR_CODES, PROBLEM_CODES, problemCode, type FieldErrorCode, type FieldErrorParams, type ProblemCode } from '../../../../libs/domain/src/problem-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const BASE = 'https://placement-engine.nl/problems';

/** A problem's `instance`: the request's path only; a query string can be long and hold anything (a field error names the parameter at fault). */
export function problemInstance(url: string): string {
  return url.split('?')[0];
}

/** The HTTP status's reason phrase, a problem's `title` (RFC 9110). */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemTitle(status: number, otherwise = 'Internal Server Error'): string {
  return TITLES[status] ?? otherwise;
}

/** Problem types this API answers with (RFC 9457 "type" URIs). */
export const ProblemType = {
  VALIDATION: `${BASE}/validation-error`,
  NOT_FOUND: `${BASE}/not-found`,
  IDEMPOTENCY_KEY_REUSED: `${BASE}/idempotency-key-reused`,
  CONFLICT: `${BASE}/conflict`,
  /** The municipality requires a second coordinator: who proposed the match does not decide on it. */
  FOUR_EYES_REQUIRED: `${BASE}/four-eyes-required`,
  DEPENDENCY_UNAVAILABLE: `${BASE}/dependency-unavailable`,
  RATE_LIMITED: `${BASE}/rate-limited`,
  INTERNAL: `${BASE}/internal-error`,
} as const;

/**
 * The codes are a list that grows (each new rule brings its own), so the document gives them as an
 * `x-extensible-enum` rather than an `enum`: a new code is not a breaking change, and a client
 * shows a general text for a code it does not know yet.
 */
const EXTENSIBLE = 'The list grows with new rules (x-extensible-enum): show a general text for a code not listed.';
const extensibleEnum = (codes: readonly string[]): { type: 'string' } => ({ type: 'string', ['x-extensible-enum' as string]: [...codes] });

export class FieldError {
  @ApiProperty({ example: 'candidate.firstName' })
  field!: string;

  @ApiProperty({ example: 'firstName must be shorter than or equal to 100 characters' })
  message!: string;

  @ApiPropertyOptional({ ...extensibleEnum(FIELD_ERROR_CODES), example: 'TOO_LONG', description: `The rule broken, as a stable code a client words in its own language (\`message\` is English, for integrators); every field error has one. ${EXTENSIBLE}` })
  code?: FieldErrorCode;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, example: { max: 100 }, description: "The rule's parameters where its words need them" })
  params?: FieldErrorParams;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export class ProblemDetails {
  @ApiProperty({ example: ProblemType.VALIDATION })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'The request has 1 invalid field.' })
  detail?: string;

  @ApiPropertyOptional({ ...extensibleEnum(PROBLEM_CODES), example: 'VALIDATION_ERROR', description: `The problem as a stable code a client words in its own language (\`title\` and \`detail\` are English, for integrators). ${EXTENSIBLE}` })
  code?: ProblemCode;

  @ApiPropertyOptional({ example: '/referrals' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldError] })
  errors?: FieldError[];
}

/** A 400 lists at most this many field errors: a body of many bad items must not get a far larger answer. */
export const MAX_FIELD_ERRORS = 20;

/** An error that already knows its problem details. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Omit<ProblemDetails, 'instance'>,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }

  /** At most MAX_FIELD_ERRORS field errors are listed; the detail says how many more were found. */
  static validation(errors: FieldError[], detail?: string): ProblemException {
    const count = errors.length;
    const listed = errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({ ...e, code: e.code ?? 'INVALID' }));
    const more = count > listed.length ? ` (the first ${listed.length} of ${count} are listed)` : '';
    return new ProblemException({
      type: ProblemType.VALIDATION,
      title: problemTitle(HttpStatus.BAD_REQUEST),
      status: HttpStatus.BAD_REQUEST,
      detail: detail ?? `The request has ${count} invalid field${count === 1 ? '' : 's'}: ${listed.map((e) => e.field).join(', ')}${more ? ', …' : ''}.${more}`,
      errors: listed,
    });
  }

  /** 429 with Retry-After: `what` names the limit that was reached. */
  static tooManyRequests(what: string, retryAfterSeconds: number): ProblemException {
    return new ProblemException(
      { type: ProblemType.RATE_LIMITED, title: problemTitle(HttpStatus.TOO_MANY_REQUESTS), status: HttpStatus.TOO_MANY_REQUESTS, detail: `Too many requests ${what}; retry after ${retryAfterSeconds} seconds.` },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }

  static forbidden(detail: string): ProblemException {
    return new ProblemException({ type: 'about:blank', title: problemTitle(HttpStatus.FORBIDDEN), status: HttpStatus.FORBIDDEN, detail });
  }

  static notFound(detail: string): ProblemException {
    return new ProblemException({ type: ProblemType.NOT_FOUND, title: problemTitle(HttpStatus.NOT_FOUND), status: HttpStatus.NOT_FOUND, detail });
  }

  static conflict(type: string, detail: string, status = HttpStatus.CONFLICT): ProblemException {
    return new ProblemException({ type, title: problemTitle(status), status, detail });
  }

  static unavailable(dependency: string, retryAfterSeconds = 5): ProblemException {
    return ProblemException.unavailableBecause(`${dependency} did not answer in time.`, retryAfterSeconds);
  }

  /** 503 with Retry-After; `cause` is a sentence that names what is missing. */
  static unavailableBecause(cause: string, retryAfterSeconds = 5): ProblemException {
    return new ProblemException(
      {
        type: ProblemType.DEPENDENCY_UNAVAILABLE,
        title: problemTitle(HttpStatus.SERVICE_UNAVAILABLE),
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `${cause} Retry after ${retryAfterSeconds} seconds with the same Idempotency-Key: the command takes effect exactly once, whether or not this attempt got through.`,
      },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

/** The problem with its code (from its type and status), as it is answered. */
export function withCode(problem: Omit<ProblemDetails, 'instance'>): Omit<ProblemDetails, 'instance'> {
  return { ...problem, code: problemCode(problem.type, problem.status), ...(problem.errors ? { errors: problem.errors.map((e) => ({ ...e, code: e.code ?? 'INVALID' })) } : {}) };
}

/** A broken rule of libs/domain with its stable code, as a field error of a field (or nothing when the rule holds). */
export function fieldProblem(field: string, problem: { code: FieldErrorCode; message: string } | undefined): FieldError | undefined {
  return problem ? { field, code: problem.code, message: `${field.split('.').pop()}: ${problem.message}` } : undefined;
}
