/**
 * What a task type of the method is: its step, who does it, its payload schema with the labels a
 * form needs, and what completing it does. One definition per task type (in the module of its
 * step); the engine, the API's validation, the OpenAPI document and `GET /task-types` read it.
 */
import type { JourneyStep } from '../journey';
import type { PayloadOf, Schema } from '../schema';
import type { HumanTask } from '../tasks';
import type { Context } from '../engine/context';
import type { TimerHandler } from '../engine/method';
import type { Actor } from '../engine/types';
import type { Label } from './vocabularies';

/** Who does a task: the municipality's coordinator, the care party (the care provider, or the referring school), the host. */
export type TaskParty = 'MUNICIPALITY' | 'CARE_PROVIDER' | 'HOST';

export interface FieldPresentation {
  label: Label;
  help?: Label;
  /** Labels of an enum's values (a vocabulary's codes carry their own). */
  codes?: Record<string, Label>;
  /** Shown only when another field has one of these values. */
  visibleWhen?: Record<string, readonly string[]>;
}

export interface TaskDefinition<S extends Schema = Schema> {
  step: JourneyStep;
  parties: readonly TaskParty[];
  label: Label;
  description: Label;
  schema: S;
  fields: { [K in keyof S]: FieldPresentation };
  /** What completing the task does (it is closed, with its payload as result, already). */
  complete: (ctx: Context, task: HumanTask, payload: PayloadOf<S>, actor: Actor) => void;
}

/**
 * A document field: the document stays in the organisation's own file (dossier); the journey keeps
 * the reference it has there (schema rule `reference`), and the form says what to enter.
 */
export function documentReference(label: Label): FieldPresentation {
  return {
    label,
    help: {
      nl: 'Het kenmerk waaronder het document in uw eigen dossier staat, zoals DL-2026-0117: 2 tot 40 letters, cijfers en . _ / -. Het document zelf blijft in uw dossier.',
      en: 'The reference the document has in your own file, such as DL-2026-0117: 2 to 40 letters, digits and . _ / -. The document itself stays in your file.',
    },
  };
}

/** Keeps a definition's payload type tied to its schema. */
export const defineTask = <const S extends Schema>(definition: TaskDefinition<S>): TaskDefinition<S> => definition;

export type { TimerHandler };

export const DECISION_LABELS = {
  ACCEPT: { nl: 'Akkoord', en: 'Accept' },
  DECLINE: { nl: 'Niet akkoord', en: 'Decline' },
};
