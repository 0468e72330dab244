import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import type { CommandResult } from '../../libs/domain/src/engine';
import type { JourneyPolicy } from '../../libs/domain/src/policy';
import type { TaskType } from '../../libs/domain/src/method/catalogue';
import type { HumanTask } from '../../libs/domain/src/tasks';
import { completeTaskUpdate, getJourneyQuery, openTasksQuery, type JourneyView } from '../../libs/contracts/src/workflows/journey.messages';
import type { journeyWorkflow } from '../../workflows/journey/journey.workflow';

export interface DriverParties {
  municipalityId: string;
  careProviderId: string;
  employerIds: string[];
}

import { PAYLOADS } from '../../libs/contracts/src/example-payloads';

export { PAYLOADS };

/** Policies in seconds: long enough that nothing fires unasked, or short to watch timers fire. */
export const QUIET_POLICY: Partial<JourneyPolicy> = {
  taskDueMs: { default: 3_600_000 },
  reminderBeforeDueMs: 60_000,
  escalateAfterDueMs: 60_000,
  evaluationIntervalMs: 1_000,
  evaluationsBeforeOutcome: 1,
  followUpOffsetsMs: [500, 1_000, 1_500, 2_000],
};

/** Drives one journey through Updates alone, as the parties' API calls will. */
export class JourneyDriver {
  readonly handle: WorkflowHandle<typeof journeyWorkflow>;

  constructor(
    readonly client: Client,
    readonly candidateId: string,
    readonly parties: DriverParties,
  ) {
    this.handle = client.workflow.getHandle(journeyWorkflowId(candidateId));
  }

  static async start(client: Client, taskQueue: string, candidateId: string, parties: DriverParties, policy: Partial<JourneyPolicy> = QUIET_POLICY): Promise<JourneyDriver> {
    await client.workflow.start<typeof journeyWorkflow>('journeyWorkflow', {
      workflowId: journeyWorkflowId(candidateId),
      taskQueue,
      args: [
        {
          candidateId,
          municipalityId: parties.municipalityId,
          careProviderId: parties.careProviderId,
          referrerOrganisationId: parties.careProviderId,
          referredAt: '2026-11-01T09:00:00.000Z',
          policy,
        },
      ],
    });
    return new JourneyDriver(client, candidateId, parties);
  }

  view(): Promise<JourneyView> {
    return this.handle.query(getJourneyQuery);
  }

  openTasks(): Promise<HumanTask[]> {
    return this.handle.query(openTasksQuery);
  }

  /** Waits until an open task of this type (for this organisation) shows up, e.g. after a timer. */
  async task(type: TaskType, organisationId?: string, timeoutMs = 15000): Promise<HumanTask> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.openTasks()).find((t) => t.type === type && (!organisationId || t.assignee.organisationId === organisationId));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no open ${type} task for ${organisationId ?? 'anyone'} on ${this.candidateId}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async complete(type: TaskType, payload: unknown, organisationId?: string, updateId: string = randomUUID()): Promise<CommandResult> {
    const task = await this.task(type, organisationId);
    return this.handle.executeUpdate(completeTaskUpdate, {
      args: [{ taskId: task.id, actor: { organisationId: task.assignee.organisationId }, payload }],
      updateId,
    });
  }

  /** Referral to a placement running at the first employer. */
  async toRunningPlacement(): Promise<void> {
    await this.complete('intake.accept', PAYLOADS.accept);
    await this.complete('intake.meeting', PAYLOADS.meeting);
    await this.complete('profile.talents', PAYLOADS.talents);
    await this.placeAt(this.parties.employerIds[0]);
  }

  /** From a proposed orientation at this employer to the match the coordinator is to propose. */
  async toMatchAt(employerId: string): Promise<void> {
    await this.complete('orientation.propose', PAYLOADS.propose(employerId));
    await this.complete('orientation.respond', PAYLOADS.accepts, employerId);
    await this.complete('orientation.feedback', PAYLOADS.feedback, employerId);
    await this.complete('orientation.feedback', PAYLOADS.feedback, this.parties.careProviderId);
    await this.complete('discover.conclude', PAYLOADS.ready);
    await this.complete('analyse.support-plan', PAYLOADS.supportPlan);
  }

  /** From a proposed orientation to a placement running at this employer, everyone agreeing. */
  async placeAt(employerId: string): Promise<void> {
    const { municipalityId, careProviderId } = this.parties;
    await this.toMatchAt(employerId);
    await this.complete('analyse.match', PAYLOADS.match(employerId));
    await this.complete('analyse.decision', PAYLOADS.approve);
    await this.complete('placement.offer', PAYLOADS.accepts, employerId);
    await Promise.all([municipalityId, careProviderId, employerId].map((org) => this.complete('placement.agreement', PAYLOADS.sign, org)));
    await this.complete('placement.start', PAYLOADS.start);
  }

  /** One evaluation round (the timer opens it), then the outcome task when the policy asks. */
  async evaluate(continuePlacement = true): Promise<void> {
    const employerTask = await this.task('placement.evaluation');
    const employerId = employerTask.employerId!;
    await this.complete('placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement }, employerId);
    await this.complete('placement.evaluation', { ...PAYLOADS.evaluation, continuePlacement }, (await this.task('placement.evaluation')).assignee.organisationId);
  }
}
