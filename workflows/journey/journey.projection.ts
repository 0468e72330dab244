/** Turns the workflow's state and what changed into the read model's rows. Pure: runs inside the workflow. */
import { currentHostId, journeyPhase, openTasks, type Decision, type JourneyEvent, type JourneyState } from '../../libs/domain/src/engine';
import { journeyRow, taskRow, timelineEntry, type JourneyProjection, type ProjectionFence } from '../../libs/domain/src/read-model';
import type { HumanTask } from '../../libs/domain/src/tasks';
import type { JourneyView } from '../../libs/contracts/src/workflows/journey.messages';

export interface ProjectionInput {
  fence: ProjectionFence;
  /** The committed sequence (see JourneyProjection.base); undefined on the pre-2026-11-23 path. */
  base?: number;
  /** Every event after `base` (on the old path: this decision's). */
  events: JourneyEvent[];
  /** Every task changed after `base` (on the old path: by this decision). */
  changedTasks: HumanTask[];
  /** Task rows to delete: ids this journey never had. */
  removedTaskIds?: string[];
  /** Who is told of the events after `base` (see JourneyProjection.notices). */
  notices?: JourneyProjection['notices'];
}

export function toProjection(state: JourneyState, input: ProjectionInput): JourneyProjection {
  const changed = new Set(input.changedTasks.map((t) => t.id));
  // Every open task too, so a task a lost workflow task closed or reassigned is written back.
  const unchangedOpen = input.base === undefined ? [] : openTasks(state).filter((t) => !changed.has(t.id));
  return {
    fence: input.fence,
    ...(input.base === undefined ? {} : { base: input.base }),
    journey: journeyRow(toView(state)),
    events: input.events.map(timelineEntry),
    tasks: [
      ...input.changedTasks.map((t) => taskRow(t, state.sequence)),
      ...unchangedOpen.map((t) => taskRow(t, input.base ?? state.sequence)),
    ],
    ...(input.removedTaskIds?.length ? { removedTaskIds: input.removedTaskIds } : {}),
    ...(input.notices && input.base !== undefined ? { notices: input.notices } : {}),
  };
}

/**
 * The projection of a decision applied outside a workflow (bench seeds, test cohorts), where every
 * step is committed as it is written: its own sequence is the base (nothing after it to replace;
 * the journey's committed sequence is raised to it, so the reads show it) and orders the fence.
 * `sequenceBefore` is the journey's sequence before the decision, kept for its callers' order.
 */
export function scriptedProjection(sequenceBefore: number, decision: Decision): JourneyProjection {
  const { state } = decision;
  if (state.sequence < sequenceBefore) throw new Error(`a scripted decision goes back from ${sequenceBefore} to ${state.sequence}`);
  return toProjection(state, { fence: [state.runCount, state.sequence, 0], base: state.sequence, events: decision.events, changedTasks: decision.changedTasks });
}

export function toView(state: JourneyState): JourneyView {
  return {
    candidateId: state.candidateId,
    municipalityId: state.municipalityId,
    careProviderId: state.careProviderId,
    referrerOrganisationId: state.referrerOrganisationId,
    step: state.step,
    status: state.status,
    sequence: state.sequence,
    referredAt: state.referredAt,
    updatedAt: state.updatedAt,
    phase: journeyPhase(state),
    runCount: state.runCount,
    openTasks: openTasks(state),
    attempts: state.attempts,
    employerIds: state.employerIds,
    proposedRoute: state.proposedRoute,
    route: state.route,
    ...(currentHostId(state) ? { currentEmployerId: currentHostId(state) } : {}),
    ...(state.timeline ? { timeline: state.timeline } : {}),
  };
}
