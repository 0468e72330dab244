import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/** A path parameter that must be a UUID: otherwise a 400 naming it (code `FORMAT_UUID`), before any lookup. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => ProblemException.validation([{ field, message: `${field} must be a UUID`, code: 'FORMAT_UUID' }]) });
}
