/** Turns a decision into the read model's rows. Pure: runs inside the workflow. */
import type { ProjectJourneyInput } from '../../activities/journey/journey.activities';
import { journeyPhase, openTasks, type Decision, type JourneyState } from '../../libs/domain/src/journey-machine';
import type { JourneyView } from './journey.messages';

export function toProjection(state: JourneyState, decision: Pick<Decision, 'events' | 'changedTasks'>): ProjectJourneyInput {
  return {
    journey: {
      candidateId: state.candidateId,
      municipalityId: state.municipalityId,
      careProviderId: state.careProviderId,
      referrerOrganisationId: state.referrerOrganisationId,
      step: state.step,
      status: state.status,
      phase: journeyPhase(state),
      sequence: state.sequence,
      referredAt: state.referredAt,
      updatedAt: state.updatedAt,
      employerIds: state.employerIds,
      proposedRoute: state.proposedRoute,
      route: state.route,
      runCount: state.runCount,
      currentEmployerId: state.job?.employerId ?? (state.placement?.startedOn ? state.placement.employerId : undefined),
    },
    events: decision.events.map((e) => ({
      sequence: e.sequence,
      type: e.type,
      step: e.step,
      occurredAt: e.occurredAt,
      actorOrganisationId: e.actor?.organisationId,
      actorUserId: e.actor?.userId,
      taskId: e.taskId,
      data: e.data,
    })),
    tasks: decision.changedTasks.map((t) => ({
      taskId: t.id,
      type: t.type,
      step: t.step,
      status: t.status,
      assigneeOrganisationId: t.assignee.organisationId,
      assigneeRole: t.assignee.role,
      assigneeUserId: t.assignee.userId,
      dueAt: t.dueAt,
      escalated: t.escalated,
      createdAt: t.createdAt,
      closedAt: t.closedAt,
      completedByOrganisationId: t.completedBy?.organisationId,
      completedByUserId: t.completedBy?.userId,
      sequence: state.sequence,
    })),
  };
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
  };
}
