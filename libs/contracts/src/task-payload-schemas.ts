/**
 * The OpenAPI document's schema of each task type's payload, generated from the method's own
 * definitions (libs/domain/src/method): the one source the workflow and the API validate with.
 */
import { TASK_TYPES, taskPayloadSchema, type TaskType } from '../../domain/src/method/catalogue';
import type { JsonSchema } from '../../domain/src/schema';

/** `analyse.support-plan` -> `AnalyseSupportPlanPayload`. */
export function taskPayloadSchemaName(type: TaskType): string {
  return `${type
    .split(/[.-]/)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('')}Payload`;
}

/**
 * Every payload schema by its name, in OpenAPI 3.0's dialect of JSON Schema: no `const`, and a
 * field required when another has a value (`if`/`then`) said in the description. The domain's
 * `x-` keywords stay (OpenAPI allows extensions; GET /task-types serves the full JSON Schema).
 */
export function taskPayloadSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    TASK_TYPES.map((type) => {
      const { allOf, ...schema } = taskPayloadSchema(type) as JsonSchema & { allOf?: { if: { properties: Record<string, { enum: string[] }> }; then: { required: string[] } }[] };
      const conditions = (allOf ?? []).map(
        (rule) => `${rule.then.required.join(', ')} is required when ${Object.entries(rule.if.properties).map(([field, { enum: values }]) => `${field} is ${values.join(' or ')}`).join(' and ')}`,
      );
      return [taskPayloadSchemaName(type), { ...openApi30(schema), description: [`The payload of ${type}`, ...conditions].join('; ') }];
    }),
  );
}

export const TASK_PAYLOAD_REFS = TASK_TYPES.map((type) => ({ $ref: `#/components/schemas/${taskPayloadSchemaName(type)}` }));

function openApi30(schema: JsonSchema): JsonSchema {
  const { const: fixed, ...rest } = schema as JsonSchema & { const?: unknown };
  const out: JsonSchema = fixed === undefined ? rest : { ...rest, enum: [fixed] };
  for (const key of ['items'] as const) if (out[key]) out[key] = openApi30(out[key] as JsonSchema);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, openApi30(v)]));
  return out;
}
