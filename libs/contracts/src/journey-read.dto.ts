import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PURPOSE_CODES, type Purpose } from '../../domain/src/privacy';
import { toInt } from './field-rules';


export class TimelineQueryDto {
  @ApiPropertyOptional({ description: 'Entries after this sequence number (the previous page’s nextCursor)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
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

export class AccessLogQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() candidate?: string;
  @ApiPropertyOptional({ description: 'Entries after this id (the previous page’s nextCursor)' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  after?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AccessLogEntryDto {
  @ApiProperty({ description: "The entry's place in its municipality's chain (pass as ?after= for the next page)" }) id!: number;
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
  @ApiPropertyOptional() nextCursor?: number;
}
