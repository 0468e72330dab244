import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { FieldErrorCode, FieldErrorParams } from '../../../../libs/domain/src/problem-codes';
import { ProblemException, type FieldError } from './problem';

/**
 * class-validator's rules (by constraint name) as field error codes, with the parameter its
 * message names (class-validator keeps a rule's arguments in its message only). A rule may name its
 * own code in its options' context (`{ context: { code: 'FORMAT_PHONE' } }`, see field-rules.ts).
 */
const CONSTRAINT_CODES: Record<string, FieldErrorCode | [FieldErrorCode, 'min' | 'max' | 'step']> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'EMPTY',
  isString: 'NOT_A_STRING',
  isBoolean: 'NOT_A_BOOLEAN',
  isInt: 'NOT_AN_INTEGER',
  isNumber: 'NOT_A_NUMBER',
  isObject: 'NOT_AN_OBJECT',
  nestedValidation: 'NOT_AN_OBJECT',
  isArray: 'NOT_AN_ARRAY',
  isIn: 'ENUM',
  isEnum: 'ENUM',
  isEmail: 'FORMAT_EMAIL',
  isUuid: 'FORMAT_UUID',
  isDateString: 'FORMAT_DATE',
  isIso8601: 'FORMAT_DATE',
  matches: 'PATTERN',
  minLength: ['TOO_SHORT', 'min'],
  maxLength: ['TOO_LONG', 'max'],
  min: ['MIN', 'min'],
  max: ['MAX', 'max'],
  arrayMinSize: ['TOO_FEW_ITEMS', 'min'],
  arrayMaxSize: ['TOO_MANY_ITEMS', 'max'],
  arrayUnique: 'NOT_UNIQUE',
  multipleOf: ['MULTIPLE_OF', 'step'],
  whitelistValidation: 'UNKNOWN_FIELD',
};

/** The code of a field's first broken rule, with its parameter. */
function ruleCode(error: ValidationError): { code: FieldErrorCode; params?: FieldErrorParams } {
  const [name, message] = Object.entries(error.constraints ?? {})[0] ?? ['', ''];
  const own = (error.contexts?.[name] as { code?: FieldErrorCode } | undefined)?.code;
  if (own) return { code: own };
  const known = CONSTRAINT_CODES[name];
  if (!Array.isArray(known)) return { code: known ?? 'INVALID' };
  const number = /(-?\d+(?:\.\d+)?)(?!.*\d)/.exec(message)?.[1];
  return number === undefined ? { code: known[0] } : { code: known[0], params: { [known[1]]: Number(number) } };
}

/** One entry per field: "is required" for a missing one, else its failed rules joined (coded by the first). */
export function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own: FieldError[] = [];
    if (error.value === undefined || error.value === null) {
      if (messages.length) own.push({ field, message: `${field} is required`, code: 'REQUIRED' });
    } else if (error.constraints?.whitelistValidation) {
      own.push({ field, message: `${field} is not a known field`, code: 'UNKNOWN_FIELD' });
    } else if (messages.length) {
      own.push({ field, message: messages.join('; '), ...ruleCode(error) });
    }
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** No array in a body holds more items than this; each contract bounds its own arrays far lower. */
export const MAX_BODY_ARRAY_ITEMS = 1000;

/** The path of the first array in a JSON value longer than `max`, if any. */
export function oversizedArray(value: unknown, max: number, path = ''): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > max) return path || '(body)';
    for (const [i, item] of value.entries()) {
      const found = oversizedArray(item, max, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = oversizedArray(item, max, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * class-validator checks every item of an array before its size: a body of 100,000 items cost
 * seconds of CPU and gave a 12 MB answer. A body with a far too long array is refused first.
 */
const BODY: ArgumentMetadata['type'] = 'body';

class BoundedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === BODY) {
      const field = oversizedArray(value, MAX_BODY_ARRAY_ITEMS);
      if (field) throw ProblemException.validation([{ field, message: `${field} must contain no more than ${MAX_BODY_ARRAY_ITEMS} elements`, code: 'TOO_MANY_ITEMS', params: { max: MAX_BODY_ARRAY_ITEMS } }]);
    }
    return super.transform(value, metadata);
  }
}

/** class-validator on every body, query and param: unknown fields are errors, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
