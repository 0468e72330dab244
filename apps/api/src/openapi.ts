import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { taskCompletionSchemas, taskPayloadSchemas } from '../../../libs/contracts/src/task-payload-schemas';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem/problem';
import { version as API_VERSION } from '../../../package.json';

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Placement engine API')
    .setDescription(
      'Human tasks of the four-step placement method (verbinden, ontdekken, analyseren, plaatsen) for care providers, ' +
        'schools, employers and municipal coordinators. Errors are RFC 9457 problem+json.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetails] });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(taskPayloadSchemas() as Record<string, SchemaObject>), ...(taskCompletionSchemas() as Record<string, SchemaObject>) } };
  return withBodyLimits(document);
}

/** Fastify answers these for any request with a body, before a handler runs (see app.factory.ts). */
const BODY_PROBLEMS: Record<string, string> = {
  '413': 'The request body is larger than 256 KiB; nothing was changed',
  '415': 'The request body is not application/json; nothing was changed',
};

/** Any request may be answered this before a handler runs (see common/rate-limits.ts). */
const REQUEST_PROBLEMS: Record<string, string> = {
  '429': 'Too many requests from this user or address; retry after Retry-After seconds (nothing was changed)',
};

function withBodyLimits(document: OpenAPIObject): OpenAPIObject {
  const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } } });
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.patch, item.put, item.delete]) {
      if (!operation) continue;
      const bodyProblems = operation === item.get || operation === item.delete ? {} : BODY_PROBLEMS;
      for (const [status, description] of Object.entries({ ...bodyProblems, ...REQUEST_PROBLEMS })) operation.responses[status] ??= problem(description);
    }
  }
  return document;
}

/** Swagger UI at /docs, the document at /docs-json (in production only with API_DOCS=true). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
