/**
 * The OpenAPI document's schema of each task type's payload, generated from the method's own
 * definitions (libs/domain/src/method): the one source the workflow and the API validate with.
 */
import { TASK_TYPES, taskPayloadSchema, type TaskType } from '../../domain/src/method/catalogue';
import { KEYWORDS } from '../../domain/src/payload/vocabulary';
import type { JsonSchema } from '../../domain/src/schema';

/** `analyse.support-plan` -> `AnalyseSupportPlanPayload`. */
export function taskPayloadSchemaName(type: TaskType): string {
  return `${pascal(type)}Payload`;
}

/** `analyse.support-plan` -> `AnalyseSupportPlanCompletion`: the completion body that names its task type. */
export function taskCompletionSchemaName(type: TaskType): string {
  return `${pascal(type)}Completion`;
}

/** The completion body that names no task type (the payload is checked against the type of the task in the path). */
export const UNTYPED_COMPLETION = 'UntypedCompletion';

function pascal(type: string): string {
  return type
    .split(/[.-]/)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

type Conditional = { if: JsonSchema; then: { required: string[] } };

/**
 * Every payload schema by its name: the catalogue's JSON Schema (draft 2020-12, as GET /task-types
 * serves it) said exactly in OpenAPI 3.0's dialect: `const` as a one-value `enum`, and a field
 * required when another has a value (`if`/`then`) as `anyOf: [not if, then]`, which accepts the
 * same payloads. The domain's two `x-` keywords stay (OpenAPI allows extensions): a date not after
 * today (`x-notAfterToday`, refused as IN_FUTURE) and a list that may not hold a sibling field's
 * value (`x-alternativesTo`); their descriptions say them in words for tools that skip them.
 */
export function taskPayloadSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    TASK_TYPES.map((type) => {
      const { allOf, ...schema } = taskPayloadSchema(type) as JsonSchema & { allOf?: Conditional[] };
      const rules = allOf ?? [];
      const conditions = rules.map(
        (rule) =>
          `${rule.then.required.join(', ')} is required when ${Object.entries(rule.if.properties as Record<string, { enum: string[] }>)
            .map(([field, { enum: values }]) => `${field} is ${values.join(' or ')}`)
            .join(' and ')}`,
      );
      const exact = { ...openApi30(schema), ...(rules.length ? { allOf: rules.map((rule) => ({ anyOf: [{ not: openApi30(rule.if) }, rule.then] })) } : {}) };
      return [taskPayloadSchemaName(type), { ...exact, description: [`The payload of ${type}`, ...conditions].join('; ') }];
    }),
  );
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/**
 * The completion body (POST /journeys/{candidateId}/tasks/{taskId}/complete), one schema per task
 * type: `{ taskType, payload }` with the payload schema of that type only. The body names its task
 * type so that a client can check it against exactly the schema the server checks it with (the
 * taskId's type; a taskType that is not it is refused). A body without taskType is still accepted
 * (the API's first form, which the web app and older clients send): it may hold any task type's
 * payload as far as the document can tell, and the server checks it against its task's type.
 * The alternatives exclude each other (each taskType names one type, the untyped form has none),
 * so exactly one of them fits any body that fits at all.
 */
export function taskCompletionSchemas(): Record<string, JsonSchema> {
  const typed = TASK_TYPES.map((type) => [
    taskCompletionSchemaName(type),
    {
      type: 'object',
      description: `The completion of a task of type ${type}`,
      required: ['taskType', 'payload'],
      additionalProperties: false,
      properties: { taskType: { type: 'string', enum: [type], description: 'The type of the task (the part of taskId before #)' }, payload: ref(taskPayloadSchemaName(type)) },
    },
  ]);
  const untyped = {
    type: 'object',
    description: "A completion that does not name its task type: the payload must be the payload of the task's type (the part of taskId before #). Send taskType to have it checked against that schema alone.",
    required: ['payload'],
    additionalProperties: false,
    properties: { payload: { anyOf: TASK_TYPES.map((type) => ref(taskPayloadSchemaName(type))) } },
  };
  return {
    ...Object.fromEntries(typed),
    [UNTYPED_COMPLETION]: untyped,
    CompleteTaskDto: {
      description: "A task's completion: its payload, by the task type's schema (GET /task-types serves each with its labels). Name the task type in taskType to pick that schema.",
      oneOf: [...TASK_TYPES.map((type) => ref(taskCompletionSchemaName(type))), ref(UNTYPED_COMPLETION)],
    },
  };
}

function openApi30(schema: JsonSchema): JsonSchema {
  const { const: fixed, ...rest } = schema as JsonSchema & { const?: unknown };
  const out: JsonSchema = fixed === undefined ? rest : { ...rest, enum: [fixed] };
  for (const key of ['items'] as const) if (out[key]) out[key] = openApi30(out[key] as JsonSchema);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, openApi30(v)]));
  const words = [out[KEYWORDS.notAfterToday] ? 'Not after today (in the Netherlands): refused as IN_FUTURE' : '', out[KEYWORDS.alternativesTo] ? `Never holds the value of ${String(out[KEYWORDS.alternativesTo])}: refused as MAIN_EMPLOYER_ALSO_ALTERNATIVE` : ''].filter(Boolean);
  return words.length ? { ...out, description: words.join('; ') } : out;
}
