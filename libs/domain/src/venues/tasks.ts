/**
 * A venue's monthly work as tasks (table venue_tasks), apart from the journey's task catalogue:
 * a cooperative's statement of a member's month, and the coordinator's review of a run at or
 * above the benefit level (cooperative) or above the outflow threshold (flex-work space).
 */
export const VENUE_TASK_TYPES = ['cooperative.statement', 'cooperative.outflow-review', 'flex.outflow-review'] as const;
export type VenueTaskType = (typeof VENUE_TASK_TYPES)[number];

/** The coordinator's decision on an outflow review. */
export const OUTFLOW_REVIEW_OUTCOMES = ['MOVE_OFF_BENEFIT', 'CONTINUE_ON_BENEFIT'] as const;
