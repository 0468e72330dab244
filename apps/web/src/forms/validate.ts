/**
 * Checks a payload against the task's JSON Schema (the subset the catalogue uses: required,
 * string length and pattern, enum, uuid and date formats, integer range, numbers in steps, boolean const, arrays) before it is
 * sent; the API checks again and its field errors are shown the same way.
 */
import { formatNumber } from '../i18n';
export type JsonSchema = {
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  enum?: string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  const?: unknown;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
};

/** A number as typed, with a Dutch decimal comma or a point ("12,5", "12.5"); NaN when it is none. */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}

/** A field error as a translation key and its values. */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function check(schema: JsonSchema, value: unknown): FieldProblem | undefined {
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return { key: 'errors.required' };
      // The only patterned field of the catalogue is a document's reference in the party's own file.
      if (schema.pattern && value && !new RegExp(schema.pattern).test(value)) return { key: 'documentReference.invalid' };
      if (schema.minLength !== undefined && value.length < schema.minLength) return { key: 'errors.required' };
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return { key: 'errors.tooLong', values: { max: schema.maxLength } };
      if (schema.enum && !schema.enum.includes(value)) return { key: 'errors.choice' };
      if (schema.format === 'uuid' && !UUID.test(value)) return { key: 'errors.uuid' };
      if (schema.format === 'date' && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) return { key: 'errors.date' };
      return undefined;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return { key: 'errors.integer' };
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
        return { key: 'errors.range', values: { min: schema.minimum ?? '', max: schema.maximum ?? '' } };
      }
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key: 'employerCasework.errorNumber' };
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
        return { key: 'errors.range', values: { min: schema.minimum ?? '', max: schema.maximum ?? '' } };
      }
      return schema.multipleOf && !Number.isInteger(value / schema.multipleOf) ? { key: 'employerCasework.errorMultipleOf', values: { step: formatNumber(schema.multipleOf) } } : undefined;
    case 'boolean':
      if (typeof value !== 'boolean') return { key: 'errors.required' };
      return schema.const !== undefined && value !== schema.const ? { key: 'errors.mustConfirm' } : undefined;
    case 'array': {
      if (!Array.isArray(value)) return { key: 'errors.required' };
      const min = schema.minItems ?? 0;
      const max = schema.maxItems ?? Infinity;
      if (value.length < min || value.length > max) {
        return value.length < min && min === 1 ? { key: 'errors.atLeastOne' } : { key: 'errors.count', values: { min, max: Number.isFinite(max) ? max : '' } };
      }
      if (schema.uniqueItems && new Set(value.map(String)).size !== value.length) return { key: 'errors.unique' };
      for (const item of value) {
        const problem = schema.items && check(schema.items, item);
        if (problem) return problem;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Field problems of a payload; fields not shown (absent from `shown`) are not asked for. */
export function validatePayload(schema: JsonSchema, payload: Record<string, unknown>, shown: (field: string) => boolean = () => true): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  const required = new Set(schema.required ?? []);
  for (const [field, rule] of Object.entries(schema.properties ?? {})) {
    if (!shown(field)) continue;
    const value = payload[field];
    if (value === undefined) {
      if (required.has(field)) problems[field] = rule.type === 'array' ? { key: 'errors.atLeastOne' } : { key: 'errors.required' };
      continue;
    }
    const problem = check(rule, value);
    if (problem) problems[field] = problem;
  }
  return problems;
}
