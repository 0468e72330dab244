/**
 * The four-step method's task catalogue: every task type, from the module of its step. The single
 * source of each task's payload schema, labels and effect; a new task type is one entry in its
 * step's module (and a due time in the policy when it is not the default).
 */
import { JourneyStep } from '../journey';
import { payloadErrors } from '../payload/payload-errors';
import type { PayloadContext } from '../payload/vocabulary';
import { toJsonSchema, type FieldError, type JsonSchema, type Schema } from '../schema';
import { ANALYSE_TASKS } from './analyse';
import { CONNECT_TASKS } from './connect';
import { DISCOVER_TASKS } from './discover';
import { PAID_WORK_TASKS } from './paid-work';
import { PLACE_TASKS } from './place';
import type { TaskDefinition, TaskParty } from './task-definition';
import { VOCABULARIES, type Label } from './vocabularies';

export const TASK_DEFINITIONS = { ...CONNECT_TASKS, ...DISCOVER_TASKS, ...ANALYSE_TASKS, ...PLACE_TASKS, ...PAID_WORK_TASKS };

/** Task types: wire names, frozen once shipped. */
export type TaskType = keyof typeof TASK_DEFINITIONS;
export const TASK_TYPES = Object.keys(TASK_DEFINITIONS) as TaskType[];

export function isTaskType(value: string): value is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_DEFINITIONS, value);
}

/** The definition of a task type, with its payload as an untyped record (for the engine's dispatch). */
export function taskDefinition(type: TaskType): TaskDefinition<Schema> {
  return TASK_DEFINITIONS[type] as unknown as TaskDefinition<Schema>;
}

/** Each task type's payload as JSON Schema, made once. */
const PAYLOAD_SCHEMAS = Object.fromEntries(TASK_TYPES.map((type) => [type, toJsonSchema(taskDefinition(type).schema)])) as Record<TaskType, JsonSchema>;

/** A task type's payload as JSON Schema (draft 2020-12), as `GET /task-types` serves it. */
export function taskPayloadSchema(type: TaskType): JsonSchema {
  return PAYLOAD_SCHEMAS[type];
}

/** A task payload's field errors (fields as in the payload), by the one validator of its JSON Schema; `today` for the date rules. */
export function taskPayloadErrors(type: TaskType, payload: unknown, context: PayloadContext): FieldError[] {
  return payloadErrors(type, PAYLOAD_SCHEMAS[type], payload, context);
}

export const TASK_STEPS = Object.fromEntries(TASK_TYPES.map((t) => [t, TASK_DEFINITIONS[t].step])) as Record<TaskType, JourneyStep>;

/** The organisation type that does a party's tasks (a school does the care tasks of journeys without a care provider). */
const PARTY_ORGANISATION_TYPE: Record<TaskParty, string> = { MUNICIPALITY: 'MUNICIPALITY', CARE_PROVIDER: 'CARE_PROVIDER', HOST: 'EMPLOYER' };

export interface CatalogueField {
  label: Label;
  help?: Label;
  input: 'choice' | 'multi-choice' | 'text' | 'number' | 'date' | 'checkbox' | 'organisation' | 'document' | 'workplace';
  /** Labels of every value a choice allows. */
  codes?: Record<string, Label>;
  /** For `organisation`: which kind of organisation. */
  organisationType?: string;
  /** For `workplace`: the field that names the host whose workplaces (with a free place) are offered. */
  workplaceOf?: string;
  visibleWhen?: Record<string, readonly string[]>;
}

export interface CatalogueEntry {
  type: TaskType;
  step: JourneyStep;
  /** The (first) party that does it, as an organisation type; `assignees`: all of them. */
  assignee: string;
  assignees: string[];
  label: Label;
  description: Label;
  payloadSchema: JsonSchema;
  /** Every payload field, in display order. */
  fields: Record<string, CatalogueField>;
}

/** The catalogue as clients read it (`GET /task-types`): enough to render every form without knowing the method. */
export function taskCatalogue(): CatalogueEntry[] {
  return TASK_TYPES.map((type) => {
    const d = taskDefinition(type);
    const assignees = d.parties.map((p) => PARTY_ORGANISATION_TYPE[p]);
    const fields = Object.fromEntries(
      Object.entries(d.schema).map(([name, rule]) => {
        const shown = d.fields[name];
        const item = rule.kind === 'array' ? rule.of : rule;
        const field: CatalogueField = {
          label: shown.label,
          ...(shown.help ? { help: shown.help } : {}),
          input: inputOf(rule.kind, item),
          ...(item.kind === 'code' ? { codes: VOCABULARIES[item.vocabulary] } : shown.codes ? { codes: shown.codes } : {}),
          ...(item.kind === 'uuid' && item.refers === 'host' ? { organisationType: 'EMPLOYER' } : {}),
          ...(item.kind === 'uuid' && item.refers === 'workplace' ? { workplaceOf: item.of } : {}),
          ...(shown.visibleWhen ? { visibleWhen: shown.visibleWhen } : {}),
        };
        return [name, field];
      }),
    );
    return { type, step: d.step, assignee: assignees[0], assignees, label: d.label, description: d.description, payloadSchema: PAYLOAD_SCHEMAS[type], fields };
  });
}

function inputOf(kind: Schema[string]['kind'], item: Schema[string]): CatalogueField['input'] {
  if (item.kind === 'uuid') return item.refers === 'workplace' ? 'workplace' : 'organisation';
  if (item.kind === 'reference') return 'document';
  if (kind === 'array') return 'multi-choice';
  switch (item.kind) {
    case 'code':
    case 'enum':
      return 'choice';
    case 'int':
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'boolean':
      return 'checkbox';
    default:
      return 'text';
  }
}
