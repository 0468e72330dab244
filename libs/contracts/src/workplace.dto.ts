import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { HOURS_PER_WEEK } from '../../domain/src/schema';
import { Codes, Int, Steps, toBoolean, toInt } from './field-rules';
import { PersonDto } from './person.dto';


/** A workplace an employer offers: what, where, hours, capacity and the support on site. */
export class CreateWorkplaceDto {
  @ApiProperty({ example: 'Bicycle repair assistant', maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) title!: string;
  @ApiProperty({ example: 'Dorpsstraat 12, Zoetermeer', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) location!: string;
  @ApiProperty({ description: 'Hours a week, whole or half (12.5)' }) @Steps(HOURS_PER_WEEK) hoursPerWeek!: number;
  @ApiProperty({ description: 'How many young people at once' }) @Int(1, 50) capacity!: number;
  @ApiProperty({ example: ['WORK_BUDDY', 'QUIET_SPACE'] }) @Codes(20) supportOnSite!: string[];
}

export class UpdateWorkplaceDto extends PartialType(CreateWorkplaceDto) {
  @ApiPropertyOptional({ description: 'false takes the workplace off offer' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ description: 'The version this change is based on; a stale one gives 409' }) @Int(1) version!: number;
}

export class WorkplaceDto extends CreateWorkplaceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'integer', description: 'Places taken: journeys whose match names this workplace, being placed or in a running placement' }) occupied!: number;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WorkplaceQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() employer?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'From the previous page' }) @IsOptional() @IsUUID() after?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class WorkplacePageDto {
  @ApiProperty({ type: [WorkplaceDto] }) items!: WorkplaceDto[];
  @ApiPropertyOptional({ format: 'uuid' }) nextCursor?: string;
}

/** A placement or job running at an employer: ids, outcomes and who it is (the first name for the employer). */
export class PlacementDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiProperty({ enum: ['PLACEMENT_RUNNING', 'PAID_WORK'] }) step!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ description: 'The route proposed at analyse' }) proposedRoute?: string;
  @ApiPropertyOptional({ description: 'The route fixed at the outcome (paid work)' }) route?: string;
  @ApiPropertyOptional({ format: 'date', description: 'The start of the placement as the host entered it (YYYY-MM-DD)' }) startDate?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the journey moved to paid work' }) paidWorkSince?: string;
  @ApiProperty({ format: 'date-time', description: 'The last change of the journey' }) updatedAt!: string;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (access-logged)' }) person?: PersonDto;
}

export class PlacementPageDto {
  @ApiProperty({ type: [PlacementDto] }) items!: PlacementDto[];
}
