import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessLogPageDto,
  AccessLogQueryDto,
  PurposeQueryDto,
  CandidateDetailsViewDto,
  DuplicatesDto,
  TimelinePageDto,
  TimelineQueryDto,
} from '../../../../libs/contracts/src/journey-read.dto';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import { CaseWork, RequireRoles } from '../auth/roles.decorator';
import { UserRole } from '../../../../libs/domain/src/organisation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../problem/problem';
import { JourneyActDto, ReassignTaskDto, TaskActResultDto, TransferDto } from '../../../../libs/contracts/src/task.dto';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { JourneysService } from './journeys.service';
import { uuidParam } from '../problem/uuid-param';

const TASK_ID = /^[a-z.-]{3,40}#\d{1,9}$/;
const taskIdParam = {
  transform: (value: string): string => {
    if (!TASK_ID.test(value)) throw ProblemException.validation([{ field: 'taskId', message: 'taskId must look like intake.accept#1', code: 'FORMAT_TASK_ID' }]);
    return value;
  },
};

@ApiTags('journeys')
@ApiBearerAuth()
@CaseWork()
@Controller()
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Get('journeys/:candidateId')
  @ApiOperation({ summary: "A young person's journey: current step and status (parties of the journey only)" })
  @ApiOkResponse({ type: JourneyDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam('candidateId')) candidateId: string): Promise<JourneyDto> {
    return this.journeys.get(principal, candidateId);
  }

  @Get('journeys/:candidateId/timeline')
  @ApiOperation({ summary: 'What happened on a journey, who did it and when (an employer sees what concerns it)' })
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiProblems(400, 401, 404, 503)
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Query() query: TimelineQueryDto,
  ): Promise<TimelinePageDto> {
    return this.journeys.timeline(principal, candidateId, query);
  }

  @Get('journeys/:candidateId/candidate')
  @ApiOperation({ summary: "The young person's personal data, as much as the caller needs; every read is access-logged" })
  @ApiOkResponse({ type: CandidateDetailsViewDto })
  @ApiProblems(400, 401, 404, 503)
  candidate(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Query() query: PurposeQueryDto,
  ): Promise<CandidateDetailsViewDto> {
    return this.journeys.candidate(principal, candidateId, query.purpose);
  }

  @Get('journeys/:candidateId/duplicates')
  @ApiOperation({
    summary:
      'Other open journeys of the municipality with the same name and date of birth (possibly referred twice): how many, and the ones the caller takes part in (municipality, care provider, referrer; access-logged)',
  })
  @ApiOkResponse({ type: DuplicatesDto })
  @ApiProblems(400, 401, 403, 404, 503)
  duplicates(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam('candidateId')) candidateId: string): Promise<DuplicatesDto> {
    return this.journeys.duplicates(principal, candidateId);
  }

  @Get('access-log')
  @RequireRoles(UserRole.COORDINATOR, UserRole.ADMIN)
  @ApiOperation({ summary: "Who read the personal data of the municipality's young people, when, through which endpoint" })
  @ApiOkResponse({ type: AccessLogPageDto })
  @ApiProblems(400, 401, 403, 503)
  accessLog(@CurrentPrincipal() principal: Principal, @Query() query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    return this.journeys.accessLog(principal, query);
  }

  @Post('journeys/:candidateId/tasks/:taskId/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to another organisation or person (the municipal coordinator)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async reassign(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Param('taskId', taskIdParam) taskId: string,
    @Body() dto: ReassignTaskDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.reassign(principal, candidateId, taskId, dto, request));
  }

  @Post('journeys/:candidateId/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer the journey to another care provider (the municipality)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async transfer(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam('candidateId')) candidateId: string,
    @Body() dto: TransferDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.transfer(principal, candidateId, dto, request));
  }

  @Post('journeys/:candidateId/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a journey: due dates and timers stand still (municipality, care provider)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async pause(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: JourneyActDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.act(p, id, 'pause', dto, request));
  }

  @Post('journeys/:candidateId/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused journey (municipality, care provider)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async resume(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: JourneyActDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.act(p, id, 'resume', dto, request));
  }

  @Post('journeys/:candidateId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a withdrawal: consent revoked (municipality, care provider, referrer)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async withdraw(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: JourneyActDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.act(p, id, 'withdraw', dto, request));
  }

  @Post('journeys/:candidateId/referral-error')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that the referral was made in error (aanmelding ten onrechte): closes the journey as withdrawn with reason REFERRED_IN_ERROR (municipality, care provider, referrer)',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async referralError(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.act(p, id, 'referral-error', {}, request));
  }

  @Post('journeys/:candidateId/exit')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a journey (municipality)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: TaskActResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async exit(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: JourneyActDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TaskActResultDto> {
    return answer(reply, await this.journeys.act(p, id, 'exit', dto, request));
  }
}
