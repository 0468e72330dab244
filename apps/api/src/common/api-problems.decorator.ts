import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '../problem/problem';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: missing, unknown or invalid fields; nothing was changed',
  401: 'No valid bearer token',
  403: 'The caller may not do this',
  404: 'Not found (also for data of other tenants)',
  409: 'Conflict with the current state',
  422: 'Idempotency-Key reused for a different request',
  503: 'A dependency (PostgreSQL or Temporal) is unavailable; retry after Retry-After seconds',
};

/** Documents the problem+json responses an endpoint can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      }),
    ),
  );
}

export { ProblemDetails };
