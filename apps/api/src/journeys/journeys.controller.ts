import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../problem/problem';
import { JourneysService } from './journeys.service';

const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => ProblemException.validation([{ field: 'candidateId', message: 'candidateId must be a UUID' }]),
});

@ApiTags('journeys')
@Controller('journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Get(':candidateId')
  @ApiOperation({ summary: "A young person's journey: current step and status" })
  @ApiOkResponse({ type: JourneyDto })
  @ApiProblems(400, 404, 503)
  get(@Param('candidateId', uuidParam) candidateId: string): Promise<JourneyDto> {
    return this.journeys.get(candidateId);
  }
}
