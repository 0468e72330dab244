import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** class-validator on every body, query and param: unknown fields are errors, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
