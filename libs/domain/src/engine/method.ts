/**
 * The engine's one door to a method: what the engine asks of the method whose journeys it runs
 * (the four-step method of libs/domain/src/method registers itself here as it loads). The engine
 * knows tasks, timers, claims, pauses and transfers; which tasks there are, their steps, payloads
 * and effects, and the method's own timers are the method's. The engine imports no method.
 */
import type { JourneyInput, JourneyStep } from '../journey';
import type { PayloadContext } from '../payload/vocabulary';
import type { FieldError } from '../schema';
import type { HumanTask } from '../tasks';
import type { Context } from './context';
import type { Actor, Timer } from './types';

/** What a timer of the method does when it fires (reminders and escalations are the engine's). */
export type TimerHandler = (ctx: Context, timer: Timer) => void;

export interface JourneyMethod {
  /** What follows a referral (which the engine recorded already): the journey's first tasks. */
  start(ctx: Context, input: JourneyInput): void;
  /** The step a task type belongs to. */
  taskStep: (type: string) => JourneyStep;
  /** What completing a task does (it is closed, with its payload as result, already). */
  complete(ctx: Context, task: HumanTask, payload: Record<string, unknown>, actor: Actor): void;
  /** A task payload's field errors as it arrives, against the rules of `context` (today). */
  payloadErrors(type: string, payload: unknown, context: PayloadContext): FieldError[];
  /** The method's timers by kind. */
  timers: Readonly<Record<string, TimerHandler>>;
  /** Whether a code is one of the reasons a task may be reassigned for. */
  isReassignReason(code: string): boolean;
}

let registered: JourneyMethod | undefined;

/** Makes a method the one the engine runs (a method module calls it as it loads). */
export function registerMethod(method: JourneyMethod): void {
  registered = method;
}

/** The registered method; an error when none is (import the method's module before deciding). */
export function journeyMethod(): JourneyMethod {
  if (!registered) throw new Error('No method is registered with the journey engine: import libs/domain/src/method/four-step first.');
  return registered;
}
