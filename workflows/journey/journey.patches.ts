/**
 * The journey workflow's live patches: each behaviour change since the first recorded histories,
 * with the id its `patched()` marker carries in a history (ids never reused). When each branch can
 * go: docs/workflow-versioning.md.
 */
export const JourneyPatch = {
  /** One projector, at most one projection in flight. */
  SERIAL_PROJECTION: '2026-11-23-serial-projection',
  /** The timer of the next due time stays armed while that time stays the same. */
  KEPT_TIMER: '2026-11-30-kept-timer',
  /** The timer loop wakes only when what it waits for changed. */
  NARROW_WAKE: '2026-11-30-narrow-wake',
  /** The parties are told of the events the history committed. */
  NOTIFY: '2026-11-30-notify',
  /** The projection writes the notices itself, told once their history is committed. */
  NOTICES_IN_PROJECTION: '2026-11-30-notices-in-projection',
} as const;
export type JourneyPatch = (typeof JourneyPatch)[keyof typeof JourneyPatch];

/** Whether this run takes a patch's new branch: Temporal's `patched` in the workflow, a fake in tests. */
export type PatchCheck = (patch: JourneyPatch) => boolean;
