/** Default task queue of the journey worker; tests use their own per run. */
export const DEFAULT_JOURNEY_TASK_QUEUE = 'placement-journeys';
