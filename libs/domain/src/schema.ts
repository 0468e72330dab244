/**
 * A tiny, pure payload schema: the same rules run in the workflow's Update validator (where
 * class-validator cannot go) and behind the API's DTOs. Unknown fields are errors.
 */
export interface FieldError {
  field: string;
  message: string;
}

export type FieldRule =
  | { kind: 'string'; maxLength: number; optional?: boolean }
  | { kind: 'code'; optional?: boolean } // short machine code: [A-Za-z0-9_.-], at most 50 characters
  | { kind: 'uuid'; optional?: boolean }
  | { kind: 'date'; optional?: boolean } // YYYY-MM-DD
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'int'; min: number; max: number; optional?: boolean }
  | { kind: 'boolean'; optional?: boolean; mustBe?: boolean }
  | { kind: 'array'; of: FieldRule; minItems: number; maxItems: number; unique?: boolean; optional?: boolean };

export type Schema = Record<string, FieldRule>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9_.-]{1,50}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function checkValue(rule: FieldRule, value: unknown, field: string): FieldError[] {
  const fail = (message: string): FieldError[] => [{ field, message: `${field} ${message}` }];
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') return fail('must be a string');
      if (!value.trim()) return fail('must not be empty');
      return value.length > rule.maxLength ? fail(`must be at most ${rule.maxLength} characters`) : [];
    case 'code':
      return typeof value === 'string' && CODE.test(value) ? [] : fail('must be a code of 1-50 letters, digits, "_", "." or "-"');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? [] : fail('must be a UUID');
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? [] : fail('must be a date as YYYY-MM-DD');
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value) ? [] : fail(`must be one of ${rule.values.join(', ')}`);
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return fail('must be an integer');
      return value < rule.min || value > rule.max ? fail(`must be between ${rule.min} and ${rule.max}`) : [];
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return rule.mustBe !== undefined && value !== rule.mustBe ? fail(`must be ${rule.mustBe}`) : [];
    case 'array': {
      if (!Array.isArray(value)) return fail('must be an array');
      if (value.length < rule.minItems || value.length > rule.maxItems) {
        return fail(`must have ${rule.minItems === rule.maxItems ? rule.minItems : `${rule.minItems} to ${rule.maxItems}`} items`);
      }
      const errors = value.flatMap((item, i) => checkValue(rule.of, item, `${field}[${i}]`));
      if (!errors.length && rule.unique && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
        return fail('must not repeat items');
      }
      return errors;
    }
  }
}

/** Field errors of a payload against a schema; empty when valid. */
export function validateSchema(schema: Schema, payload: unknown, parent = 'payload'): FieldError[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return [{ field: parent, message: `${parent} must be an object` }];
  }
  const record = payload as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(record)
    .filter((key) => !(key in schema))
    .map((key) => ({ field: key, message: `${key} is not a known field` }));
  for (const [key, rule] of Object.entries(schema)) {
    const value = record[key];
    if (value === undefined || value === null) {
      if (!rule.optional) errors.push({ field: key, message: `${key} is required` });
      continue;
    }
    errors.push(...checkValue(rule, value, key));
  }
  return errors;
}
