import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessLogPageDto,
  AccessLogQueryDto,
  CandidateDetailsViewDto,
  TimelinePageDto,
  TimelineQueryDto,
} from '../../../../libs/contracts/src/journey-read.dto';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../problem/problem';
import { JourneysService } from './journeys.service';

const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => ProblemException.validation([{ field: 'candidateId', message: 'candidateId must be a UUID' }]),
});

@ApiTags('journeys')
@ApiBearerAuth()
@Controller()
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Get('journeys/:candidateId')
  @ApiOperation({ summary: "A young person's journey: current step and status (parties of the journey only)" })
  @ApiOkResponse({ type: JourneyDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam) candidateId: string): Promise<JourneyDto> {
    return this.journeys.get(principal, candidateId);
  }

  @Get('journeys/:candidateId/timeline')
  @ApiOperation({ summary: 'What happened on a journey, who did it and when (an employer sees what concerns it)' })
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiProblems(400, 401, 404, 503)
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('candidateId', uuidParam) candidateId: string,
    @Query() query: TimelineQueryDto,
  ): Promise<TimelinePageDto> {
    return this.journeys.timeline(principal, candidateId, query);
  }

  @Get('journeys/:candidateId/candidate')
  @ApiOperation({ summary: "The young person's personal data, as much as the caller needs; every read is access-logged" })
  @ApiOkResponse({ type: CandidateDetailsViewDto })
  @ApiProblems(400, 401, 404, 503)
  candidate(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam) candidateId: string): Promise<CandidateDetailsViewDto> {
    return this.journeys.candidate(principal, candidateId);
  }

  @Get('access-log')
  @ApiOperation({ summary: "Who read the personal data of the municipality's young people, when, through which endpoint" })
  @ApiOkResponse({ type: AccessLogPageDto })
  @ApiProblems(400, 401, 403, 503)
  accessLog(@CurrentPrincipal() principal: Principal, @Query() query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    return this.journeys.accessLog(principal, query);
  }
}
