import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
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
  @ApiProperty() firstName!: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional({ example: '2006-03-14' }) dateOfBirth?: string;
  @ApiPropertyOptional() situation?: string;
  @ApiPropertyOptional({ example: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00.000Z' } }) consent?: { givenBy: string; givenAt: string };
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
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ type: ActorDto, description: 'Who read it' }) actor!: ActorDto;
  @ApiProperty({ example: 'GET /journeys/{candidateId}/candidate' }) endpoint!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
}

export class AccessLogPageDto {
  @ApiProperty({ type: [AccessLogEntryDto] }) items!: AccessLogEntryDto[];
  @ApiPropertyOptional() nextCursor?: number;
}
