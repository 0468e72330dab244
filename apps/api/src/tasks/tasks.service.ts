import { HttpStatus, Injectable } from '@nestjs/common';
import { FOUR_EYES, fourEyesRefuses } from '../../../../libs/domain/src/access';
import { TaskDto, type InboxQueryDto, type TaskActResultDto, type TaskDetailDto, type TaskPageDto } from '../../../../libs/contracts/src/task.dto';
import type { JourneyStep } from '../../../../libs/domain/src/journey';
import { taskDefinition, taskPayloadErrors, type TaskType } from '../../../../libs/domain/src/method/catalogue';
import type { Schema } from '../../../../libs/domain/src/schema';
import { WorkplacesService } from '../workplaces/workplaces.service';
import { TaskStatus } from '../../../../libs/domain/src/tasks';
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate } from '../../../../workflows/journey/journey.messages';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService, updateIdOf } from '../common/idempotency.service';
import { ProblemException, ProblemType } from '../problem/problem';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { FIELD_CATEGORY, type Purpose } from '../../../../libs/domain/src/privacy';
import { TasksRepository, type TaskRowRead } from './tasks.repository';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly journeys: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
    private readonly workplaces: WorkplacesService,
  ) {}

  async inbox(principal: Principal, query: InboxQueryDto): Promise<TaskPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.tasks.inbox({
      organisationId: principal.organisationId,
      userId: query.mine ? principal.userId : undefined,
      step: query.step,
      type: query.type,
      statuses: query.status ? [query.status] : [TaskStatus.OPEN, TaskStatus.CLAIMED],
      overdue: query.overdue,
      candidateId: query.journey,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toDto);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
  }

  /** A journey's open tasks: the municipality sees every party's (to reassign them), another party its own. */
  async openOfJourney(principal: Principal, candidateId: string): Promise<TaskPageDto> {
    const access = await this.access.journey(principal, candidateId);
    const rows = await this.tasks.openOfJourney(candidateId, access.role === 'MUNICIPALITY' ? undefined : principal.organisationId);
    return { items: rows.map(toDto) };
  }

  /** The task with what the caller's party needs to decide it; an employer never sees health or other employers. */
  async detail(principal: Principal, candidateId: string, taskId: string, purpose: Purpose): Promise<TaskDetailDto> {
    const access = await this.access.journey(principal, candidateId);
    const row = await this.ownTask(principal, candidateId, taskId);
    const context = await this.journeys.taskContext(candidateId, taskId);
    const { profile, match, agreedSupport, proposedRoute, attempts } = context ?? {};
    const shown = this.access.taskContext(principal, access, purpose, { profile, match, agreedSupport, proposedRoute, attempts });
    // The work profile and the agreed support are the young person's data: this read is logged with its purpose.
    const personal = Object.keys(shown).filter((part) => FIELD_CATEGORY[part]);
    if (personal.length) await this.access.log(principal, access, { purpose, endpoint: 'GET /journeys/{candidateId}/tasks/{taskId}', fields: personal });
    return { task: toDto(row), ...shown } as TaskDetailDto;
  }

  /** Completes a task with its payload: one Update whose ID is the caller's Idempotency-Key. */
  complete(principal: Principal, candidateId: string, taskId: string, payload: Record<string, unknown>, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.taskAct(principal, request, candidateId, taskId, async (task) => {
      // The method's own rules (the workflow's validator checks the same): field errors at once, nothing sent.
      const errors = taskPayloadErrors(task.type as TaskType, payload);
      if (errors.length) throw ProblemException.validation(errors.map((e) => ({ field: `payload.${e.field}`, message: `payload.${e.message}` })));
      await this.checkWorkplaces(task.type as TaskType, payload);
      if (task.type === FOUR_EYES.decision && fourEyesRefuses(task.type, await this.tasks.fourEyes(candidateId), principal.userId)) {
        throw new ProblemException({
          type: ProblemType.FOUR_EYES_REQUIRED,
          title: 'Forbidden',
          status: HttpStatus.FORBIDDEN,
          detail: 'You proposed this match; the municipality requires another coordinator to decide on it.',
        });
      }
      return this.journeys.act(candidateId, completeTaskUpdate, { taskId, actor: actor(principal), payload }, updateIdOf('complete', principal, request));
    });
  }

  /** A workplace a payload names is one of its host's, on the list, with a free place (field errors otherwise, nothing sent). */
  private async checkWorkplaces(type: TaskType, payload: Record<string, unknown>): Promise<void> {
    for (const [field, rule] of Object.entries(taskDefinition(type).schema as Schema)) {
      if (rule.kind !== 'uuid' || rule.refers !== 'workplace' || typeof payload[field] !== 'string') continue;
      const problem = await this.workplaces.unavailable(payload[field], String(payload[rule.of]));
      if (problem) throw ProblemException.validation([{ field: `payload.${field}`, message: `payload.${field} ${problem}` }]);
    }
  }

  claim(principal: Principal, candidateId: string, taskId: string, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.taskAct(principal, request, candidateId, taskId, () =>
      this.journeys.act(candidateId, claimTaskUpdate, { taskId, actor: actor(principal) }, updateIdOf('claim', principal, request)),
    );
  }

  unclaim(principal: Principal, candidateId: string, taskId: string, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.taskAct(principal, request, candidateId, taskId, () =>
      this.journeys.act(candidateId, unclaimTaskUpdate, { taskId, actor: actor(principal) }, updateIdOf('unclaim', principal, request)),
    );
  }

  /** An act on one of the caller's organisation's tasks, once per Idempotency-Key. */
  private taskAct(
    principal: Principal,
    request: IdempotentRequest,
    candidateId: string,
    taskId: string,
    act: (task: TaskRowRead) => Promise<TaskActResultDto>,
  ): Promise<Answered<TaskActResultDto>> {
    return this.idempotency.run(principal, request, { status: 200, answer: async () => act(await this.ownTask(principal, candidateId, taskId)) });
  }

  private async ownTask(principal: Principal, candidateId: string, taskId: string): Promise<TaskRowRead> {
    // Read at once; the task's 404 still comes first, then the journey's (the consent still covers the caller's part).
    const [found, journey] = await Promise.allSettled([this.tasks.find(candidateId, taskId), this.access.journey(principal, candidateId)]);
    const task = this.access.task(principal, settled(found), taskId);
    settled(journey);
    return task;
  }
}

const actor = (p: Principal) => ({ organisationId: p.organisationId, userId: p.userId });

function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}


function toDto(row: TaskRowRead): TaskDto {
  const open = row.status === TaskStatus.OPEN || row.status === TaskStatus.CLAIMED;
  return Object.assign(new TaskDto(), {
    candidateId: row.candidate_id,
    taskId: row.task_id,
    type: row.type,
    step: row.step as JourneyStep,
    status: row.status as TaskStatus,
    assignee: { organisationId: row.assignee_organisation_id, role: row.assignee_role, ...(row.assignee_user_id ? { userId: row.assignee_user_id } : {}) },
    dueAt: row.due_at.toISOString(),
    overdue: open && row.due_at.getTime() < Date.now(),
    escalated: row.escalated,
    createdAt: row.created_at.toISOString(),
    ...(row.host_id ? { host: { organisationId: row.host_id, name: row.host_name! } } : {}),
  });
}

function encodeCursor(row: TaskRowRead): string {
  return Buffer.from(JSON.stringify([row.due_at.toISOString(), row.candidate_id, row.task_id])).toString('base64url');
}

function decodeCursor(cursor: string): { dueAt: string; candidateId: string; taskId: string } {
  try {
    const [dueAt, candidateId, taskId] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as string[];
    if (Number.isNaN(Date.parse(dueAt)) || !/^[0-9a-f-]{36}$/i.test(candidateId) || typeof taskId !== 'string') throw new Error('bad');
    return { dueAt, candidateId, taskId };
  } catch {
    throw ProblemException.validation([{ field: 'cursor', message: 'cursor must be a cursor returned by this endpoint' }]);
  }
}
