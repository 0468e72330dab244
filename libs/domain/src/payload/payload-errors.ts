/**
 * A task payload's field errors, from the one validator of its JSON Schema (validators.generated.ts):
 * the workflow's Update validator, the API and the web app's forms call this with the same schema
 * (the catalogue's, as `GET /task-types` serves it), so the same payload gets the same errors,
 * each with a stable code the screens word in Dutch or English.
 */
import type { FieldErrorCode, FieldErrorParams } from '../problem-codes';
import type { FieldError, JsonSchema } from '../schema';
import { PAYLOAD_VALIDATORS } from './validators.generated';
import { KEYWORDS, NOT_BLANK_PATTERN, type FormatName, type PayloadContext, type SchemaError } from './vocabulary';

/** The field errors of a payload of a task type against its JSON Schema; empty when valid. */
export function payloadErrors(type: string, schema: JsonSchema, payload: unknown, context: PayloadContext): FieldError[] {
  const validate = PAYLOAD_VALIDATORS[type];
  if (!validate) throw new Error(`No payload validator for task type ${type}: run npm run generate:validators`);
  return validate.call(context, payload) ? [] : fieldErrors(schema, validate.errors ?? []);
}

/** The keyword whose error a field shows when several fail: the first of these (a wrong type before anything else). */
const PRECEDENCE = ['type', 'required', 'additionalProperties', 'enum', 'const', 'format', 'pattern', 'minLength', 'maxLength', 'multipleOf', 'minimum', 'maximum', 'minItems', 'maxItems'];
const rank = (keyword: string): number => (PRECEDENCE.includes(keyword) ? PRECEDENCE.indexOf(keyword) : PRECEDENCE.length);

/** One error per field (the payload itself is `payload`, a list's item `goalCodes[1]`): unknown fields first, then in the schema's order. */
function fieldErrors(schema: JsonSchema, errors: readonly SchemaError[]): FieldError[] {
  const found = new Map<string, { path: string[]; error: SchemaError }>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // its `then` says what is missing
    const path = error.instancePath.split('/').slice(1);
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
    const field = fieldName(path);
    const seen = found.get(field);
    if (!seen || rank(error.keyword) < rank(seen.error.keyword)) found.set(field, { path, error });
  }
  const order = Object.keys((schema.properties as JsonSchema | undefined) ?? {});
  const position = (path: string[]): number[] => [path.length && order.includes(path[0]) ? order.indexOf(path[0]) : -1, ...path.slice(1).map(Number)];
  return [...found.entries()]
    .sort(([, a], [, b]) => compare(position(a.path), position(b.path)))
    .map(([field, { error }]) => fieldError(field, error, subschema(schema, error.schemaPath)));
}

function fieldName(path: string[]): string {
  return path.length ? path.map((part, i) => (i === 0 ? part : /^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('') : 'payload';
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
  }
  return 0;
}

/** The schema that holds the keyword at `#/properties/rating/maximum`. */
function subschema(schema: JsonSchema, schemaPath: string): JsonSchema {
  let at: unknown = schema;
  for (const part of schemaPath.split('/').slice(1, -1)) at = (at as Record<string, unknown> | undefined)?.[part];
  return (at as JsonSchema | undefined) ?? {};
}

const TYPE_CODES: Record<string, FieldErrorCode> = {
  object: 'NOT_AN_OBJECT',
  string: 'NOT_A_STRING',
  integer: 'NOT_AN_INTEGER',
  number: 'NOT_A_NUMBER',
  boolean: 'NOT_A_BOOLEAN',
  array: 'NOT_AN_ARRAY',
};

/** Each format's field error: that of any rule of a formatted value (its type, length and pattern too). */
const FORMAT_ERRORS: Record<FormatName, [FieldErrorCode, string]> = {
  date: ['FORMAT_DATE', 'must be a date as YYYY-MM-DD that the calendar has'],
  uuid: ['FORMAT_UUID', 'must be a UUID'],
  reference: ['FORMAT_REFERENCE', 'must be a document reference: 2 to 40 letters, digits and . _ / -, such as DL-2026-0117'],
};

function fieldError(field: string, error: SchemaError, rule: JsonSchema): FieldError {
  const made = (code: FieldErrorCode, message: string, params?: FieldErrorParams): FieldError => ({ field, message: `${field} ${message}`, code, ...(params ? { params } : {}) });
  const format = FORMAT_ERRORS[rule.format as FormatName] as [FieldErrorCode, string] | undefined;
  const limit = Number(error.params.limit);
  const between = (): FieldError => made('BETWEEN', `must be between ${String(rule.minimum)} and ${String(rule.maximum)}`, { min: Number(rule.minimum), max: Number(rule.maximum) });
  const items = (): string => (rule.minItems === rule.maxItems ? String(rule.minItems) : `${String(rule.minItems)} to ${String(rule.maxItems)}`);
  switch (error.keyword) {
    case 'required':
      return made('REQUIRED', 'is required');
    case 'additionalProperties':
      return made('UNKNOWN_FIELD', 'is not a known field');
    case 'type':
      if (Array.isArray(rule.enum)) return made('ENUM', `must be one of ${rule.enum.join(', ')}`);
      if (format) return made(...format);
      return made(TYPE_CODES[String(rule.type)] ?? 'INVALID', `must be of type ${String(rule.type)}`);
    case 'enum':
      return made('ENUM', `must be one of ${(rule.enum as unknown[]).join(', ')}`);
    case 'const':
      return rule.const === true ? made('MUST_BE_TRUE', 'must be true') : made('INVALID', `must be ${JSON.stringify(rule.const)}`);
    case 'format':
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      // A formatted value's length and pattern say its format.
      if (format) return made(...format);
      if (error.keyword === 'maxLength') return made('TOO_LONG', `must be at most ${limit} characters`, { max: limit });
      if (error.keyword === 'pattern') return rule.pattern === NOT_BLANK_PATTERN ? made('EMPTY', 'must not be empty') : made('PATTERN', 'does not have the right form');
      return limit === 1 ? made('EMPTY', 'must not be empty') : made('TOO_SHORT', `must be at least ${limit} characters`, { min: limit });
    case 'multipleOf':
      return made('MULTIPLE_OF', `must be a number in steps of ${String(rule.multipleOf)}`, { step: Number(rule.multipleOf) });
    case 'minimum':
    case 'maximum':
      if (rule.minimum !== undefined && rule.maximum !== undefined) return between();
      return error.keyword === 'minimum' ? made('MIN', `must be at least ${limit}`, { min: limit }) : made('MAX', `must be at most ${limit}`, { max: limit });
    case 'minItems':
      return made('TOO_FEW_ITEMS', `must have ${items()} items`, { min: limit });
    case 'maxItems':
      return made('TOO_MANY_ITEMS', `must have ${items()} items`, { max: limit });
    case 'uniqueItems':
      return made('NOT_UNIQUE', 'must not repeat items');
    case KEYWORDS.notAfterToday:
      return made('IN_FUTURE', 'must not be after today');
    case KEYWORDS.alternativesTo:
      return made('MAIN_EMPLOYER_ALSO_ALTERNATIVE', `must not repeat ${String(rule[KEYWORDS.alternativesTo])}`);
    default:
      return made('INVALID', `breaks the rule ${error.keyword}`);
  }
}
