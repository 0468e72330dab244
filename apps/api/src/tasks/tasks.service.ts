import { HttpStatus, Injectable } from '@nestjs/common';
import { FOUR_EYES, fourEyesRefuses } from '../../../../libs/domain/src/access';
import { TaskDto, type CompleteTaskDto, type EvaluationDto, type InboxQueryDto, type OrientationDto, type TaskActResultDto, type TaskDetailDto, type TaskPageDto } from '../../../../libs/contracts/src/task.dto';
import { dutchDate } from '../../../../libs/domain/src/candidate-dates';
import type { JourneyStep } from '../../../../libs/domain/src/journey';
import { taskDefinition, taskPayloadErrors, type TaskType } from '../../../../libs/domain/src/method/catalogue';
import type { Schema } from '../../../../libs/domain/src/schema';
import { WorkplacesService } from '../workplaces/workplaces.service';
import { TaskStatus } from '../../../../libs/domain/src/tasks';
import type { PersonDto } from '../../../../libs/contracts/src/person.dto';
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate } from '../../../../libs/contracts/src/workflows/journey.messages';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService, updateIdOf } from '../common/idempotency.service';
import { ProblemException, problemTitle, ProblemType } from '../problem/problem';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { caseworkPurpose, FIELD_CATEGORY, type Purpose } from '../../../../libs/domain/src/privacy';
import { CandidatesRepository } from '../../../../libs/database/src/repositories/candidates.repository';
import { TasksRepository, type AnswerRow, type AnswerType, type TaskRowRead } from './tasks.repository';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly journeys: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
    private readonly workplaces: WorkplacesService,
    private readonly candidates: CandidatesRepository,
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
    const page = rows.slice(0, limit);
    const people = await this.access.people(principal, page.map((r) => r.candidate_id), 'GET /tasks');
    const items = page.map((r) => withPerson(toDto(r), people.get(r.candidate_id)));
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
  /**
   * The task with what its decision rests on: who it is about, for the intake the young person's
   * situation, and the context the workflow keeps. The purpose follows from the caller's part
   * (caseworkPurpose); a purpose named must be one of its part's (400 otherwise, nothing read).
   */
  async detail(principal: Principal, candidateId: string, taskId: string, named?: Purpose): Promise<TaskDetailDto> {
    const access = await this.access.journey(principal, candidateId);
    if (named) this.access.requireOwnPurpose(access, named);
    const purpose = named ?? caseworkPurpose(access.role);
    const row = await this.ownTask(principal, candidateId, taskId);
    const [context, { person, fields: naming }, candidate, answers] = await Promise.all([
      this.journeys.taskContext(candidateId, taskId),
      this.access.person(principal, candidateId),
      row.type === 'intake.accept' ? this.candidates.find(candidateId) : undefined,
      RESTS_ON[row.type] ? this.tasks.answers(candidateId, RESTS_ON[row.type]!) : undefined,
    ]);
    const { profile, match, agreedSupport, proposedRoute, attempts } = context ?? {};
    // The orientations, their feedback and the evaluations are what was tried: shown where the attempts are (never to a host).
    const shown = this.access.taskContext(principal, access, purpose, { profile, match, agreedSupport, proposedRoute, attempts, ...(answers ? answeredFacts(answers) : {}) });
    // The intake decides on the referral: the situation the referrer described (support and health, never for a host).
    const situation = candidate && !candidate.erased_at ? this.access.personalData(access, purpose, { situation: candidate.situation }).situation : undefined;
    // Who it is, the work profile, the agreed support and the situation are the young person's data: this read is logged once, with its purpose.
    const personal = [...naming, ...Object.keys(shown).filter((part) => FIELD_CATEGORY[part]), ...(situation ? ['situation'] : [])];
    if (personal.length) await this.access.log(principal, access, { purpose, endpoint: 'GET /journeys/{candidateId}/tasks/{taskId}', fields: personal });
    return { task: toDto(row), purpose, ...(person ? { person } : {}), ...(situation ? { situation } : {}), ...shown } as TaskDetailDto;
  }

  /** Completes a task with its payload: one Update whose ID is the caller's Idempotency-Key. */
  complete(principal: Principal, candidateId: string, taskId: string, { taskType, payload }: CompleteTaskDto, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.taskAct(principal, request, candidateId, taskId, async (task) => {
      // The body may name its task type (so a client can check the payload against that type's schema alone): it must be the task's.
      if (taskType !== undefined && taskType !== task.type) {
        throw ProblemException.validation([{ field: 'taskType', message: `taskType must be the type of task ${taskId}: ${task.type}`, code: 'ENUM' }]);
      }
      // The method's own rules, by the one validator the workflow's Update validator and the web app's form run too: field errors at once, nothing sent.
      const errors = taskPayloadErrors(task.type as TaskType, payload, { today: dutchDate() });
      if (errors.length) throw ProblemException.validation(errors.map((e) => ({ ...e, field: `payload.${e.field}`, message: `payload.${e.message}` })));
      await this.checkWorkplaces(task.type as TaskType, payload);
      if (task.type === FOUR_EYES.decision && fourEyesRefuses(task.type, await this.tasks.fourEyes(candidateId), principal.userId)) {
        throw new ProblemException({
          type: ProblemType.FOUR_EYES_REQUIRED,
          title: problemTitle(HttpStatus.FORBIDDEN),
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

  /**
   * The caller's organisation's task, for an act on it. A host's access here rests on the task
   * being its own (and the journey open), not on its part as the read model tells it: a retry of
   * its decline whose first try's workflow task was lost must reach the workflow (DESIGN.md §5a).
   */
  private async ownTask(principal: Principal, candidateId: string, taskId: string): Promise<TaskRowRead> {
    // Read at once; the task's 404 still comes first, then the journey's (the consent still covers the caller's part).
    const [found, journey] = await Promise.allSettled([this.tasks.find(candidateId, taskId), this.access.journey(principal, candidateId, undefined, { ownTask: true })]);
    const task = this.access.task(principal, settled(found), taskId);
    settled(journey);
    return task;
  }
}

/**
 * The earlier answers a decision rests on: proposing orientations on the intake's goals;
 * concluding discover and the match on those and the orientations with their answers and
 * feedback; the outcome on the evaluations.
 */
const DISCOVERED: readonly AnswerType[] = ['intake.meeting', 'orientation.respond', 'orientation.feedback'];
const RESTS_ON: Partial<Record<string, readonly AnswerType[]>> = {
  'orientation.propose': DISCOVERED,
  'discover.conclude': DISCOVERED,
  'analyse.match': DISCOVERED,
  'placement.outcome': ['placement.evaluation'],
};

function answeredFacts(rows: AnswerRow[]): { goalCodes?: string[]; orientations?: OrientationDto[]; evaluations?: EvaluationDto[] } {
  const evaluations = rows
    .filter((r) => r.type === 'placement.evaluation' && r.actor_organisation_id)
    .map((r) => ({
      organisationId: r.actor_organisation_id!,
      rating: r.data.rating as number,
      progressCodes: (r.data.progressCodes as string[]) ?? [],
      continuePlacement: !!r.data.continuePlacement,
      at: r.occurred_at.toISOString(),
    }));
  if (evaluations.length) return { evaluations };
  const meeting = rows.filter((r) => r.type === 'intake.meeting').at(-1);
  const orientations = new Map<string, OrientationDto>();
  const at = (employerId: string) => orientations.get(employerId) ?? orientations.set(employerId, { employerId, feedback: [] }).get(employerId)!;
  for (const r of rows) {
    if (!r.employer_id) continue;
    const d = r.data;
    if (r.type === 'orientation.respond') {
      Object.assign(at(r.employer_id), {
        decision: d.decision as string,
        ...(d.reasonCode ? { reasonCode: d.reasonCode as string } : {}),
        ...(d.orientationDate ? { orientationDate: d.orientationDate as string } : {}),
      });
    } else if (r.type === 'orientation.feedback' && r.actor_organisation_id) {
      at(r.employer_id).feedback.push({ organisationId: r.actor_organisation_id, rating: d.rating as number, fitCodes: (d.fitCodes as string[]) ?? [], recommend: !!d.recommend });
    }
  }
  return { ...(meeting ? { goalCodes: (meeting.data.goalCodes as string[]) ?? [] } : {}), ...(orientations.size ? { orientations: [...orientations.values()] } : {}) };
}

const withPerson = (task: TaskDto, person: PersonDto | undefined): TaskDto => (person ? Object.assign(task, { person }) : task);

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
    throw ProblemException.validation([{ field: 'cursor', message: 'cursor must be a cursor returned by this endpoint', code: 'INVALID_CURSOR' }]);
  }
}
