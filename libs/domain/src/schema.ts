/**
 * A tiny, pure payload schema: the one definition of each task's payload. The workflow's Update
 * validator and the API validate with it (class-validator cannot run in the workflow sandbox),
 * the OpenAPI document and `GET /task-types` show it as JSON Schema, and the method's code gets
 * its payload types from it (PayloadOf). Unknown fields are errors.
 */
import { VOCABULARIES, type Vocabulary } from './method/vocabularies';
import type { FieldErrorCode, FieldErrorParams } from './problem-codes';

export interface FieldError {
  field: string;
  /** In English, for integrators; screens word the code. */
  message: string;
  code?: FieldErrorCode;
  params?: FieldErrorParams;
}

export type FieldRule =
  | { kind: 'string'; maxLength: number; optional?: boolean }
  /** A code of a vocabulary (labelled in Dutch and English). */
  | { kind: 'code'; vocabulary: Vocabulary; optional?: boolean }
  /** An id of a host organisation of the municipality (chosen from a list). */
  | { kind: 'uuid'; refers: 'host'; optional?: boolean }
  /** An id of a workplace of the host named in the field `of`, with a free place (chosen from a list). */
  | { kind: 'uuid'; refers: 'workplace'; of: string; optional?: boolean }
  /** A document's reference as the organisation's own file (dossier) knows it, such as DL-2026-0117: the document stays there. */
  | { kind: 'reference'; optional?: boolean }
  | { kind: 'date'; optional?: boolean } // YYYY-MM-DD
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'int'; min: number; max: number; optional?: boolean }
  /** A number in steps of `multipleOf` (hours in halves: 0.5). */
  | { kind: 'number'; min: number; max: number; multipleOf: number; optional?: boolean }
  | { kind: 'boolean'; optional?: boolean; mustBe?: boolean }
  | { kind: 'array'; of: FieldRule; minItems: number; maxItems: number; unique?: boolean; optional?: boolean };

export type Schema = Readonly<Record<string, FieldRule>>;

/** The value a rule accepts, as a TypeScript type. */
type ValueOf<R> = R extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : R extends { kind: 'int' | 'number' }
    ? number
    : R extends { kind: 'boolean' }
      ? boolean
      : R extends { kind: 'array'; of: infer O }
        ? ValueOf<O>[]
        : string;

/** The payload a schema accepts, as a TypeScript type: optional fields optional. */
export type PayloadOf<S extends Schema> = { [K in keyof S as S[K] extends { optional: true } ? never : K]: ValueOf<S[K]> } & {
  [K in keyof S as S[K] extends { optional: true } ? K : never]?: ValueOf<S[K]>;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A document reference: 2 to 40 letters, digits and . _ / -, starting with a letter or digit (a UUID is one too). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{1,39}$/;
export const UUID_PATTERN = UUID.source;
export const REFERENCE_PATTERN = REFERENCE.source;
export const DATE_PATTERN = DATE.source;

function checkValue(rule: FieldRule, value: unknown, field: string): FieldError[] {
  const fail = (code: FieldErrorCode, message: string, params?: FieldErrorParams): FieldError[] => [{ field, message: `${field} ${message}`, code, ...(params ? { params } : {}) }];
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return fail('NOT_A_STRING', 'must be a string');
      if (!value.trim()) return fail('EMPTY', 'must not be empty');
      return value.length > rule.maxLength ? fail('TOO_LONG', `must be at most ${rule.maxLength} characters`, { max: rule.maxLength }) : [];
    case 'code': {
      const codes = Object.keys(VOCABULARIES[rule.vocabulary]);
      return typeof value === 'string' && codes.includes(value) ? [] : fail('ENUM', `must be one of ${codes.join(', ')}`);
    }
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? [] : fail('FORMAT_UUID', 'must be a UUID');
    case 'reference':
      return typeof value === 'string' && REFERENCE.test(value) ? [] : fail('FORMAT_REFERENCE', 'must be a document reference: 2 to 40 letters, digits and . _ / -, such as DL-2026-0117');
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? [] : fail('FORMAT_DATE', 'must be a date as YYYY-MM-DD');
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? [] : fail('ENUM', `must be one of ${rule.values.join(', ')}`);
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('NOT_AN_INTEGER', 'must be an integer');
      return value < rule.min || value > rule.max ? fail('BETWEEN', `must be between ${rule.min} and ${rule.max}`, { min: rule.min, max: rule.max }) : [];
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value / rule.multipleOf)) return fail('MULTIPLE_OF', `must be a number in steps of ${rule.multipleOf}`, { step: rule.multipleOf });
      return value < rule.min || value > rule.max ? fail('BETWEEN', `must be between ${rule.min} and ${rule.max}`, { min: rule.min, max: rule.max }) : [];
    case 'boolean':
      if (typeof value !== 'boolean') return fail('NOT_A_BOOLEAN', 'must be true or false');
      return rule.mustBe !== undefined && value !== rule.mustBe ? fail(rule.mustBe ? 'MUST_BE_TRUE' : 'INVALID', `must be ${rule.mustBe}`) : [];
    case 'array': {
      if (!Array.isArray(value)) return fail('NOT_AN_ARRAY', 'must be an array');
      if (value.length < rule.minItems) return fail('TOO_FEW_ITEMS', `must have ${rule.minItems === rule.maxItems ? rule.minItems : `${rule.minItems} to ${rule.maxItems}`} items`, { min: rule.minItems });
      if (value.length > rule.maxItems) return fail('TOO_MANY_ITEMS', `must have ${rule.minItems === rule.maxItems ? rule.minItems : `${rule.minItems} to ${rule.maxItems}`} items`, { max: rule.maxItems });
      const errors = value.flatMap((item, i) => checkValue(rule.of, item, `${field}[${i}]`));
      if (!errors.length && rule.unique && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
        return fail('NOT_UNIQUE', 'must not repeat items');
      }
      return errors;
    }
  }
}

/** Field errors of a payload against a schema; empty when valid. */
export function validateSchema(schema: Schema, payload: unknown, parent = 'payload'): FieldError[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return [{ field: parent, message: `${parent} must be an object`, code: 'NOT_AN_OBJECT' }];
  }
  const record = payload as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(record)
    .filter((key) => !(key in schema))
    .map((key): FieldError => ({ field: key, message: `${key} is not a known field`, code: 'UNKNOWN_FIELD' }));
  for (const [key, rule] of Object.entries(schema)) {
    const value = record[key];
    if (value === undefined || value === null) {
      if (!rule.optional) errors.push({ field: key, message: `${key} is required`, code: 'REQUIRED' });
      continue;
    }
    errors.push(...checkValue(rule, value, key));
  }
  return errors;
}

export type JsonSchema = Record<string, unknown>;

function ruleSchema(rule: FieldRule): JsonSchema {
  switch (rule.kind) {
    case 'string':
      return { type: 'string', minLength: 1, maxLength: rule.maxLength };
    case 'code':
      return { type: 'string', enum: Object.keys(VOCABULARIES[rule.vocabulary]) };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'reference':
      return { type: 'string', minLength: 2, maxLength: 40, pattern: REFERENCE_PATTERN };
    case 'date':
      return { type: 'string', format: 'date', pattern: DATE_PATTERN };
    case 'enum':
      return { type: 'string', enum: [...rule.values] };
    case 'int':
      return { type: 'integer', minimum: rule.min, maximum: rule.max };
    case 'number':
      return { type: 'number', minimum: rule.min, maximum: rule.max, multipleOf: rule.multipleOf };
    case 'boolean':
      return rule.mustBe === undefined ? { type: 'boolean' } : { type: 'boolean', const: rule.mustBe };
    case 'array':
      return { type: 'array', items: ruleSchema(rule.of), minItems: rule.minItems, maxItems: rule.maxItems, ...(rule.unique ? { uniqueItems: true } : {}) };
  }
}

/** The schema as JSON Schema (draft 2020-12): for the OpenAPI document and the task catalogue. */
export function toJsonSchema(schema: Schema): JsonSchema {
  const required = Object.entries(schema)
    .filter(([, rule]) => !rule.optional)
    .map(([key]) => key);
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(Object.entries(schema).map(([key, rule]) => [key, ruleSchema(rule)])),
  };
}

/** Hours a week at a workplace or in a match: whole or half hours, 1 to 40 ("12,5" is a usual arrangement). */
export const HOURS_PER_WEEK = { kind: 'number', min: 1, max: 40, multipleOf: 0.5 } as const satisfies FieldRule;
