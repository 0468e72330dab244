/**
 * The four-step method as the journey engine runs it: the engine asks it what a referral opens,
 * each task type's step, payload rules and effect, and what its timers do. Registered with the
 * engine as this module loads; whatever decides journeys imports it (the workflow, the bench).
 */
import { registerMethod, type JourneyMethod } from '../engine/method';
import { TASK_STEPS, taskDefinition, taskPayloadErrors, type TaskType } from './catalogue';
import { followUpDue } from './paid-work';
import { evaluationDue } from './place';
import { VOCABULARIES } from './vocabularies';

export const FOUR_STEP_METHOD: JourneyMethod = {
  // A referral is accepted first, by the municipality's coordinator.
  start: (ctx) => {
    ctx.open('intake.accept', ctx.coordinator());
  },
  taskStep: (type) => TASK_STEPS[type as TaskType],
  complete: (ctx, task, payload, actor) => taskDefinition(task.type as TaskType).complete(ctx, task, payload as never, actor),
  payloadErrors: (type, payload, context) => taskPayloadErrors(type as TaskType, payload, context),
  timers: { EVALUATION: evaluationDue, FOLLOW_UP: followUpDue },
  isReassignReason: (code) => Object.hasOwn(VOCABULARIES.reassignReason, code),
};

registerMethod(FOUR_STEP_METHOD);
