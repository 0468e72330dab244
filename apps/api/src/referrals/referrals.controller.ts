import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CreateReferralDto, ReferralCreatedDto, ReferralPageDto, ReferralQueryDto } from '../../../../libs/contracts/src/referral.dto';
import { CaseWork } from '../auth/roles.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { ReferralsService } from './referrals.service';

@ApiTags('referrals')
@ApiBearerAuth()
@CaseWork()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @ApiOperation({ summary: 'Refer a young person (aanmelden); starts the journey in the connect step' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ReferralCreatedDto, description: 'Referral recorded and journey started (or replayed)' })
  @ApiProblems(400, 401, 403, 422, 503)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateReferralDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReferralCreatedDto> {
    const result = await this.referrals.refer(principal, dto, request);
    return answer(reply, result, `/journeys/${result.body.candidateId}`);
  }

  @Get()
  @ApiOperation({
    summary: "Referrals, newest first: a municipality's (its area; accept or reject through the intake.accept task), a school's own, a care provider's clients",
  })
  @ApiOkResponse({ type: ReferralPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ReferralQueryDto): Promise<ReferralPageDto> {
    return this.referrals.list(principal, query);
  }
}
