import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  BookingDto,
  CreateBookingDto,
  CreateFlexServiceDto,
  FlexMonthDto,
  FlexMonthListDto,
  FlexMonthQueryDto,
  FlexServiceDto,
  FlexServiceListDto,
  OccupancyDto,
  OccupancyQueryDto,
  RecordFlexRevenueDto,
} from '../../../../libs/contracts/src/venue.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { FlexWorkspaceService } from './flex-workspace.service';

@ApiTags('venues')
@ApiBearerAuth()
@Controller()
export class FlexWorkspaceController {
  constructor(private readonly flex: FlexWorkspaceService) {}

  @Post('flex-bookings')
  @ApiOperation({ summary: 'The flex-work space books a half-day seat for a participant (reserved social share) or a market tenant; a full slot is 409' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: BookingDto })
  @ApiProblems(400, 401, 409, 422, 503)
  async book(@CurrentPrincipal() principal: Principal, @Body() dto: CreateBookingDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<BookingDto> {
    return answer(reply, await this.flex.book(principal, dto, request));
  }

  @Get('flex-occupancy')
  @ApiOperation({ summary: 'Occupancy per half-day slot of a flex-work space (the space itself, its municipality)' })
  @ApiOkResponse({ type: OccupancyDto })
  @ApiProblems(400, 401, 404, 503)
  occupancy(@CurrentPrincipal() principal: Principal, @Query() query: OccupancyQueryDto): Promise<OccupancyDto> {
    return this.flex.occupancy(principal, query);
  }

  @Post('flex-revenue')
  @ApiOperation({ summary: "A participant's net revenue of a month; a second one for the month is a correction and needs a reason (409 without)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FlexMonthDto })
  @ApiProblems(400, 401, 409, 422, 503)
  async recordRevenue(@CurrentPrincipal() principal: Principal, @Body() dto: RecordFlexRevenueDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<FlexMonthDto> {
    return answer(reply, await this.flex.recordRevenue(principal, dto, request));
  }

  @Get('flex-revenue')
  @ApiOperation({ summary: "Each participant's months: goal, contribution due, outflow to consider (the space its own, a coordinator its area; access-logged)" })
  @ApiOkResponse({ type: FlexMonthListDto })
  @ApiProblems(400, 401, 403, 503)
  revenue(@CurrentPrincipal() principal: Principal, @Query() query: FlexMonthQueryDto): Promise<FlexMonthListDto> {
    return this.flex.revenue(principal, query);
  }

  @Post('flex-services')
  @ApiOperation({ summary: 'A central service a participant offers, with a social and a market rate' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: FlexServiceDto })
  @ApiProblems(400, 401, 422, 503)
  async createService(@CurrentPrincipal() principal: Principal, @Body() dto: CreateFlexServiceDto, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<FlexServiceDto> {
    return answer(reply, await this.flex.createService(principal, dto, request));
  }

  @Get('flex-services')
  @ApiOperation({ summary: 'The central services offered (the space its own, a coordinator its area)' })
  @ApiOkResponse({ type: FlexServiceListDto })
  @ApiProblems(401, 403, 503)
  services(@CurrentPrincipal() principal: Principal): Promise<FlexServiceListDto> {
    return this.flex.services(principal);
  }
}
