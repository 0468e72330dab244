import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { toInt } from './field-rules';
import { VENUE_KINDS } from '../../domain/src/venues/kinds';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = /^[A-Za-z0-9_-]+$/;

/**
 * Which journeys and which period a pipeline figure covers. The journey filters (cohort, care
 * provider, employer) select journeys; the period (from/to, dates in Europe/Amsterdam, both
 * inclusive) selects when things happened: arrivals at a step, steps left, outcomes.
 */
export class PipelineFilterDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day of the period (inclusive)' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day of the period (inclusive)' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;

  @ApiPropertyOptional({ example: '2026-11', description: 'Referral cohort: journeys referred in this month' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'cohort must be a month (YYYY-MM)' })
  cohort?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Journeys with this care provider' })
  @IsOptional()
  @IsUUID()
  careProvider?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Journeys this employer takes or took part in' })
  @IsOptional()
  @IsUUID()
  employer?: string;
}

/** A CSV download's locale: English for integrations (as before), or Dutch for Excel. */
const CsvLocale = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      enum: ['en', 'nl'],
      default: 'en',
      description: 'en: commas, decimal points, English headers (for integrations); nl: semicolons, decimal commas, Dutch headers and names (opens in columns in Dutch Excel)',
    }),
    IsOptional(),
    IsIn(['en', 'nl'], { message: 'locale must be en or nl' }),
  );

export class PipelineSummaryCsvQueryDto extends PipelineFilterDto {
  @CsvLocale() locale?: 'en' | 'nl';
}

class PageQueryDto extends PipelineFilterDto {
  @ApiPropertyOptional({ description: 'From the previous page (nextCursor)' })
  @IsOptional()
  @MaxLength(400)
  @Matches(CURSOR, { message: 'cursor must be a cursor returned by this endpoint' })
  cursor?: string;
}

class StuckFilterDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, default: 14, description: 'No progress (a task done, a step taken, a resume) for this many days' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;
}

export class StuckJourneysQueryDto extends StuckFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class StuckJourneysCsvQueryDto extends StuckFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 10000 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000) limit?: number;
  @CsvLocale() locale?: 'en' | 'nl';
}

class OverdueFilterDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only tasks assigned to this organisation' })
  @IsOptional()
  @IsUUID()
  party?: string;
}

export class OverdueTasksQueryDto extends OverdueFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class OverdueTasksCsvQueryDto extends OverdueFilterDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 10000 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000) limit?: number;
  @CsvLocale() locale?: 'en' | 'nl';
}

export class PipelinePageQueryDto {
  @ApiPropertyOptional({ description: 'From the previous page (nextCursor)' })
  @IsOptional()
  @MaxLength(400)
  @Matches(CURSOR, { message: 'cursor must be a cursor returned by this endpoint' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class AppliedFiltersDto {
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
  @ApiPropertyOptional() cohort?: string;
  @ApiPropertyOptional({ format: 'uuid' }) careProvider?: string;
  @ApiPropertyOptional({ format: 'uuid' }) employer?: string;
}

export class JourneyTotalsDto {
  @ApiProperty({ description: 'Every selected journey' }) total!: number;
  @ApiProperty({ description: 'Active or paused' }) open!: number;
  @ApiProperty() active!: number;
  @ApiProperty() paused!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() withdrawn!: number;
  @ApiProperty() exited!: number;
}

export class StepCountDto {
  @ApiProperty({ example: 'DISCOVER' }) step!: string;
  @ApiProperty({ description: 'Open journeys in this step' }) journeys!: number;
  @ApiProperty() active!: number;
  @ApiProperty() paused!: number;
}

export class PhaseCountDto {
  @ApiProperty({ example: 'DISCOVER:ACTIVE', description: 'STEP:STATUS' }) phase!: string;
  @ApiProperty() journeys!: number;
}

export class PartyCountDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ description: "The organisation's name" }) name!: string;
  @ApiProperty({ description: 'Open journeys' }) journeys!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Open journeys per step' }) bySteps!: Record<string, number>;
  @ApiPropertyOptional({ description: 'Employers: open journeys with a placement or job there now' }) placed?: number;
}

export class ConversionDto {
  @ApiProperty() fromStep!: string;
  @ApiProperty() toStep!: string;
  @ApiProperty({ description: 'Journeys that reached fromStep (in the period: arrived first in it)' }) reachedFrom!: number;
  @ApiProperty({ description: 'Journeys that reached toStep' }) reachedTo!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'reachedTo / reachedFrom, 4 decimals; null when none reached fromStep' }) rate!: number | null;
}

export class FlowTimeDto {
  @ApiProperty() step!: string;
  @ApiProperty({ description: 'Stays in the step that ended by moving on (in the period: left in it)' }) visits!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Days, 2 decimals' }) medianDays!: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Days, 2 decimals' }) p90Days!: number | null;
}

export class PartyTasksDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'EMPLOYER' }) organisationType!: string;
  @ApiProperty({ description: 'Open or claimed' }) open!: number;
  @ApiProperty({ description: 'Open and past the due date' }) overdue!: number;
  @ApiProperty({ description: 'Open and escalated to the coordinator' }) escalated!: number;
}

export class OutcomesDto {
  @ApiProperty({ description: 'Orientations an employer accepted' }) orientations!: number;
  @ApiProperty() placementsStarted!: number;
  @ApiProperty() paidWorkReached!: number;
  @ApiProperty({ description: 'Follow-ups that found the young person still in work after 3 months' }) inWorkAt3Months!: number;
  @ApiProperty() inWorkAt6Months!: number;
  @ApiProperty() inWorkAt12Months!: number;
  @ApiProperty({ description: 'Moves back to an earlier step (placement or job ended, no employer left)' }) loopsBack!: number;
  @ApiProperty() pauses!: number;
  @ApiProperty() withdrawals!: number;
  @ApiProperty() exits!: number;
  @ApiProperty() completed!: number;
}

export class RouteShareDto {
  @ApiProperty({ example: 'JOBS_AGREEMENT' }) route!: string;
  @ApiProperty({ description: 'Times this route was fixed at a placement outcome (paid work)' }) decided!: number;
  @ApiProperty({ description: 'decided / all routes decided, 4 decimals' }) share!: number;
}

/** The pipeline of one municipality: ids, steps and counts, never personal data. */
/** Open journeys at the venues of one kind (reguliere werkgever, sociale coöperatie, Sociaal Bedrijf, flexwerkplek). */
export class VenueKindCountDto {
  @ApiProperty({ enum: VENUE_KINDS }) venueKind!: string;
  @ApiProperty({ type: 'integer', description: 'Venues of this kind taking part in open journeys' }) venues!: number;
  @ApiProperty({ type: 'integer', description: 'Open journeys taking part at a venue of this kind, counted once per venue' }) journeys!: number;
  @ApiProperty({ type: 'integer', description: 'Of those, placed at it now (placement running or paid work)' }) placed!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'The same journeys per step' }) bySteps!: Record<string, number>;
}

export class PipelineSummaryDto {
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: AppliedFiltersDto }) filters!: AppliedFiltersDto;
  @ApiProperty({ type: JourneyTotalsDto }) journeys!: JourneyTotalsDto;
  @ApiProperty({ type: [StepCountDto] }) bySteps!: StepCountDto[];
  @ApiProperty({ type: [PhaseCountDto] }) byPhases!: PhaseCountDto[];
  @ApiProperty({ type: [PartyCountDto] }) byCareProviders!: PartyCountDto[];
  @ApiProperty({ type: [PartyCountDto] }) bySchools!: PartyCountDto[];
  @ApiProperty({ type: [PartyCountDto] }) byEmployers!: PartyCountDto[];
  @ApiProperty({ type: [VenueKindCountDto], description: 'The venue kind as a dimension: every kind, also with no journeys' }) byVenueKinds!: VenueKindCountDto[];
  @ApiProperty({ type: [ConversionDto] }) conversion!: ConversionDto[];
  @ApiProperty({ type: [FlowTimeDto] }) flowTimes!: FlowTimeDto[];
  @ApiProperty({ type: [PartyTasksDto] }) tasks!: PartyTasksDto[];
  @ApiProperty({ type: OutcomesDto }) outcomes!: OutcomesDto;
  @ApiProperty({ type: [RouteShareDto] }) routes!: RouteShareDto[];
}

export class StuckJourneyDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty() step!: string;
  @ApiProperty() phase!: string;
  @ApiPropertyOptional({ format: 'uuid' }) careProviderId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) currentEmployerId?: string;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({ format: 'date-time' }) lastProgressAt!: string;
  @ApiProperty({ description: 'Whole days since the last progress' }) daysWithoutProgress!: number;
  @ApiProperty() openTasks!: number;
  @ApiProperty() overdueTasks!: number;
  @ApiProperty({ type: [String], description: 'Organisations that owe an open task' }) waitingOn!: string[];
  @ApiProperty({ example: '/journeys/6a1f.../timeline' }) timeline!: string;
}

export class StuckJourneyPageDto {
  @ApiProperty({ type: [StuckJourneyDto] }) items!: StuckJourneyDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class OverdueTaskDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ example: 'orientation.respond#4' }) taskId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() step!: string;
  @ApiProperty({ format: 'uuid' }) assigneeOrganisationId!: string;
  @ApiProperty() assigneeName!: string;
  @ApiProperty() assigneeRole!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ description: 'Whole days past the due date' }) daysOverdue!: number;
  @ApiProperty() escalated!: boolean;
  @ApiProperty() timeline!: string;
}

export class OverdueTaskPageDto {
  @ApiProperty({ type: [OverdueTaskDto] }) items!: OverdueTaskDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class ReconciliationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['SCHEDULE', 'ON_DEMAND'] }) trigger!: string;
  @ApiProperty({ enum: ['REQUESTED', 'RUNNING', 'DONE', 'FAILED'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiProperty({ description: 'Journeys compared with their workflows' }) journeysChecked!: number;
  @ApiProperty({ description: 'Differences found' }) driftFound!: number;
  @ApiProperty({ description: 'Differences repaired' }) repaired!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Findings per kind' }) findingsByKind!: Record<string, number>;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ example: '/pipeline/reconciliations/…/findings' }) findings!: string;
}

export class ReconciliationPageDto {
  @ApiProperty({ type: [ReconciliationDto] }) items!: ReconciliationDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class ReconciliationFindingDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The journey; absent for AGGREGATE_DIFFERS, which is about the municipality as a whole' })
  candidateId?: string;
  @ApiProperty({
    enum: [
      'JOURNEY_MISSING',
      'JOURNEY_DIFFERS',
      'TASK_MISSING',
      'TASK_DIFFERS',
      'TASK_NOT_OPEN',
      'EVENTS_MISSING',
      'EVENTS_BEYOND',
      'TIMELINE_DIFFERS',
      'ORPHAN_JOURNEY',
      'QUERY_FAILED',
      'DERIVED_DIFFERS',
      'AGGREGATE_DIFFERS',
    ],
  })
  kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What differed: field names, codes and values; never personal data' }) detail!: Record<string, unknown>;
  @ApiProperty() repaired!: boolean;
  @ApiPropertyOptional({ description: "The journey's timeline, when the finding is about a journey" }) timeline?: string;
}

export class ReconciliationFindingPageDto {
  @ApiProperty({ type: [ReconciliationFindingDto] }) items!: ReconciliationFindingDto[];
  @ApiPropertyOptional() nextCursor?: string;
}
