import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MunicipalityQueryDto, OrganisationPageDto, RegisterMunicipalityDto, RegisteredMunicipalityDto } from '../../../../libs/contracts/src/organisation.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { OrganisationsService } from './organisations.service';

/** Municipalities, registered by the platform's admins (see scripts/platform-admin.ts for the first). */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @ApiOperation({ summary: 'Register a municipality with its first admin (platform admin)' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: RegisteredMunicipalityDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: RegisterMunicipalityDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegisteredMunicipalityDto> {
    const result = await this.organisations.registerMunicipality(principal, dto, request);
    return answer(reply, result, `/organisations/${result.body.municipality.id}`);
  }

  @Get()
  @ApiOperation({ summary: 'Every municipality (platform admin)' })
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@CurrentPrincipal() principal: Principal, @Query() query: MunicipalityQueryDto): Promise<OrganisationPageDto> {
    return this.organisations.municipalities(principal, query);
  }
}
