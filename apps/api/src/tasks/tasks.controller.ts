import { TaskPurposeQueryDto } from '../../../../libs/contracts/src/journey-read.dto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompleteTaskDto, InboxQueryDto, TaskActResultDto, TaskDetailDto, TaskPageDto } from '../../../../libs/contracts/src/task.dto';
import { CaseWork } from '../auth/roles.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { ProblemException } from '../problem/problem';
import { TasksService } from './tasks.service';
import { uuidParam } from '../problem/uuid-param';

const TASK_ID = /^[a-z.-]{3,40}#\d{1,9}$/;
const taskIdParam = {
  transform: (value: string): string => {
    if (!TASK_ID.test(value)) throw ProblemException.validation([{ field: 'taskId', message: 'taskId must look like intake.accept#1', code: 'FORMAT_TASK_ID' }]);
    return value;
  },
};

@ApiTags('tasks')
@ApiBearerAuth()
@CaseWork()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('tasks')
  @ApiOperation({ summary: "The caller's organisation's task inbox, by due date" })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiProblems(400, 401, 503)
  inbox(@CurrentPrincipal() principal: Principal, @Query() query: InboxQueryDto): Promise<TaskPageDto> {
    return this.tasks.inbox(principal, query);
  }

  @Get('journeys/:candidateId/tasks')
  @ApiOperation({ summary: "A journey's open tasks, by due date: the municipality sees every party's (ids and dates only), another party its own" })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiProblems(400, 401, 404, 503)
  openOfJourney(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam('candidateId')) candidateId: string): Promise<TaskPageDto> {
    return this.tasks.openOfJourney(principal, candidateId);
  }

  @Get('journeys/:candidateId/tasks/:taskId')
  @ApiOperation({
    summary: 'A task with what its assignee needs to decide it (an employer: work profile and agreed support only)',
    description: 'The work profile and the agreed support are personal data: shown as far as the consent allows for the purpose named, and access-logged.',
  })
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiProblems(400, 401, 404, 503)
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Param('taskId', taskIdParam) taskId: string,
    @Query() query: TaskPurposeQueryDto,
  ): Promise<TaskDetailDto> {
    return this.tasks.detail(principal, candidateId, taskId, query.purpose);
  }

  @Post('journeys/:candidateId/tasks/:taskId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a task with its payload; the same Idempotency-Key again returns the first result' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async complete(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Param('taskId', taskIdParam) taskId: string,
    @Body() body: CompleteTaskDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.tasks.complete(principal, candidateId, taskId, body, request));
  }

  @Post('journeys/:candidateId/tasks/:taskId/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task for the calling user' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async claim(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Param('taskId', taskIdParam) taskId: string,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.tasks.claim(principal, candidateId, taskId, request));
  }

  @Post('journeys/:candidateId/tasks/:taskId/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a claimed task' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async unclaim(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Param('taskId', taskIdParam) taskId: string,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.tasks.unclaim(principal, candidateId, taskId, request));
  }
}
