import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldError } from './problem';

/** One entry per field: "is required" for a missing one, else its failed rules joined. */
export function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own: FieldError[] = [];
    if (error.value === undefined || error.value === null) {
      if (messages.length) own.push({ field, message: `${field} is required` });
    } else if (error.constraints?.whitelistValidation) {
      own.push({ field, message: `${field} is not a known field` });
    } else if (messages.length) {
      own.push({ field, message: messages.join('; ') });
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
      if (field) throw ProblemException.validation([{ field, message: `${field} must contain no more than ${MAX_BODY_ARRAY_ITEMS} elements` }]);
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
