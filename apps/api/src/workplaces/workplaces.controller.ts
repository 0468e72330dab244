import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CreateWorkplaceDto,
  PlacementPageDto,
  UpdateWorkplaceDto,
  WorkplaceDto,
  WorkplacePageDto,
  WorkplaceQueryDto,
} from '../../../../libs/contracts/src/workplace.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { WorkplacesService } from './workplaces.service';
import { uuidParam } from '../problem/uuid-param';

@ApiTags('employers')
@ApiBearerAuth()
@Controller()
export class WorkplacesController {
  constructor(private readonly workplaces: WorkplacesService) {}

  @Post('workplaces')
  @ApiOperation({ summary: 'An employer offers a workplace (what, where, hours, capacity, support on site)' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: WorkplaceDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateWorkplaceDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkplaceDto> {
    const result = await this.workplaces.create(principal, dto, request);
    return answer(reply, result, `/workplaces/${result.body.id}`);
  }

  @Get('workplaces')
  @ApiOperation({ summary: "Workplaces: an employer's own; for other parties those of their municipality" })
  @ApiOkResponse({ type: WorkplacePageDto })
  @ApiProblems(400, 401, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: WorkplaceQueryDto): Promise<WorkplacePageDto> {
    return this.workplaces.list(principal, query);
  }

  @Get('workplaces/:id')
  @ApiOperation({ summary: 'One workplace' })
  @ApiOkResponse({ type: WorkplaceDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<WorkplaceDto> {
    return this.workplaces.get(principal, id);
  }

  @Patch('workplaces/:id')
  @ApiOperation({ summary: 'Change a workplace (its employer only), based on the version last read' })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: WorkplaceDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateWorkplaceDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkplaceDto> {
    return answer(reply, await this.workplaces.update(principal, id, dto, request));
  }

  @Get('placements')
  @ApiOperation({ summary: "An employer's running placements and jobs (a municipality: all of its own)" })
  @ApiOkResponse({ type: PlacementPageDto })
  @ApiProblems(401, 403, 503)
  placements(@CurrentPrincipal() principal: Principal): Promise<PlacementPageDto> {
    return this.workplaces.placements(principal);
  }
}
