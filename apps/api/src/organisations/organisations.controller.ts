import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CreateOrganisationDto,
  CreateUserDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  UpdateOrganisationDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
} from '../../../../libs/contracts/src/organisation.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { OrganisationsService } from './organisations.service';
import { uuidParam } from '../problem/uuid-param';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'Organisations of your municipality (an employer: only itself)' })
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiProblems(400, 401, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrganisationQueryDto): Promise<OrganisationPageDto> {
    return this.organisations.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: "Register a care provider, school or employer in your municipality's area (municipality admin)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrganisationDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationDto> {
    const result = await this.organisations.create(principal, dto, request);
    return answer(reply, result, `/organisations/${result.body.id}`);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 404, 503)
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<OrganisationDto> {
    return this.organisations.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Rename an organisation (its admin) or (de)activate it (the municipality's admin), based on the version last read" })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: UpdateOrganisationDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganisationDto> {
    return answer(reply, await this.organisations.update(principal, id, dto, request));
  }

  @Get(':id/users')
  @ApiOperation({ summary: "An organisation's users (its admin or its municipality's admin)" })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403, 404, 503)
  users(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string, @Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.organisations.users(principal, id, query);
  }

  @Post(':id/users')
  @ApiOperation({ summary: 'Add a user with roles the organisation type allows' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async createUser(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateUserDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    const result = await this.organisations.createUser(principal, id, dto, request);
    return answer(reply, result, `/organisations/${id}/users/${result.body.id}`);
  }

  @Get(':id/users/:userId')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 503)
  user(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string, @Param('userId', uuidParam('userId')) userId: string): Promise<UserDto> {
    return this.organisations.user(principal, id, userId);
  }

  @Patch(':id/users/:userId')
  @ApiOperation({ summary: "Change a user's name, email or roles, or (de)activate the user, based on the version last read" })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async updateUser(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() dto: UpdateUserDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserDto> {
    return answer(reply, await this.organisations.updateUser(principal, id, userId, dto, request));
  }
}
