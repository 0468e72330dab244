import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChangeFirmWorkerDto, CreateFirmWorkerDto, EndFirmWorkerDto, FirmWorkerDto, FirmWorkerListDto, InclusionListDto, InclusionQueryDto } from '../../../../libs/contracts/src/venue.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { CSV_CONTENT, csvReply } from '../common/csv-reply';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { SocialFirmService } from './social-firm.service';
import { uuidParam } from '../problem/uuid-param';

@ApiTags('venues')
@ApiBearerAuth()
@Controller()
export class SocialFirmController {
  constructor(private readonly firm: SocialFirmService) {}

  @Post('social-firm-workers')
  @ApiOperation({ summary: "A worker enters the Social Firm's register (employment form, hours a week, target-group register; never the BSN)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FirmWorkerDto })
  @ApiProblems(400, 401, 409, 422, 503)
  async register(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFirmWorkerDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<FirmWorkerDto> {
    return answer(reply, await this.firm.register(principal, dto, request));
  }

  @Post('social-firm-workers/:id/changes')
  @ApiOperation({ summary: 'New terms of a register entry from a day (employment form, contract or paid hours) with the reason; kept beside the registration, never overwriting it' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FirmWorkerDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async change(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangeFirmWorkerDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FirmWorkerDto> {
    return answer(reply, await this.firm.changeWorker(principal, id, dto, request));
  }

  @Post('social-firm-workers/:id/end')
  @ApiOperation({ summary: "The end of a register entry's employment (its last day) with the reason; once" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FirmWorkerDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async end(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: EndFirmWorkerDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FirmWorkerDto> {
    return answer(reply, await this.firm.endWorker(principal, id, dto, request));
  }

  @Get('social-firm-workers')
  @ApiOperation({ summary: "The firm's own register, journeys placed at it included (the firm only)" })
  @ApiOkResponse({ type: FirmWorkerListDto })
  @ApiProblems(401, 403, 503)
  workers(@CurrentPrincipal() principal: Principal): Promise<FirmWorkerListDto> {
    return this.firm.workers(principal);
  }

  @Get('social-firm-inclusion')
  @ApiOperation({ summary: "A month's inclusion share by headcount and hours against the target (the market's beside it) and the banenafspraak jobs (the firm its own, a coordinator its area)" })
  @ApiOkResponse({ type: InclusionListDto })
  @ApiProblems(400, 401, 403, 503)
  inclusion(@CurrentPrincipal() principal: Principal, @Query() query: InclusionQueryDto): Promise<InclusionListDto> {
    return this.firm.inclusion(principal, query);
  }

  @Get('social-firm-inclusion.csv')
  @ApiOperation({ summary: 'The inclusion figures as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (RFC 4180, UTF-8 with BOM)', content: CSV_CONTENT })
  @ApiProblems(400, 401, 403, 503)
  async inclusionCsv(@CurrentPrincipal() principal: Principal, @Query() query: InclusionQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.firm.inclusionCsv(principal, query);
    return csvReply(reply, `social-firm-inclusion-${query.month}`, { csv: body });
  }
}
