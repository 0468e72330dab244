import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtension, ApiExtraModels, getSchemaPath, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PurposeQueryDto } from '../../../../libs/contracts/src/journey-read.dto';
import {
  BsnDto,
  ChainVerificationDto,
  ConsentLedgerDto,
  ConsentRecordedDto,
  EraseDto,
  ErasureDto,
  ExportQueryDto,
  FindByBsnDto,
  FoundByBsnDto,
  PlainAccessLogDto,
  RecordBsnDto,
  RecordConsentDto,
  RectifiedDto,
  RectifyCandidateDto,
  RetentionDto,
  SetRetentionDto,
  YoungPersonExportDto,
} from '../../../../libs/contracts/src/privacy.dto';
import { UserRole } from '../../../../libs/domain/src/organisation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { CaseWork, RequireRoles } from '../auth/roles.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { exportDocument, type YoungPersonExport } from './export-document';
import { PrivacyService } from './privacy.service';
import { uuidParam } from '../problem/uuid-param';

/**
 * The young person's privacy (AVG): consent, rectification, the export, their view of the access
 * log, erasure, the BSN; and the municipality's retention period and access log verification.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller()
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('journeys/:candidateId/consents')
  @CaseWork()
  @ApiOperation({ summary: 'The consent ledger: every version, and what each party may see now (municipality, care provider, referrer)' })
  @ApiOkResponse({ type: ConsentLedgerDto })
  @ApiProblems(400, 401, 403, 404, 503)
  consents(@CurrentPrincipal() p: Principal, @Param('candidateId', uuidParam('candidateId')) id: string, @Query() query: PurposeQueryDto): Promise<ConsentLedgerDto> {
    return this.privacy.consentLedger(p, id, query.purpose);
  }

  @Post('journeys/:candidateId/consents')
  @CaseWork()
  @ApiOperation({
    summary: 'Record a new version of the consent (given, narrowed, withdrawn for a party or a category, or withdrawn entirely)',
    description:
      'Takes effect on the next request of every party. Open tasks of a party that lost data go to the coordinator; withdrawing everything withdraws the journey.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ConsentRecordedDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async recordConsent(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: RecordConsentDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsentRecordedDto> {
    return answer(reply, await this.privacy.recordConsent(p, id, dto, request));
  }

  @Patch('journeys/:candidateId/candidate')
  @CaseWork()
  @ApiOperation({ summary: "Correct the young person's data (AVG art. 16) on the version last read; the history keeps old and new" })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: RectifiedDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async rectify(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: RectifyCandidateDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RectifiedDto> {
    return answer(reply, await this.privacy.rectify(p, id, dto, request));
  }

  @Get('journeys/:candidateId/export')
  @CaseWork()
  @ApiOperation({ summary: 'Everything held about the young person (AVG art. 15 and 20), as JSON or as a readable document in Dutch' })
  @ApiProduces('application/json', 'text/html')
  @ApiExtraModels(YoungPersonExportDto)
  @ApiOkResponse({
    description: 'The export (JSON), or with ?format=html the document',
    content: { 'application/json': { schema: { $ref: getSchemaPath(YoungPersonExportDto) } }, 'text/html': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<YoungPersonExport | string> {
    const data = await this.privacy.export(p, id);
    const name = `gegevens-${id}.${query.format === 'html' ? 'html' : 'json'}`;
    void reply.header('Content-Disposition', `attachment; filename="${name}"`).header('Cache-Control', 'no-store');
    if (query.format !== 'html') return data;
    void reply.type('text/html; charset=utf-8');
    return exportDocument(data);
  }

  @Get('journeys/:candidateId/access-log')
  @CaseWork()
  @ApiOperation({ summary: "Who looked at the young person's data, when and why, in plain Dutch (for the young person)" })
  @ApiOkResponse({ type: PlainAccessLogDto })
  @ApiProblems(400, 401, 403, 404, 503)
  plainAccessLog(@CurrentPrincipal() p: Principal, @Param('candidateId', uuidParam('candidateId')) id: string): Promise<PlainAccessLogDto> {
    return this.privacy.plainAccessLog(p, id);
  }

  @Get('access-log/verification')
  @RequireRoles(UserRole.COORDINATOR, UserRole.ADMIN)
  @ApiOperation({ summary: "Walk the municipality's access log chain and report the first broken link" })
  @ApiOkResponse({ type: ChainVerificationDto })
  @ApiProblems(401, 403, 503)
  verify(@CurrentPrincipal() p: Principal): Promise<ChainVerificationDto> {
    return this.privacy.verifyAccessLog(p);
  }

  @Post('journeys/:candidateId/erasure')
  @HttpCode(200)
  @RequireRoles(UserRole.COORDINATOR)
  @ApiOperation({ summary: "Erase the young person's personal data on request (municipality; closed journeys; the figures stay)" })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ErasureDto, description: 'What was erased (an erasure already done answers its record)' })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async erase(
    @CurrentPrincipal() p: Principal,
    @Param('candidateId', uuidParam('candidateId')) id: string,
    @Body() dto: EraseDto,
    @Idempotency() request: IdempotentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ErasureDto> {
    return answer(reply, await this.privacy.erase(p, id, dto.ground, request));
  }

  @Put('journeys/:candidateId/bsn')
  @HttpCode(204)
  @RequireRoles(UserRole.COORDINATOR)
  @ApiOperation({ summary: 'Record the BSN (municipality only; encrypted; never shown to other parties)' })
  @ApiNoContentResponse({ description: 'Recorded' })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  recordBsn(@CurrentPrincipal() p: Principal, @Param('candidateId', uuidParam('candidateId')) id: string, @Body() dto: RecordBsnDto): Promise<void> {
    return this.privacy.recordBsn(p, id, dto);
  }

  @Get('journeys/:candidateId/bsn')
  @RequireRoles(UserRole.COORDINATOR)
  @ApiOperation({ summary: 'The BSN (municipality only; access-logged with its purpose)' })
  @ApiOkResponse({ type: BsnDto })
  @ApiProblems(400, 401, 403, 404, 503)
  bsn(@CurrentPrincipal() p: Principal, @Param('candidateId', uuidParam('candidateId')) id: string, @Query() query: PurposeQueryDto): Promise<BsnDto> {
    return this.privacy.bsn(p, id, query.purpose);
  }

  @Post('journeys/find-by-bsn')
  @HttpCode(200)
  @RequireRoles(UserRole.COORDINATOR)
  @ApiOperation({
    summary: "Find the municipality's young person with a BSN (in the body, never in a URL)",
    description: 'A safe search, not a command: no Idempotency-Key (its store would keep a hash of the BSN).',
  })
  @ApiExtension('x-safe-query', true)
  @ApiOkResponse({ type: FoundByBsnDto })
  @ApiProblems(400, 401, 403, 404, 503)
  findByBsn(@CurrentPrincipal() p: Principal, @Body() dto: FindByBsnDto): Promise<FoundByBsnDto> {
    return this.privacy.findByBsn(p, dto);
  }

  @Get('privacy/retention')
  @RequireRoles(UserRole.COORDINATOR, UserRole.ADMIN)
  @ApiOperation({ summary: "The municipality's retention period: days after a journey closes before its personal data is erased" })
  @ApiOkResponse({ type: RetentionDto })
  @ApiProblems(401, 403, 503)
  retention(@CurrentPrincipal() p: Principal): Promise<RetentionDto> {
    return this.privacy.retention(p);
  }

  @Put('privacy/retention')
  @RequireRoles(UserRole.ADMIN)
  @ApiOperation({ summary: "Set the municipality's retention period (its admin); null returns to the default" })
  @ApiOkResponse({ type: RetentionDto })
  @ApiProblems(400, 401, 403, 503)
  setRetention(@CurrentPrincipal() p: Principal, @Body() dto: SetRetentionDto): Promise<RetentionDto> {
    return this.privacy.setRetention(p, dto.days ?? null);
  }
}
