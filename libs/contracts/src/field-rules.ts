/**
 * Field rules that validate and document at once: each applies the class-validator rule and says
 * the same in the OpenAPI document, so a client generated from /docs-json accepts exactly what the
 * API accepts. Descriptions and examples stay with the field (`@ApiProperty({ example })` merges).
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsNumber, Matches, Max, Min, ValidateBy } from 'class-validator';
import type { FieldErrorCode } from '../../domain/src/problem-codes';

export const CODE = /^[A-Za-z0-9_.-]{1,50}$/;
export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** What an identity provider's subject may hold: visible ASCII. */
export const SUBJECT = /^[\x21-\x7e]{1,200}$/;
/** Query strings arrive as text: "true"/"false" and digits become booleans and numbers (anything else fails validation). */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
export const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** The largest PostgreSQL integer: a cursor over an integer column past it could only fail in the database (a 500). */
export const MAX_INTEGER_COLUMN = 2_147_483_647;

const codeMessage = 'must be a code of 1-50 letters, digits, "_", "." or "-"';

/** A rule's own field error code (apps/api/src/problem/validation.ts reads it), where the rule's name alone says too little. */
export const coded = (code: FieldErrorCode): { context: { code: FieldErrorCode } } => ({ context: { code } });

/** A whole number from `min` to `max` (by default what an integer column holds): documented as an integer, never as any number. */
export const Int = (min: number, max = MAX_INTEGER_COLUMN): PropertyDecorator =>
  applyDecorators(ApiProperty({ type: 'integer', minimum: min, maximum: max }), IsInt(), Min(min), Max(max));

/** A number from `min` to `max` in steps of `multipleOf` (half hours: 0.5), documented with the step. */
export const Steps = ({ min, max, multipleOf }: { min: number; max: number; multipleOf: number }): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: 'number', minimum: min, maximum: max, multipleOf }),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    Min(min),
    Max(max),
    ValidateBy({
      name: 'multipleOf',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isInteger(value / multipleOf),
        defaultMessage: () => `$property must be a multiple of ${multipleOf}`,
      },
    }),
  );

/** A short machine code (reason, role, support): letters, digits, "_", "." and "-". */
export const Code = (): PropertyDecorator => applyDecorators(ApiProperty({ type: String, pattern: CODE.source }), Matches(CODE, { message: `$property ${codeMessage}`, ...coded('FORMAT_CODE') }));

/** Up to `max` different codes. */
export const Codes = (max: number): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: 'array', items: { type: 'string', pattern: CODE.source }, maxItems: max, uniqueItems: true }),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    Matches(CODE, { each: true, message: `each of $property ${codeMessage}`, ...coded('FORMAT_CODE') }),
  );

/** A calendar date, YYYY-MM-DD. */
export const DateOnly = (): PropertyDecorator =>
  applyDecorators(ApiProperty({ type: String, pattern: DATE.source }), Matches(DATE, { message: '$property must be a date as YYYY-MM-DD', ...coded('FORMAT_DATE') }));

/** Text matching a pattern, documented with it; `code` names the rule for a client's words. */
export const Pattern = (pattern: RegExp, message: string, code: FieldErrorCode = 'PATTERN'): PropertyDecorator =>
  applyDecorators(ApiProperty({ type: String, pattern: pattern.source }), Matches(pattern, { message, ...coded(code) }));
