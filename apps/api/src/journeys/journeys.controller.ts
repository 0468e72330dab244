import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
@Controller('journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Get(':candidateId')
  @ApiOperation({ summary: "A young person's journey: current step and status" })
  @ApiOkResponse({ type: JourneyDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('candidateId', uuidParam) candidateId: string): Promise<JourneyDto> {
    return this.journeys.get(principal, candidateId);
  }
}
