import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  OverdueTaskPageDto,
  OverdueTasksCsvQueryDto,
  OverdueTasksQueryDto,
  PipelineFilterDto,
  PipelinePageQueryDto,
  PipelineSummaryCsvQueryDto,
  PipelineSummaryDto,
  ReconciliationDto,
  ReconciliationFindingPageDto,
  ReconciliationPageDto,
  StuckJourneyPageDto,
  StuckJourneysCsvQueryDto,
  StuckJourneysQueryDto,
} from '../../../../libs/contracts/src/pipeline.dto';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/api-problems.decorator';
import { CSV_CONTENT, csvReply } from '../common/csv-reply';
import { answer, ApiIdempotencyKey, Idempotency, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { PipelineService } from './pipeline.service';
import { uuidParam } from '../problem/uuid-param';

/** The same query with the next page's cursor (last, so the rest reads as the caller wrote it). */
function withCursor(path: string, query: object, cursor: string): string {
  const rest = Object.entries(query).filter(([k, v]) => k !== 'cursor' && v !== undefined);
  const params = new URLSearchParams([...rest.map(([k, v]): [string, string] => [k, String(v)]), ['cursor', cursor]]);
  return `${path}?${params.toString()}`;
}

@ApiTags('pipeline')
@ApiBearerAuth()
@Controller('pipeline')
export class PipelineController {
  constructor(private readonly pipeline: PipelineService) {}

  @Get('summary')
  @ApiOperation({
    summary: 'The municipality\'s pipeline: journeys per step, phase and party, conversion, flow times, tasks per party, outcomes and routes (coordinators)',
    description:
      'Journey filters (cohort, careProvider, employer) select journeys; the period (from, to) selects when arrivals, steps left and outcomes happened. ' +
      'Counts per step, phase, party and task are as of now.',
  })
  @ApiOkResponse({ type: PipelineSummaryDto })
  @ApiProblems(400, 401, 403, 503)
  summary(@CurrentPrincipal() principal: Principal, @Query() query: PipelineFilterDto): Promise<PipelineSummaryDto> {
    return this.pipeline.summary(principal, query);
  }

  @Get('summary.csv')
  @ApiOperation({
    summary: 'The summary as CSV: one row per figure (section, key, name, measure, value)',
    description: 'locale=nl gives what Dutch Excel opens in columns: semicolons, decimal commas, Dutch headers and names (Onderdeel, Code, Naam, Maat, Waarde); the default stays English with commas.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: CSV_CONTENT })
  @ApiProblems(400, 401, 403, 503)
  async summaryCsv(@CurrentPrincipal() principal: Principal, @Query() query: PipelineSummaryCsvQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { locale, ...filter } = query;
    return csvReply(reply, locale === 'nl' ? 'pijplijn' : 'pipeline-summary', { csv: await this.pipeline.summaryCsv(principal, filter, locale ?? 'en') });
  }

  @Get('stuck-journeys')
  @ApiOperation({ summary: 'Active journeys without progress for `days` days, longest first, each with its timeline link' })
  @ApiOkResponse({ type: StuckJourneyPageDto })
  @ApiProblems(400, 401, 403, 503)
  stuck(@CurrentPrincipal() principal: Principal, @Query() query: StuckJourneysQueryDto): Promise<StuckJourneyPageDto> {
    return this.pipeline.stuck(principal, query);
  }

  @Get('stuck-journeys.csv')
  @ApiOperation({ summary: 'Stuck journeys as CSV (up to `limit` rows; a Link header names the next page)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: CSV_CONTENT })
  @ApiProblems(400, 401, 403, 503)
  async stuckCsv(@CurrentPrincipal() principal: Principal, @Query() query: StuckJourneysCsvQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return csvReply(reply, 'stuck-journeys', await this.pipeline.stuckCsv(principal, query), (cursor) => withCursor('/pipeline/stuck-journeys.csv', query, cursor));
  }

  @Get('overdue-tasks')
  @ApiOperation({ summary: 'Open tasks past their due date, by party (`party`), longest overdue first, each with its timeline link' })
  @ApiOkResponse({ type: OverdueTaskPageDto })
  @ApiProblems(400, 401, 403, 503)
  overdue(@CurrentPrincipal() principal: Principal, @Query() query: OverdueTasksQueryDto): Promise<OverdueTaskPageDto> {
    return this.pipeline.overdue(principal, query);
  }

  @Get('overdue-tasks.csv')
  @ApiOperation({ summary: 'Overdue tasks as CSV (up to `limit` rows; a Link header names the next page)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ content: CSV_CONTENT })
  @ApiProblems(400, 401, 403, 503)
  async overdueCsv(@CurrentPrincipal() principal: Principal, @Query() query: OverdueTasksCsvQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return csvReply(reply, 'overdue-tasks', await this.pipeline.overdueCsv(principal, query), (cursor) => withCursor('/pipeline/overdue-tasks.csv', query, cursor));
  }

  @Post('reconciliations')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Compare the read model of the municipality with its journey workflows now, and repair any drift',
    description: 'Runs as a Temporal workflow (the same one the nightly schedule starts); follow it at the returned Location.',
  })
  @ApiIdempotencyKey()
  @ApiAcceptedResponse({ type: ReconciliationDto })
  @ApiProblems(400, 401, 403, 422, 503)
  async reconcile(@CurrentPrincipal() principal: Principal, @Idempotency() request: IdempotentRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReconciliationDto> {
    const result = await this.pipeline.reconcile(principal, request);
    return answer(reply, result, `/pipeline/reconciliations/${result.body.id}`);
  }

  @Get('reconciliations')
  @ApiOperation({ summary: "The municipality's reconciliations, newest first (scheduled and on demand)" })
  @ApiOkResponse({ type: ReconciliationPageDto })
  @ApiProblems(400, 401, 403, 503)
  reconciliations(@CurrentPrincipal() principal: Principal, @Query() query: PipelinePageQueryDto): Promise<ReconciliationPageDto> {
    return this.pipeline.reconciliations(principal, query);
  }

  @Get('reconciliations/:id')
  @ApiOperation({ summary: 'One reconciliation: how many journeys it compared, what it found and what it fixed' })
  @ApiOkResponse({ type: ReconciliationDto })
  @ApiProblems(400, 401, 403, 404, 503)
  reconciliation(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string): Promise<ReconciliationDto> {
    return this.pipeline.reconciliation(principal, id);
  }

  @Get('reconciliations/:id/findings')
  @ApiOperation({ summary: "A reconciliation's findings: per journey, what differed from its workflow and whether it was repaired" })
  @ApiOkResponse({ type: ReconciliationFindingPageDto })
  @ApiProblems(400, 401, 403, 404, 503)
  findings(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('id')) id: string, @Query() query: PipelinePageQueryDto): Promise<ReconciliationFindingPageDto> {
    return this.pipeline.findings(principal, id, query);
  }
}
