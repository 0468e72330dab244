import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DELIVERIES, LANGUAGES, NOTIFICATION_KINDS, NOTIFYING_EVENTS, type Delivery, type Language } from '../../domain/src/notifications';
import { Int, toBoolean, toInt } from './field-rules';
import { PersonDto } from './person.dto';

/** An in-app notification (melding) of the signed-in user. */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ enum: Object.keys(NOTIFYING_EVENTS), description: 'The journey event it tells of' }) eventType!: string;
  @ApiProperty({ format: 'uuid', description: 'The journey (candidate id)' }) candidateId!: string;
  @ApiPropertyOptional({ example: 'orientation.respond#4' }) taskId?: string;
  @ApiPropertyOptional({ example: 'orientation.respond' }) taskType?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiProperty({ description: "What happened, in the user's language (never a name)" }) title!: string;
  @ApiProperty({ description: 'Where to act on it: the task, or the journey' }) link!: string;
  @ApiProperty({ enum: ['IMMEDIATE', 'DIGEST'], description: 'Mailed at once, or listed in the daily digest' }) delivery!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() read!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) readAt?: string;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (in the list only; access-logged)' }) person?: PersonDto;
}

export class NotificationQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications' }) @IsOptional() @Transform(toBoolean) @IsBoolean() unread?: boolean;
  @ApiPropertyOptional({ description: 'From the previous page' })
  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by this endpoint' })
  cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first' }) items!: NotificationDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class UnreadCountDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) unread!: number;
}

const delivery = (what: string) => ({ enum: DELIVERIES, description: `${what}: IMMEDIATE (an e-mail at once), DIGEST (in the daily digest) or OFF (not at all); in-app unless OFF` });

/** How a user is told of each kind. */
export class NotificationKindsDto {
  @ApiProperty(delivery('A task assigned to your organisation or to you')) @IsIn(DELIVERIES) TASK_ASSIGNED!: Delivery;
  @ApiProperty(delivery('A reminder before a task is due')) @IsIn(DELIVERIES) TASK_REMINDER!: Delivery;
  @ApiProperty(delivery('A task escalated after its due date')) @IsIn(DELIVERIES) TASK_ESCALATED!: Delivery;
  @ApiProperty(delivery('A journey act that concerns your organisation')) @IsIn(DELIVERIES) JOURNEY_ACT!: Delivery;
}

/** A user's notification preferences (the whole of them: PUT replaces them). */
export class NotificationPreferencesDto {
  @ApiProperty({ enum: LANGUAGES, description: 'The language of e-mails and titles: nl (default) or en' }) @IsIn(LANGUAGES) language!: Language;
  @ApiProperty({ type: NotificationKindsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationKindsDto)
  kinds!: NotificationKindsDto;
  @ApiProperty({ description: 'A daily digest (dagoverzicht) of your overdue tasks, at DIGEST_TIME; on as well when any kind is DIGEST' })
  @IsBoolean()
  dailyDigest!: boolean;
}
