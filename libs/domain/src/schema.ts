/**
 * A tiny, pure payload schema: the one definition of each task's payload, from which its JSON
 * Schema (draft 2020-12) is made: `GET /task-types` serves that, the OpenAPI document states it,
 * and the one validator compiled from it (libs/domain/src/payload) checks every payload in the
 * workflow's Update validator, the API and the web app's forms. The method's code gets its payload
 * types from it too (PayloadOf). Unknown fields are errors.
 */
import { VOCABULARIES, type Vocabulary } from './method/vocabularies';
import { DATE_PATTERN, KEYWORDS, NOT_BLANK_PATTERN, REFERENCE_PATTERN } from './payload/vocabulary';
import type { FieldErrorCode, FieldErrorParams } from './problem-codes';

export interface FieldError {
  field: string;
  /** In English, for integrators; screens word the code. */
  message: string;
  code?: FieldErrorCode;
  params?: FieldErrorParams;
}

type ValueRule =
  | { kind: 'string'; maxLength: number }
  /** A code of a vocabulary (labelled in Dutch and English). */
  | { kind: 'code'; vocabulary: Vocabulary }
  /** An id of a host organisation of the municipality (chosen from a list). */
  | { kind: 'uuid'; refers: 'host' }
  /** An id of a workplace of the host named in the field `of`, with a free place (chosen from a list; the API checks it). */
  | { kind: 'uuid'; refers: 'workplace'; of: string }
  /** A document's reference as the organisation's own file (dossier) knows it, such as DL-2026-0117: the document stays there. */
  | { kind: 'reference' }
  /** YYYY-MM-DD, a date the calendar has; `notAfterToday`: of something done already. */
  | { kind: 'date'; notAfterToday?: true }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  /** A number in steps of `multipleOf` (hours in halves: 0.5). */
  | { kind: 'number'; min: number; max: number; multipleOf: number }
  | { kind: 'boolean'; mustBe?: boolean }
  /** `alternativesTo`: the field whose value the list's items are alternatives to (so never that value). */
  | { kind: 'array'; of: FieldRule; minItems: number; maxItems: number; unique?: boolean; alternativesTo?: string };

export type FieldRule = ValueRule & {
  optional?: boolean;
  /** An optional field required when other fields have one of these values (as `visibleWhen` shows it). */
  requiredWhen?: Readonly<Record<string, readonly string[]>>;
};

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

export type JsonSchema = Record<string, unknown>;

function ruleSchema(rule: FieldRule): JsonSchema {
  switch (rule.kind) {
    case 'string':
      return { type: 'string', minLength: 1, maxLength: rule.maxLength, pattern: NOT_BLANK_PATTERN };
    case 'code':
      return { type: 'string', enum: Object.keys(VOCABULARIES[rule.vocabulary]) };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'reference':
      return { type: 'string', minLength: 2, maxLength: 40, pattern: REFERENCE_PATTERN, format: 'reference' };
    case 'date':
      return { type: 'string', format: 'date', pattern: DATE_PATTERN, ...(rule.notAfterToday ? { [KEYWORDS.notAfterToday]: true } : {}) };
    case 'enum':
      return { type: 'string', enum: [...rule.values] };
    case 'int':
      return { type: 'integer', minimum: rule.min, maximum: rule.max };
    case 'number':
      return { type: 'number', minimum: rule.min, maximum: rule.max, multipleOf: rule.multipleOf };
    case 'boolean':
      return rule.mustBe === undefined ? { type: 'boolean' } : { type: 'boolean', const: rule.mustBe };
    case 'array':
      return {
        type: 'array',
        items: ruleSchema(rule.of),
        minItems: rule.minItems,
        maxItems: rule.maxItems,
        ...(rule.unique ? { uniqueItems: true } : {}),
        ...(rule.alternativesTo ? { [KEYWORDS.alternativesTo]: rule.alternativesTo } : {}),
      };
  }
}

/** The schema as JSON Schema (draft 2020-12): for the task catalogue, the OpenAPI document and the validators. */
export function toJsonSchema(schema: Schema): JsonSchema {
  const fields = Object.entries(schema);
  const required = fields.filter(([, rule]) => !rule.optional).map(([key]) => key);
  const conditional = fields.flatMap(([key, rule]) => (rule.requiredWhen ? [requiredWhen(key, rule.requiredWhen)] : []));
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(fields.map(([key, rule]) => [key, ruleSchema(rule)])),
    ...(conditional.length ? { allOf: conditional } : {}),
  };
}

function requiredWhen(field: string, when: Readonly<Record<string, readonly string[]>>): JsonSchema {
  return {
    if: { properties: Object.fromEntries(Object.entries(when).map(([other, values]) => [other, { enum: [...values] }])), required: Object.keys(when) },
    then: { required: [field] },
  };
}

/** Hours a week at a workplace or in a match: whole or half hours, 1 to 40 ("12,5" is a usual arrangement). */
export const HOURS_PER_WEEK = { kind: 'number', min: 1, max: 40, multipleOf: 0.5 } as const satisfies FieldRule;
