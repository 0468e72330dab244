import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
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
import { CATEGORY_CODES, PURPOSE_CODES, type DataCategory, type Purpose } from '../../domain/src/privacy';
import { coded, Int } from './field-rules';
import { CONSENT_GIVERS, PHONE_PATTERN, type ConsentGiver } from './referral.dto';

const GRANTEE_ROLES = ['CARE_PROVIDER', 'REFERRER', 'HOST'] as const;

/** Who a grant is for: a kind of party of the journey, or one organisation (exactly one of the two). */
export class ConsentGranteeDto {
  @ApiPropertyOptional({ enum: GRANTEE_ROLES, description: 'Every party of this kind (zorgaanbieder, verwijzer, werkplek)' })
  @IsOptional()
  @IsIn(GRANTEE_ROLES, { message: `role must be one of ${GRANTEE_ROLES.join(', ')}` })
  role?: (typeof GRANTEE_ROLES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'One organisation: its grant replaces the grant to its kind of party' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string;
}

export class ConsentGrantDto {
  @ApiProperty({ type: ConsentGranteeDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentGranteeDto)
  to!: ConsentGranteeDto;

  @ApiProperty({ enum: CATEGORY_CODES, isArray: true, maxItems: CATEGORY_CODES.length, description: 'The categories of data it may see; none: withdrawn for this party' })
  @IsArray()
  @ArrayMaxSize(CATEGORY_CODES.length)
  @ArrayUnique()
  @IsIn(CATEGORY_CODES, { each: true, message: `each category must be one of ${CATEGORY_CODES.join(', ')}` })
  categories!: DataCategory[];

  @ApiProperty({ enum: PURPOSE_CODES, isArray: true, maxItems: PURPOSE_CODES.length, description: 'What for' })
  @IsArray()
  @ArrayMaxSize(PURPOSE_CODES.length)
  @ArrayUnique()
  @IsIn(PURPOSE_CODES, { each: true, message: `each purpose must be one of ${PURPOSE_CODES.join(', ')}` })
  purposes!: Purpose[];
}

/**
 * A new version of a journey's consent (toestemming): the whole of what now holds. Withdrawing for
 * one party is a grant to that organisation with no categories; for one category, the grants
 * without it; `withdrawAll` withdraws everything and with it the journey.
 */
export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS, { message: `givenBy must be one of ${CONSENT_GIVERS.join(', ')}` })
  givenBy!: ConsentGiver;

  @ApiProperty({ format: 'date-time', description: 'When the young person (or the legal representative) said so; not in the future' })
  @IsISO8601({ strict: true }, { message: 'givenAt must be a date-time' })
  givenAt!: string;

  @ApiProperty({ type: [ConsentGrantDto], maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConsentGrantDto)
  grants!: ConsentGrantDto[];

  @ApiPropertyOptional({ default: false, description: 'Everything withdrawn: the journey is withdrawn too (grants must be empty)' })
  @IsOptional()
  @IsBoolean()
  withdrawAll?: boolean;
}

export class ConsentVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty({ enum: CONSENT_GIVERS }) givenBy!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ type: [ConsentGrantDto] }) grants!: ConsentGrantDto[];
  @ApiProperty() withdrawnAll!: boolean;
  @ApiProperty({ example: { organisationId: '…', userId: '…' }, description: "Who recorded it: the organisation and the user's id (as in the timeline and the access log)" })
  recordedBy!: { organisationId: string; userId?: string };
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

/** What one party of the journey may see now. */
export class PartyAccessDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiPropertyOptional() organisationName?: string;
  @ApiProperty({ enum: ['MUNICIPALITY', 'CARE_PROVIDER', 'REFERRER', 'HOST'] }) role!: string;
  @ApiProperty({ enum: CATEGORY_CODES, isArray: true }) categories!: string[];
  @ApiProperty({ description: 'The municipality: its legal basis (public task), not consent' }) legalBasis!: 'CONSENT' | 'PUBLIC_TASK';
}

export class ConsentLedgerDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiPropertyOptional({ type: ConsentVersionDto }) current?: ConsentVersionDto;
  @ApiProperty({ type: [ConsentVersionDto], description: 'Every version, oldest first' }) versions!: ConsentVersionDto[];
  @ApiProperty({ type: [PartyAccessDto] }) parties!: PartyAccessDto[];
}

export class ConsentLossDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: CATEGORY_CODES, isArray: true }) categories!: string[];
}

export class ConsentRecordedDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: [ConsentLossDto], description: 'What each party may no longer see; its open tasks that need it went to the coordinator' })
  lost!: ConsentLossDto[];
  @ApiProperty({ description: 'Everything was withdrawn and the journey with it' }) journeyWithdrawn!: boolean;
}

/** A correction of the young person's data (AVG art. 16): on the version last read; the history keeps old and new. */
export class RectifyCandidateDto {
  @Int(1)
  @ApiProperty({ description: 'The version of the data the correction is made on (409 when it changed since)' })
  version!: number;

  @ApiProperty({ maxLength: 500, example: 'Achternaam verkeerd gespeld bij aanmelding' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) firstName?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) lastName?: string;
  @ApiPropertyOptional({ example: '2007-04-12' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  @MaxLength(10, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @ApiPropertyOptional({ pattern: PHONE_PATTERN.source })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number (digits, spaces, +, - and parentheses)', ...coded('FORMAT_PHONE') })
  phone?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) situation?: string;
}

export class RectifiedDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ description: 'The new version' }) version!: number;
  @ApiProperty({ type: [String], description: 'The fields corrected' }) fields!: string[];
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'json (data portability) or html (a readable document in Dutch)' })
  @IsOptional()
  @IsIn(['json', 'html'], { message: 'format must be json or html' })
  format?: 'json' | 'html';
}

const BSN_FORMAT = /^\d{9}$/;

export class RecordBsnDto {
  @ApiProperty({ example: '111222333', pattern: BSN_FORMAT.source, description: 'Nine digits that pass the eleven test (elfproef)' })
  @IsString()
  @Matches(BSN_FORMAT, { message: 'bsn must be nine digits' })
  bsn!: string;

  @ApiProperty({ enum: PURPOSE_CODES })
  @IsIn(PURPOSE_CODES, { message: `purpose must be one of ${PURPOSE_CODES.join(', ')}` })
  purpose!: Purpose;
}

/** Finding a young person by BSN: in the body, never in a URL (URLs end up in logs). */
export class FindByBsnDto extends RecordBsnDto {}

export class BsnDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty() bsn!: string;
}

export class FoundByBsnDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
}

const ERASURE_GROUNDS = ['CONSENT_WITHDRAWN', 'NO_LONGER_NEEDED', 'OBJECTION', 'UNLAWFUL_PROCESSING'] as const;

/** Erasure on request (AVG art. 17): the ground the young person invokes. */
export class EraseDto {
  @ApiProperty({ enum: ERASURE_GROUNDS })
  @IsIn(ERASURE_GROUNDS, { message: `ground must be one of ${ERASURE_GROUNDS.join(', ')}` })
  ground!: (typeof ERASURE_GROUNDS)[number];
}

export class ErasureDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ enum: ['RETENTION', 'REQUEST'] }) reason!: string;
  @ApiPropertyOptional({ enum: ERASURE_GROUNDS, description: 'On request: the ground invoked' }) ground?: string;
  @ApiProperty({ description: 'The kinds of data erased; never the data', example: { candidate: ['firstName'], referral: ['situation'], rectifications: 0 } })
  erased!: { candidate: string[]; referral: string[]; rectifications: number };
  @ApiProperty({ format: 'date-time' }) erasedAt!: string;
}

export class RetentionDto {
  @ApiProperty({ description: 'Days after a journey closes before its personal data is erased' }) days!: number;
  @ApiProperty({ description: 'Whether the municipality set it (else the default)' }) own!: boolean;
}

export class SetRetentionDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 36500, nullable: true, description: 'Days; null returns to the default' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(36500)
  days!: number | null;
}

export class ChainBreakDto {
  @ApiProperty({ description: 'The number (chain sequence) of the first row that does not hold', example: 17 }) id!: number;
  @ApiProperty({ example: 'this row was changed after it was written' }) problem!: string;
  @ApiProperty({ enum: ['ROW_MISSING', 'LINK_BROKEN', 'ROW_CHANGED'], description: 'The problem by a stable code' }) code!: 'ROW_MISSING' | 'LINK_BROKEN' | 'ROW_CHANGED';
}

export class ChainHeadDto {
  @ApiProperty() chainSeq!: number;
  @ApiProperty({ description: 'SHA-256, hex' }) hash!: string;
}

export class ChainVerificationDto {
  @ApiProperty() intact!: boolean;
  @ApiProperty({ description: 'Rows checked' }) checked!: number;
  @ApiPropertyOptional({ type: ChainBreakDto, description: 'The first row whose link or content does not hold' }) firstBroken?: ChainBreakDto;
  @ApiPropertyOptional({ type: ChainHeadDto, description: 'The last row: keep it elsewhere to tell later that no rows were cut off the end' })
  head?: ChainHeadDto;
}

/** One line of the young person's own view of the access log, in plain Dutch. */
export class PlainAccessEntryDto {
  @ApiProperty({ format: 'date-time' }) when!: string;
  @ApiProperty({ example: 'Zorg & Co (begeleider)' }) who!: string;
  @ApiProperty({ example: 'bekeken' }) what!: string;
  @ApiProperty({ example: 'naam, geboortedatum' }) which!: string;
  @ApiProperty({ example: 'bemiddeling en plaatsing' }) why!: string;
}

export class PlainAccessLogDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ type: [PlainAccessEntryDto] }) items!: PlainAccessEntryDto[];
}

class NamedOrganisationDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

class ExportPersonalDataDto {
  @ApiPropertyOptional() firstName?: string;
  @ApiPropertyOptional() lastName?: string;
  @ApiPropertyOptional() dateOfBirth?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional({ description: 'For the municipality only' }) bsn?: string;
  @ApiPropertyOptional({ description: 'A BSN is recorded (others than the municipality do not see it)' }) bsnRecorded?: boolean;
  @ApiPropertyOptional() situation?: string;
  @ApiProperty() version!: number;
}

class ExportReferralDto {
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({ type: NamedOrganisationDto }) referrer!: NamedOrganisationDto;
  @ApiPropertyOptional({ type: NamedOrganisationDto }) careProvider?: NamedOrganisationDto;
}

class ExportJourneyDto {
  @ApiProperty() step!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
  @ApiPropertyOptional() route?: string;
}

class ExportEventDto {
  @ApiProperty() sequence!: number;
  @ApiProperty() type!: string;
  @ApiProperty() step!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiPropertyOptional() taskId?: string;
  @ApiPropertyOptional({ type: NamedOrganisationDto }) organisation?: NamedOrganisationDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

class ExportTaskDto {
  @ApiProperty() taskId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() step!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: NamedOrganisationDto }) organisation!: NamedOrganisationDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
}

class ExportRectificationDto {
  @ApiProperty() field!: string;
  @ApiProperty({ nullable: true, type: String }) oldValue!: string | null;
  @ApiProperty({ nullable: true, type: String }) newValue!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** Everything held about a young person (AVG art. 15 and 20). */
export class YoungPersonExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ description: 'False when the party handing it over may see part of the data only (the municipality has all of it)' }) complete!: boolean;
  @ApiPropertyOptional({ type: ExportPersonalDataDto, description: 'Absent once erased (see erasure)' }) personalData?: ExportPersonalDataDto;
  @ApiPropertyOptional({ type: ExportReferralDto }) referral?: ExportReferralDto;
  @ApiProperty({ type: ExportJourneyDto }) journey!: ExportJourneyDto;
  @ApiProperty({ type: [ConsentVersionDto] }) consents!: ConsentVersionDto[];
  @ApiProperty({ type: [ExportEventDto] }) timeline!: ExportEventDto[];
  @ApiProperty({ type: [ExportTaskDto] }) tasks!: ExportTaskDto[];
  @ApiProperty({ type: [ExportRectificationDto] }) rectifications!: ExportRectificationDto[];
  @ApiProperty({ type: [PlainAccessEntryDto] }) accessLog!: PlainAccessEntryDto[];
  @ApiPropertyOptional({ type: ErasureDto }) erasure?: ErasureDto;
}
