import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonDto } from './person.dto';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JourneyStatus, JourneyStep, type JourneySnapshot } from '../../domain/src/journey';
import { coded } from './field-rules';

export const CONSENT_GIVERS = ['CANDIDATE', 'LEGAL_REPRESENTATIVE'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const PHONE_PATTERN = /^\+?[0-9 ()-]{6,20}$/;

export class CandidateDetailsDto {
  @ApiProperty({ example: 'Sanne', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'de Vries', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ example: '2007-04-12', description: 'Date of birth, YYYY-MM-DD' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(10, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth!: string;

  @ApiPropertyOptional({ example: 'sanne@example.nl', maxLength: 254, description: 'Contact details (contactgegevens): optional' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '06 12345678', pattern: PHONE_PATTERN.source, description: 'Phone number: digits, spaces, +, - and parentheses' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, +, - and parentheses)', ...coded('FORMAT_PHONE') })
  phone?: string;
}

export class ConsentDto {
  @ApiProperty({ enum: CONSENT_GIVERS, description: 'Who gave consent (toestemming) for the referral' })
  @IsIn(CONSENT_GIVERS)
  givenBy!: ConsentGiver;

  @ApiProperty({ example: '2026-11-02T10:00:00Z', description: 'When consent was given (ISO 8601)' })
  @IsISO8601({ strict: true })
  givenAt!: string;
}

/** A referral (aanmelding) of a young person by a care provider or school: the caller's organisation. */
export class CreateReferralDto {
  @ApiProperty({ format: 'uuid', description: "The municipality (gemeente) of the young person's area: the one the referrer works in" })
  @IsUUID()
  municipalityId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The care provider (zorgaanbieder) that supports the young person. A care provider refers its own clients: its own id, or left out. ' +
      'A school may name a care provider of its municipality, or leave it out (the school then does the care tasks).',
  })
  @IsOptional()
  @IsUUID()
  careProviderId?: string;

  @ApiProperty({ type: CandidateDetailsDto })
  @IsDefined()
  @IsObject()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CandidateDetailsDto)
  candidate!: CandidateDetailsDto;

  @ApiProperty({ example: 'Attends day-activities three days a week; left VSO in 2025.', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  situation!: string;

  @ApiProperty({ type: ConsentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent!: ConsentDto;
}

/** A journey as the read model has it: ids and step, no personal data. */
export class JourneyDto {
  @ApiProperty({ format: 'uuid' })
  candidateId!: string;

  @ApiProperty({ example: 'journey-6f1c…' })
  workflowId!: string;

  @ApiProperty({ enum: Object.values(JourneyStep) })
  step!: JourneyStep;

  @ApiProperty({ enum: Object.values(JourneyStatus) })
  status!: JourneyStatus;

  @ApiProperty({ format: 'uuid' })
  municipalityId!: string;

  // `string | null` reflects as Object: the type is named, or the document would call it an object.
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The care provider, or null when the school supports the young person' })
  careProviderId!: string | null;

  @ApiProperty({ format: 'uuid' })
  referrerOrganisationId!: string;

  @ApiProperty({ description: 'Increases with every change of the journey' })
  sequence!: number;

  @ApiProperty({ format: 'date-time' })
  referredAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'Who the journey is of, as far as your part and the consent allow (access-logged)' })
  person?: PersonDto;

  static fromSnapshot(s: JourneySnapshot, workflowId: string): JourneyDto {
    return Object.assign(new JourneyDto(), {
      candidateId: s.candidateId,
      workflowId,
      step: s.step,
      status: s.status,
      municipalityId: s.municipalityId,
      careProviderId: s.careProviderId ?? null,
      referrerOrganisationId: s.referrerOrganisationId,
      sequence: s.sequence,
      referredAt: s.referredAt,
      updatedAt: s.updatedAt,
    });
  }
}

export class ReferralCreatedDto {
  @ApiProperty({ format: 'uuid', description: 'The new candidate id; the journey is journey-<candidateId>' })
  candidateId!: string;

  @ApiProperty({ type: JourneyDto })
  journey!: JourneyDto;
}

export const INTAKE_STATES = ['PENDING', 'ACCEPTED', 'REJECTED', 'CLOSED'] as const;

/** A referral as a list shows it: ids, consent and where it stands; personal data is one click away (access-logged). */
export class ReferralSummaryDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid', description: 'GET /journeys/{candidateId}/candidate shows the person (access-logged)' }) candidateId!: string;
  @ApiProperty({ format: 'uuid' }) referrerOrganisationId!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiPropertyOptional({ format: 'uuid' }) careProviderId?: string;
  @ApiProperty({ type: ConsentDto }) consent!: ConsentDto;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({
    enum: INTAKE_STATES,
    description: "The municipality's intake decision: PENDING until the intake.accept task is completed (ACCEPT or REJECT); CLOSED when the journey ended before it",
  })
  intake!: (typeof INTAKE_STATES)[number];
  @ApiProperty({ enum: Object.values(JourneyStep) }) step!: string;
  @ApiProperty({ enum: Object.values(JourneyStatus) }) status!: string;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (access-logged)' }) person?: PersonDto;
}

export class ReferralQueryDto {
  @ApiPropertyOptional({ enum: INTAKE_STATES }) @IsOptional() @IsIn(INTAKE_STATES) intake?: string;
  @ApiPropertyOptional({ description: 'From the previous page' }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a cursor of this list' }) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralSummaryDto] }) items!: ReferralSummaryDto[];
  @ApiPropertyOptional() nextCursor?: string;
}
