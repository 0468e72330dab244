import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PURPOSE_CODES, type Purpose } from '../../domain/src/privacy';
import { MAX_INTEGER_COLUMN, toInt } from './field-rules';
import { PipelineFilterDto } from './pipeline.dto';


export class TimelineQueryDto {
  @ApiPropertyOptional({ description: 'Entries after this sequence number (the previous page’s nextCursor)', minimum: 0, maximum: MAX_INTEGER_COLUMN })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(MAX_INTEGER_COLUMN)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/**
 * Who acted: always the organisation (and its name) and the role the user acts in; the user itself
 * (id as in GET /organisations/{id}/users, and name) only for the municipality and for the acting
 * organisation's own admin.
 */
export class ActorDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiPropertyOptional({ example: 'Zorgcollectief De Linde' }) organisationName?: string;
  @ApiPropertyOptional({ example: 'support-worker', description: "The acting user's casework role" }) role?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "The user's id; for the municipality and the organisation's own admin only" }) userId?: string;
  @ApiPropertyOptional({ example: 'Kim Vermeulen', description: "The user's display name; for the municipality and the organisation's own admin only" }) userName?: string;
}

/** One act on a journey: what happened, who did it, when. */
export class TimelineEntryDto {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'task.completed' }) type!: string;
  @ApiProperty() step!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiPropertyOptional({ type: ActorDto, description: 'Absent for what the journey did by itself (a timer)' }) actor?: ActorDto;
  @ApiPropertyOptional() taskId?: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids, codes and outcomes; never personal data' })
  data!: Record<string, unknown>;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items!: TimelineEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as ?after= for the next page' }) nextCursor?: number;
}

/** A young person's personal data, as much as the caller's party needs (employers: first name only). */
export class CandidateDetailsViewDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ description: 'The version of the data (a correction names it: PATCH /journeys/{candidateId}/candidate)' }) version!: number;
  @ApiPropertyOptional({ description: 'Each field is present only when the caller’s part and the consent allow it for the purpose' }) firstName?: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional({ example: '2006-03-14' }) dateOfBirth?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() situation?: string;
  @ApiPropertyOptional({ example: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00.000Z' } }) consent?: { givenBy: string; givenAt: string };
}

/** Why personal data is read: the caller names one of the fixed purposes (NEN 7513); without one, 400. */
export class PurposeQueryDto {
  @ApiProperty({ enum: PURPOSE_CODES, description: 'Why the data is read; the access log keeps it' })
  @IsIn(PURPOSE_CODES, { message: `purpose must be one of ${PURPOSE_CODES.join(', ')}` })
  purpose!: Purpose;
}

/** A task's purpose follows from the work: named, it must be one of the caller's part's. */
export class TaskPurposeQueryDto {
  @ApiPropertyOptional({ enum: PURPOSE_CODES, description: "Why the data is read; by default the purpose of your part's casework" })
  @IsOptional()
  @IsIn(PURPOSE_CODES, { message: `purpose must be one of ${PURPOSE_CODES.join(', ')}` })
  purpose?: Purpose;
}

/**
 * The municipality's access log: newest first, a page at a time (`cursor`, opaque), filtered by
 * young person, acting organisation, purpose and period (dates in Europe/Amsterdam, inclusive).
 */
export class AccessLogQueryDto extends PickType(PipelineFilterDto, ['from', 'to'] as const) {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only accesses to this young person’s data' }) @IsOptional() @IsUUID() candidate?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only accesses by this organisation' }) @IsOptional() @IsUUID() organisation?: string;
  @ApiPropertyOptional({ enum: PURPOSE_CODES, description: 'Only accesses for this purpose' })
  @IsOptional()
  @IsIn(PURPOSE_CODES, { message: `purpose must be one of ${PURPOSE_CODES.join(', ')}` })
  purpose?: Purpose;
  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'cursor is not a cursor of this list' })
  cursor?: string;
  @ApiPropertyOptional({
    description: 'Chain order instead (oldest first): the entries after this id, for an auditor who follows the chain; the answer’s nextCursor continues in that order',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AccessLogEntryDto {
  @ApiProperty({ description: "The entry's place in its municipality's chain" }) id!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Whose data (absent for a list read: candidateIds)' }) candidateId?: string;
  @ApiPropertyOptional({ type: [String], description: 'The young people a list showed (one entry per list read)' }) candidateIds?: string[];
  @ApiProperty({ type: ActorDto, description: 'Who read it' }) actor!: ActorDto;
  @ApiPropertyOptional({ example: 'support-worker', description: 'The role the user acted in' }) role?: string;
  @ApiProperty({ enum: ['READ', 'CHANGE', 'EXPORT', 'ERASE'] }) action!: string;
  @ApiPropertyOptional({ enum: PURPOSE_CODES, description: 'Why (absent on rows of before purposes were recorded)' }) purpose?: string;
  @ApiProperty({ example: 'GET /journeys/{candidateId}/candidate' }) endpoint!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiPropertyOptional({ description: 'Pass as ?cursor= (with the same filters) for the next page' }) nextCursor?: string;
}

/**
 * Possibly the same young person referred twice: other open journeys of the municipality with the
 * same name and date of birth. A party learns that they exist; it gets the link only to those it
 * takes part in (the municipality: all of them), so a care provider learns nothing of another's client.
 */
export class DuplicatesDto {
  @ApiProperty({ description: 'How many other open journeys have the same name and date of birth' }) count!: number;
  @ApiProperty({ type: [String], description: 'The candidate ids of those the caller may open (GET /journeys/{candidateId})' }) candidateIds!: string[];
}
