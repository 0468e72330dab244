/**
 * Every duration a journey waits for, in milliseconds, carried in the workflow input so tests can
 * run months in seconds. Pure data: safe in the workflow sandbox.
 */
export interface JourneyPolicy {
  /** Time a party has for a task, per task type; `default` for the rest. */
  taskDueMs: Record<string, number>;
  /** A reminder this long before a task is due (skipped when the task is shorter). */
  reminderBeforeDueMs: number;
  /** Escalation to the municipal coordinator this long after a task is overdue. */
  escalateAfterDueMs: number;
  /** A placement evaluation (by employer and care provider) every this often. */
  evaluationIntervalMs: number;
  /** Evaluations before the coordinator decides the placement outcome. */
  evaluationsBeforeOutcome: number;
  /** Job follow-ups after paid work starts (1, 3, 6 and 12 months by default). */
  followUpOffsetsMs: number[];
  /** Continue-as-new after this many Updates in one run (Temporal's hard limit is 2,000). */
  maxUpdatesPerRun: number;
}

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

export const DEFAULT_POLICY: JourneyPolicy = {
  taskDueMs: {
    default: 2 * WEEK,
    'intake.accept': 1 * WEEK,
    'orientation.respond': 1 * WEEK,
    'placement.offer': 1 * WEEK,
    'placement.agreement': 1 * WEEK,
    'placement.evaluation': 1 * WEEK,
  },
  reminderBeforeDueMs: 2 * DAY,
  escalateAfterDueMs: 3 * DAY,
  evaluationIntervalMs: 6 * WEEK,
  evaluationsBeforeOutcome: 2,
  followUpOffsetsMs: [1 * MONTH, 3 * MONTH, 6 * MONTH, 12 * MONTH],
  maxUpdatesPerRun: 1000,
};

/** The default policy with overrides; a given `taskDueMs` replaces the default table whole. */
export function resolvePolicy(overrides: Partial<JourneyPolicy> = {}): JourneyPolicy {
  return { ...DEFAULT_POLICY, ...overrides };
}

export function taskDueMs(policy: JourneyPolicy, type: string): number {
  return policy.taskDueMs[type] ?? policy.taskDueMs.default ?? 2 * WEEK;
}

/** Every duration multiplied by `factor` (demos and tests: 1e-6 turns a month into ~2.6 s). */
export function scalePolicy(policy: JourneyPolicy, factor: number): JourneyPolicy {
  const scale = (ms: number): number => Math.max(1, Math.round(ms * factor));
  return {
    ...policy,
    taskDueMs: Object.fromEntries(Object.entries(policy.taskDueMs).map(([k, v]) => [k, scale(v)])),
    reminderBeforeDueMs: scale(policy.reminderBeforeDueMs),
    escalateAfterDueMs: scale(policy.escalateAfterDueMs),
    evaluationIntervalMs: scale(policy.evaluationIntervalMs),
    followUpOffsetsMs: policy.followUpOffsetsMs.map(scale),
  };
}
