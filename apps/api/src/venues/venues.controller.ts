import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CompleteVenueTaskDto,
  CreateMemberDto,
  CreateVenueDto,
  MemberDto,
  MemberListDto,
  MemberQueryDto,
  RecordRuleDto,
  RecordStatementDto,
  RecordVenueDataDto,
  RuleDto,
  RuleListDto,
  RuleQueryDto,
  SettlementListDto,
  SettlementQueryDto,
  StatementDto,
  VenueDataVersionDto,
  VenueDataVersionListDto,
  VenueDto,
  VenuePageDto,
  VenueQueryDto,
  VenueTaskDto,
  VenueTaskListDto,
  VenueTaskQueryDto,
} from '../../../../libs/contracts/src/venue.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { CSV_CONTENT, csvReply } from '../common/csv-reply';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { VenuesService } from './venues.service';
import { uuidParam } from '../problem/uuid-param';

@ApiTags('venues')
@ApiBearerAuth()
@Controller()
export class VenuesController {
  constructor(private readonly venues: VenuesService) {}

  @Post('venues')
  @ApiOperation({ summary: "Register a placement venue of a kind with its kind's data in your area (municipality coordinator or admin)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: VenueDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateVenueDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<VenueDto> {
    const result = await this.venues.create(principal, dto, request);
    return answer(reply, result, `/venues/${result.body.id}`);
  }

  @Get('venues')
  @ApiOperation({ summary: 'Venues of your municipality (a venue: only itself)' })
  @ApiOkResponse({ type: VenuePageDto })
  @ApiProblems(400, 401, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: VenueQueryDto): Promise<VenuePageDto> {
    return this.venues.list(principal, query);
  }

  @Get('venues/:id')
  @ApiOperation({ summary: 'One venue' })
  @ApiOkResponse({ type: VenueDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<VenueDto> {
    return this.venues.get(principal, id);
  }

  @Post('venues/:id/data-versions')
  @ApiOperation({ summary: "A dated version of a venue's kind data (e.g. a cooperative's benefit level) valid from a day, with the reason; the months from then are settled with it, nothing is overwritten (municipality coordinator or admin)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: VenueDataVersionDto })
  @ApiProblems(400, 401, 403, 404, 422, 503)
  async recordData(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordVenueDataDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VenueDataVersionDto> {
    return answer(reply, await this.venues.recordData(principal, id, dto, request));
  }

  @Get('venues/:id/data-versions')
  @ApiOperation({ summary: "Every dated version of a venue's kind data (the venue itself, its municipality)" })
  @ApiOkResponse({ type: VenueDataVersionListDto })
  @ApiProblems(400, 401, 404, 503)
  dataVersions(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<VenueDataVersionListDto> {
    return this.venues.dataVersions(principal, id);
  }

  @Get('venue-rules')
  @ApiOperation({ summary: "The dated rule tables in use: the national rows and your municipality's own, every version" })
  @ApiOkResponse({ type: RuleListDto })
  @ApiProblems(400, 401, 503)
  rules(@CurrentPrincipal() principal: Principal, @Query() query: RuleQueryDto): Promise<RuleListDto> {
    return this.venues.rules(principal, query);
  }

  @Post('venue-rules')
  @ApiOperation({ summary: 'A new dated rule of your municipality, or a correction: a new version of the same validity with its reason, never an overwrite' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: RuleDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async recordRule(@CurrentPrincipal() principal: Principal, @Body() dto: RecordRuleDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RuleDto> {
    return answer(reply, await this.venues.recordRule(principal, dto, request));
  }

  @Post('cooperative-members')
  @ApiOperation({ summary: "A member on social assistance joins a social cooperative with the municipality's recorded consent (coordinator)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: MemberDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async createMember(@CurrentPrincipal() principal: Principal, @Body() dto: CreateMemberDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<MemberDto> {
    return answer(reply, await this.venues.createMember(principal, dto, request));
  }

  @Get('cooperative-members')
  @ApiOperation({ summary: "A cooperative's own members; a coordinator's: those of its area (access-logged)" })
  @ApiOkResponse({ type: MemberListDto })
  @ApiProblems(400, 401, 403, 503)
  members(@CurrentPrincipal() principal: Principal, @Query() query: MemberQueryDto): Promise<MemberListDto> {
    return this.venues.members(principal, query);
  }

  @Get('cooperative-members/:id/statements')
  @ApiOperation({ summary: "Every version of a member's monthly statements (access-logged)" })
  @ApiOkResponse({ type: [StatementDto] })
  @ApiProblems(400, 401, 403, 404, 503)
  statements(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<StatementDto[]> {
    return this.venues.statements(principal, id);
  }

  @Post('cooperative-statements')
  @ApiOperation({ summary: "The cooperative's statement of a member's month; a second one for the month is a correction and needs a reason (409 without)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: StatementDto })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  async recordStatement(@CurrentPrincipal() principal: Principal, @Body() dto: RecordStatementDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<StatementDto> {
    return answer(reply, await this.venues.recordStatement(principal, dto, request));
  }

  @Get('cooperative-settlements')
  @ApiOperation({ summary: 'The income settlement per member and month: exemption applied, set off against the benefit, months used, the run at or above the benefit level (coordinator)' })
  @ApiOkResponse({ type: SettlementListDto })
  @ApiProblems(400, 401, 403, 503)
  settlements(@CurrentPrincipal() principal: Principal, @Query() query: SettlementQueryDto): Promise<SettlementListDto> {
    return this.venues.settlements(principal, query);
  }

  @Get('cooperative-settlements.csv')
  @ApiOperation({ summary: "The municipality's monthly settlement report as CSV (coordinator)" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (RFC 4180, UTF-8 with BOM), amounts in euro cents', content: CSV_CONTENT })
  @ApiProblems(400, 401, 403, 503)
  async settlementsCsv(@CurrentPrincipal() principal: Principal, @Query() query: SettlementQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.venues.settlementsCsv(principal, query);
    return csvReply(reply, `cooperative-settlements${query.month ? `-${query.month}` : ''}`, { csv: body });
  }

  @Get('venue-tasks')
  @ApiOperation({ summary: "Your organisation's venue tasks: a cooperative's monthly statements due; a coordinator's late statements (escalated) and outflow reviews" })
  @ApiOkResponse({ type: VenueTaskListDto })
  @ApiProblems(400, 401, 503)
  tasks(@CurrentPrincipal() principal: Principal, @Query() query: VenueTaskQueryDto): Promise<VenueTaskListDto> {
    return this.venues.tasks(principal, query);
  }

  @Post('venue-tasks/:id/complete')
  @ApiOperation({ summary: 'The coordinator decides an outflow review (a statement task closes with its statement)' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: VenueTaskDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async completeTask(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: CompleteVenueTaskDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<VenueTaskDto> {
    return answer(reply, await this.venues.completeTask(principal, id, dto, request));
  }
}
