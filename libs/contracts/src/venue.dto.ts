import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { EXEMPTION_VARIANTS } from '../../domain/src/venues/cooperative';
import { DAY_PARTS, TENANT_KINDS } from '../../domain/src/venues/flex-workspace';
import { EMPLOYMENT_FORMS, REGISTER_BASES } from '../../domain/src/venues/social-firm';
import { VENUE_KINDS } from '../../domain/src/venues/kinds';
import { RULE_SET_NAMES as RULE_SETS } from '../../domain/src/venues/rule-sets';
import { OUTFLOW_REVIEW_OUTCOMES, VENUE_TASK_TYPES } from '../../domain/src/venues/tasks';
import { DateOnly, Int, Pattern, toInt } from './field-rules';
import { PersonDto } from './person.dto';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const KVK = /^\d{8}$/;
/** Amounts are whole euro cents; a month's figures stay well below this. */
const MAX_CENTS = 100_000_000;
const Cents = (description: string): PropertyDecorator => applyDecorators(ApiProperty({ description: `${description} (euro cents)` }), Int(0, MAX_CENTS));

// ---- Venues -----------------------------------------------------------------------------------

export class RegularEmployerDataDto {
  @ApiPropertyOptional({ example: 'Fietsenmaker', maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) sector?: string;
}

export class SocialCooperativeDataDto {
  @ApiProperty({ example: '12345678', description: 'KvK-nummer' }) @Pattern(KVK, 'chamberOfCommerceNumber must be 8 digits', 'FORMAT_KVK') chamberOfCommerceNumber!: string;
  @Cents('The monthly benefit level (bijstandsnorm) a net result is held against') benefitLevelCents!: number;
  @ApiProperty({ description: 'Months in a row at or above the benefit level after which the coordinator considers a move off the benefit' }) @Int(1, 60) outflowAfterMonths!: number;
}

export class SocialFirmDataDto {
  @ApiPropertyOptional({ description: "The firm's own inclusion target in basis points (5000 = 50%); absent: the rule table's" })
  @IsOptional()
  @Int(1, 10000)
  inclusionTargetBasisPoints?: number;
}

export class FlexWorkspaceDataDto {
  @ApiProperty({ example: 'Stadhuisplein 1, Zoetermeer', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) address!: string;
  @ApiProperty({ description: 'Seats per half-day slot' }) @Int(1, 500) seats!: number;
  @ApiProperty({ description: 'Seats of every slot reserved for participants from the social domain (at most seats)' }) @Int(0, 500) socialSeats!: number;
}

/** A municipality registers a placement venue of its area: a host organisation of a kind, with that kind's data. */
/** A venue's kind data: the property of its kind only. */
export class VenueKindDataDto {
  @ApiPropertyOptional({ type: RegularEmployerDataDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => RegularEmployerDataDto) regularEmployer?: RegularEmployerDataDto;
  @ApiPropertyOptional({ type: SocialCooperativeDataDto, description: 'Required for SOCIAL_COOPERATIVE' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SocialCooperativeDataDto)
  socialCooperative?: SocialCooperativeDataDto;
  @ApiPropertyOptional({ type: SocialFirmDataDto, description: 'For SOCIAL_FIRM' }) @IsOptional() @IsObject() @ValidateNested() @Type(() => SocialFirmDataDto) socialFirm?: SocialFirmDataDto;
  @ApiPropertyOptional({ type: FlexWorkspaceDataDto, description: 'Required for FLEX_WORKSPACE' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FlexWorkspaceDataDto)
  flexWorkspace?: FlexWorkspaceDataDto;
}

export class CreateVenueDto extends VenueKindDataDto {
  @ApiProperty({ example: 'Coöperatie De Zoete Kruimels', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ enum: VENUE_KINDS, description: 'reguliere werkgever, sociale coöperatie, Sociaal Bedrijf or flexwerkplek' }) @IsIn(VENUE_KINDS) kind!: string;
}

/** A dated version of a venue's kind data (the whole of its kind's property), valid from a day, with why; never an overwrite. */
export class RecordVenueDataDto extends VenueKindDataDto {
  @DateOnly() validFrom!: string;
  @ApiProperty({ maxLength: 500, example: 'Bijstandsnorm per 1 juli' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class VenueDataVersionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The kind's data from validFrom (as the kind's property of a venue)" }) data!: Record<string, unknown>;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) recordedByOrganisationId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class VenueDataVersionListDto {
  @ApiProperty({ type: [VenueDataVersionDto], description: 'Oldest first; the data registered with the venue holds before the first' }) items!: VenueDataVersionDto[];
}

export class VenueDto {
  @ApiProperty({ format: 'uuid', description: 'The host organisation (type EMPLOYER): workplaces, orientations and placements are at it' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: VENUE_KINDS }) kind!: string;
  @ApiProperty({ example: 'Sociale coöperatie' }) kindLabel!: string;
  @ApiProperty({ format: 'uuid' }) municipalityId!: string;
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional({ type: RegularEmployerDataDto }) regularEmployer?: RegularEmployerDataDto;
  @ApiPropertyOptional({ type: SocialCooperativeDataDto }) socialCooperative?: SocialCooperativeDataDto;
  @ApiPropertyOptional({ type: SocialFirmDataDto }) socialFirm?: SocialFirmDataDto;
  @ApiPropertyOptional({ type: FlexWorkspaceDataDto }) flexWorkspace?: FlexWorkspaceDataDto;
}

export class VenueQueryDto {
  @ApiPropertyOptional({ enum: VENUE_KINDS }) @IsOptional() @IsIn(VENUE_KINDS) kind?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'From the previous page' }) @IsOptional() @IsUUID() cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class VenuePageDto {
  @ApiProperty({ type: [VenueDto] }) items!: VenueDto[];
  @ApiPropertyOptional({ format: 'uuid' }) nextCursor?: string;
}

// ---- Dated rules ------------------------------------------------------------------------------


/** A rule's figures: which apply depends on the rule set (see GET /venue-rules for the ones in use). */
export class RuleParamsDto {
  @ApiPropertyOptional({ description: 'EARNINGS_EXEMPTION: the share exempted, basis points (2500 = 25%)' }) @IsOptional() @Int(0, 10000) basisPoints?: number;
  @ApiPropertyOptional({ description: 'EARNINGS_EXEMPTION: the monthly cap, euro cents' }) @IsOptional() @Int(0, MAX_CENTS) monthlyCapCents?: number;
  @ApiPropertyOptional({ description: 'EARNINGS_EXEMPTION: at most this many months (absent: no end)' }) @IsOptional() @Int(1, 600) maxMonths?: number;
  @ApiPropertyOptional({ description: 'EARNINGS_EXEMPTION: from this age' }) @IsOptional() @Int(0, 120) minAge?: number;
  @ApiPropertyOptional({ description: 'SOCIAL_FIRM: the inclusion target, basis points' }) @IsOptional() @Int(0, 10000) targetBasisPoints?: number;
  @ApiPropertyOptional({ description: "SOCIAL_FIRM: the market's share, basis points" }) @IsOptional() @Int(0, 10000) marketBasisPoints?: number;
  @ApiPropertyOptional({ description: 'SOCIAL_FIRM: paid hours a week that make one banenafspraak job, hundredths (2550)' }) @IsOptional() @Int(1, 16800) jobHoursHundredths?: number;
  @ApiPropertyOptional({ description: 'FLEX_WORKSPACE: the monthly net-revenue goal, euro cents' }) @IsOptional() @Int(0, MAX_CENTS) monthlyGoalCents?: number;
  @ApiPropertyOptional({ description: 'FLEX_WORKSPACE: above this a contribution becomes due, euro cents' }) @IsOptional() @Int(0, MAX_CENTS) contributionThresholdCents?: number;
  @ApiPropertyOptional({ description: 'FLEX_WORKSPACE: the contribution, basis points of the revenue above the threshold' }) @IsOptional() @Int(0, 10000) contributionBasisPoints?: number;
  @ApiPropertyOptional({ description: 'FLEX_WORKSPACE: above this the coordinator considers outflow, euro cents' }) @IsOptional() @Int(0, MAX_CENTS) outflowThresholdCents?: number;
  @ApiPropertyOptional({ description: 'FLEX_WORKSPACE: months in a row above a threshold' }) @IsOptional() @Int(1, 60) months?: number;
  @ApiPropertyOptional({ description: "COOPERATIVE_STATEMENT: days after it opens that a member's monthly statement is due (then it goes to the coordinator)" }) @IsOptional() @Int(1, 60) dueDays?: number;
}

/** A new rule, or a correction of one (the same validity: a new version, with a reason). */
export class RecordRuleDto {
  @ApiProperty({ enum: RULE_SETS }) @IsIn(RULE_SETS) ruleSet!: string;
  @ApiProperty({ enum: [...EXEMPTION_VARIANTS, 'DEFAULT'], description: `EARNINGS_EXEMPTION: ${EXEMPTION_VARIANTS.join(', ')}; the others: DEFAULT` }) @IsIn([...EXEMPTION_VARIANTS, 'DEFAULT']) variant!: string;
  @DateOnly() validFrom!: string;
  @ApiPropertyOptional() @IsOptional() @DateOnly() validTo?: string;
  @ApiProperty({ type: RuleParamsDto }) @IsObject() @ValidateNested() @Type(() => RuleParamsDto) params!: RuleParamsDto;
  @ApiPropertyOptional({ maxLength: 500, description: 'Why: required for a correction (a rule of the same validity exists)' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) reason?: string;
}

export class RuleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RULE_SETS }) ruleSet!: string;
  @ApiProperty() variant!: string;
  @ApiProperty({ format: 'date' }) validFrom!: string;
  @ApiPropertyOptional({ format: 'date' }) validTo?: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ description: 'national (every municipality) or this municipality only' }) scope!: string;
  @ApiProperty({ type: RuleParamsDto }) params!: RuleParamsDto;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ format: 'uuid' }) recordedByOrganisationId?: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class RuleQueryDto {
  @ApiPropertyOptional({ enum: RULE_SETS }) @IsOptional() @IsIn(RULE_SETS) ruleSet?: string;
}

export class RuleListDto {
  @ApiProperty({ type: [RuleDto] }) items!: RuleDto[];
}

// ---- Social cooperative -----------------------------------------------------------------------

/** The municipality's recorded consent to a member on social assistance joining (its decision). */
export class MunicipalConsentDto {
  @DateOnly() decisionDate!: string;
  @ApiProperty({ example: 'Participatiewet art. 31 lid 2 sub n', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) legalBasis!: string;
  @ApiProperty({ example: 'PvA-2024-0113', maxLength: 100, description: 'The plan (plan van aanpak) it belongs to' }) @IsString() @IsNotEmpty() @MaxLength(100) planReference!: string;
}

export class CreateMemberDto {
  @ApiProperty({ format: 'uuid', description: 'The social cooperative (a venue of your municipality)' }) @IsUUID() venueId!: string;
  @ApiProperty({ format: 'uuid', description: 'The young person or adult (a journey of your municipality)' }) @IsUUID() candidateId!: string;
  @DateOnly() joinedOn!: string;
  @ApiProperty({ type: MunicipalConsentDto }) @IsObject() @ValidateNested() @Type(() => MunicipalConsentDto) consent!: MunicipalConsentDto;
  @ApiProperty({ description: 'Alleenstaande ouder: the single-parent exemption after the general one' }) @IsBoolean() singleParent!: boolean;
  @ApiProperty({ description: 'Medische urenbeperking: the medical exemption' }) @IsBoolean() medicalHourLimitation!: boolean;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ format: 'date' }) joinedOn!: string;
  @ApiPropertyOptional({ type: MunicipalConsentDto, description: 'The municipality only' }) consent?: MunicipalConsentDto;
  @ApiPropertyOptional({ description: 'The municipality only' }) singleParent?: boolean;
  @ApiPropertyOptional({ description: 'The municipality only' }) medicalHourLimitation?: boolean;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (a venue: the first name; in the list only; access-logged)' }) person?: PersonDto;
}

export class MemberQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() venueId?: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
}

/** A member's monthly statement, entered by the cooperative. A second one for a month is a correction: it needs a reason. */
export class RecordStatementDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() memberId!: string;
  @Pattern(MONTH, 'month must be a month as YYYY-MM', 'FORMAT_MONTH') month!: string;
  @ApiProperty({ description: 'Hours worked in the month (at most 168 a week), two decimals at most', minimum: 0, maximum: 744 })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(744)
  hoursWorked!: number;
  @Cents('Revenue invoiced') revenueInvoicedCents!: number;
  @Cents('Revenue received') revenueReceivedCents!: number;
  @Cents('Declared costs') declaredCostsCents!: number;
  @Cents('Deposited in the reserve') reserveDepositCents!: number;
  @Cents('Spent from the reserve (investment or training only)') reserveSpendingCents!: number;
  @ApiPropertyOptional({ enum: ['INVESTMENT', 'TRAINING'], description: 'Required when reserveSpendingCents > 0' }) @IsOptional() @IsIn(['INVESTMENT', 'TRAINING']) reserveSpendingPurpose?: string;
  @Cents('Paid out to the member') payoutCents!: number;
  @ApiPropertyOptional({ maxLength: 500, description: 'Required for a second statement of a month (a correction)' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) correctionReason?: string;
}

export class StatementDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty() hoursWorked!: number;
  @ApiProperty({ type: 'integer' }) revenueInvoicedCents!: number;
  @ApiProperty({ type: 'integer' }) revenueReceivedCents!: number;
  @ApiProperty({ type: 'integer' }) declaredCostsCents!: number;
  @ApiProperty({ type: 'integer' }) reserveDepositCents!: number;
  @ApiProperty({ type: 'integer' }) reserveSpendingCents!: number;
  @ApiPropertyOptional() reserveSpendingPurpose?: string;
  @ApiProperty({ type: 'integer' }) payoutCents!: number;
  @ApiProperty({ type: 'integer', description: 'Received less declared costs less the reserve deposit' }) netResultCents!: number;
  @ApiPropertyOptional() correctionReason?: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class SettlementDto {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ type: 'integer' }) statementVersion!: number;
  @ApiProperty({ type: 'integer' }) netResultCents!: number;
  @ApiProperty({ type: 'integer' }) incomeCents!: number;
  @ApiPropertyOptional({ enum: EXEMPTION_VARIANTS }) variant?: string;
  @ApiPropertyOptional({ format: 'uuid' }) ruleId?: string;
  @ApiPropertyOptional({ type: 'integer' }) ruleVersion?: number;
  @ApiProperty({ type: 'integer', description: 'The earnings exemption applied' }) exemptionCents!: number;
  @ApiProperty({ type: 'integer', description: 'Set off against the benefit' }) setOffCents!: number;
  @ApiProperty() capReached!: boolean;
  @ApiProperty() lastExemptionMonth!: boolean;
  @ApiProperty({ description: 'Months of each exemption used, this month included', example: { STANDARD: 1, SINGLE_PARENT: 0, MEDICAL: 0 } }) monthsUsed!: Record<string, number>;
  @ApiProperty({ type: 'integer', description: 'Months in a row, ending with this one, with a net result at or above the benefit level' }) monthsAtOrAboveBenefit!: number;
  @ApiProperty({ description: 'This month completes the configured run: the coordinator considers a move off the benefit' }) outflowToConsider!: boolean;
}

export class SettlementQueryDto {
  @ApiPropertyOptional({ example: '2024-03' }) @IsOptional() @Pattern(MONTH, 'month must be a month as YYYY-MM', 'FORMAT_MONTH') month?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() memberId?: string;
}

export class SettlementListDto {
  @ApiProperty({ type: [SettlementDto] }) items!: SettlementDto[];
}

// ---- A venue's monthly work as tasks ------------------------------------------------------------


export class VenueTaskDto {
  @ApiProperty({ example: 'cooperative.statement:6a1f0c2e-…:2024-03' }) id!: string;
  @ApiProperty({ enum: VENUE_TASK_TYPES, description: 'cooperative.statement: the month’s statement (maandopgave); cooperative.outflow-review, flex.outflow-review: consider a move off the benefit' }) type!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The cooperative member (cooperative tasks)' }) memberId?: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ enum: ['OPEN', 'COMPLETED'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Late: handed to the municipality’s coordinator' }) escalatedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional({ enum: OUTFLOW_REVIEW_OUTCOMES }) outcome?: string;
}

export class VenueTaskQueryDto {
  @ApiPropertyOptional({ enum: ['OPEN', 'COMPLETED'], default: 'OPEN' }) @IsOptional() @IsIn(['OPEN', 'COMPLETED']) status?: string;
}

export class VenueTaskListDto {
  @ApiProperty({ type: [VenueTaskDto] }) items!: VenueTaskDto[];
}

/** The coordinator's decision on an outflow review (a statement task is completed by the statement itself). */
export class CompleteVenueTaskDto {
  @ApiProperty({ enum: OUTFLOW_REVIEW_OUTCOMES }) @IsIn(OUTFLOW_REVIEW_OUTCOMES) outcome!: string;
}

// ---- Flex-work space ----------------------------------------------------------------------------

/** A half-day seat at a flex-work space, booked by the space: a participant from the social domain or a market tenant. */
export class CreateBookingDto {
  @ApiProperty({ format: 'uuid', description: 'The flex-work space (your own)' }) @IsUUID() venueId!: string;
  @DateOnly() day!: string;
  @ApiProperty({ enum: DAY_PARTS, description: 'Half a day (dagdeel); Monday mornings included' }) @IsIn(DAY_PARTS) part!: string;
  @ApiProperty({ enum: TENANT_KINDS, description: 'SOCIAL: a participant (candidateId), on the reserved share; MARKET: a market tenant (tenantName)' }) @IsIn(TENANT_KINDS) tenantKind!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The participant, for SOCIAL' }) @IsOptional() @IsUUID() candidateId?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'The market tenant, for MARKET' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) tenantName?: string;
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ enum: DAY_PARTS }) part!: string;
  @ApiProperty({ enum: TENANT_KINDS }) tenantKind!: string;
  @ApiPropertyOptional({ format: 'uuid' }) candidateId?: string;
  @ApiPropertyOptional() tenantName?: string;
}

export class OccupancyQueryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() venueId!: string;
  @DateOnly() from!: string;
  @DateOnly() to!: string;
}

export class SlotOccupancyDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ enum: DAY_PARTS }) part!: string;
  @ApiProperty({ type: 'integer' }) seats!: number;
  @ApiProperty({ type: 'integer' }) socialSeats!: number;
  @ApiProperty({ type: 'integer' }) bookedSocial!: number;
  @ApiProperty({ type: 'integer' }) bookedMarket!: number;
  @ApiProperty({ type: 'integer', description: 'Booked seats of all seats, basis points' }) occupancyBasisPoints!: number;
}

export class OccupancyDto {
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ type: [SlotOccupancyDto], description: 'Every slot with a booking in the period' }) slots!: SlotOccupancyDto[];
}

/** A participant's net revenue of a month, stated by the flex-work space; a second one for a month is a correction with its reason. */
export class RecordFlexRevenueDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() venueId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() candidateId!: string;
  @Pattern(MONTH, 'month must be a month as YYYY-MM', 'FORMAT_MONTH') month!: string;
  @Cents('Net revenue of the month') netRevenueCents!: number;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) correctionReason?: string;
}

export class FlexMonthDto {
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'integer' }) netRevenueCents!: number;
  @ApiProperty({ type: 'integer', description: 'The goal of the rule in force (kept as an expense allowance)' }) goalCents!: number;
  @ApiProperty() goalMet!: boolean;
  @ApiProperty({ type: 'integer' }) monthsAboveContribution!: number;
  @ApiProperty({ type: 'integer', description: 'Contribution to the facilities due for the month' }) contributionDueCents!: number;
  @ApiProperty({ type: 'integer' }) monthsAboveOutflow!: number;
  @ApiProperty({ description: 'This month completes the run above the outflow threshold: the coordinator considers outflow' }) outflowToConsider!: boolean;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (a venue: the first name; in the list only; access-logged)' }) person?: PersonDto;
}

export class FlexMonthQueryDto {
  @ApiPropertyOptional({ example: '2024-03' }) @IsOptional() @Pattern(MONTH, 'month must be a month as YYYY-MM', 'FORMAT_MONTH') month?: string;
}

export class FlexMonthListDto {
  @ApiProperty({ type: [FlexMonthDto] }) items!: FlexMonthDto[];
}

/** A central service a participant offers (bookkeeping, …): cheap for the social domain, the normal rate on the market. */
export class CreateFlexServiceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() venueId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() candidateId!: string;
  @ApiProperty({ example: 'Boekhouding', maxLength: 120 }) @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @Cents('Rate for participants from the social domain, per hour') socialRateCents!: number;
  @Cents('Rate on the market, per hour') marketRateCents!: number;
}

export class FlexServiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) socialRateCents!: number;
  @ApiProperty({ type: 'integer' }) marketRateCents!: number;
}

export class FlexServiceListDto {
  @ApiProperty({ type: [FlexServiceDto] }) items!: FlexServiceDto[];
}

// ---- Social Firm --------------------------------------------------------------------------------

const HOURS = { minimum: 0, maximum: 168 };

/** A worker of the firm's register; the firm's own reference names the worker, never the BSN. */
export class CreateFirmWorkerDto {
  @ApiProperty({ format: 'uuid', description: 'The Social Firm (your own)' }) @IsUUID() venueId!: string;
  @ApiProperty({ example: 'SB-0042', maxLength: 50, description: "The firm's own reference (personeelsnummer); never a BSN" })
  @Pattern(/^(?![0-9]{9}$)[A-Za-z0-9_.-]{1,50}$/, 'workerReference must be the firm’s own reference of 1-50 letters, digits, "_", "." or "-", never a BSN', 'FORMAT_WORKER_REFERENCE')
  workerReference!: string;
  @ApiProperty({ enum: EMPLOYMENT_FORMS }) @IsIn(EMPLOYMENT_FORMS) employmentForm!: string;
  @ApiProperty({ ...HOURS, description: 'Contract hours a week (two decimals at most)' }) @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(168) contractHoursPerWeek!: number;
  @ApiProperty({ ...HOURS, description: 'Paid hours a week (two decimals at most)' }) @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }) @Min(0) @Max(168) paidHoursPerWeek!: number;
  @ApiProperty({ description: 'In the target-group register (doelgroepregister)' }) @IsBoolean() inTargetGroupRegister!: boolean;
  @ApiPropertyOptional({ enum: REGISTER_BASES, description: 'On which basis, when in the register' }) @IsOptional() @IsIn(REGISTER_BASES) registerBasis?: string;
  @DateOnly() startedOn!: string;
  @ApiPropertyOptional() @IsOptional() @DateOnly() endedOn?: string;
}

const Hours = (description: string): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ ...HOURS, description }), IsOptional(), IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }), Min(0), Max(168));

/** New terms of a register entry from a day (any of form and hours), with why; the entry's history keeps the old ones. */
export class ChangeFirmWorkerDto {
  @DateOnly() effectiveFrom!: string;
  @ApiPropertyOptional({ enum: EMPLOYMENT_FORMS }) @IsOptional() @IsIn(EMPLOYMENT_FORMS) employmentForm?: string;
  @Hours('New contract hours a week (two decimals at most)') contractHoursPerWeek?: number;
  @Hours('New paid hours a week (two decimals at most)') paidHoursPerWeek?: number;
  @ApiProperty({ maxLength: 500, example: 'Op eigen verzoek minder uren' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

/** The end of a register entry's employment: its last day, with why. */
export class EndFirmWorkerDto {
  @DateOnly() endedOn!: string;
  @ApiProperty({ maxLength: 500, example: 'Contract niet verlengd' }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class FirmWorkerChangeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ format: 'date', description: 'New terms hold from this day; an end: the last day of employment' }) effectiveFrom!: string;
  @ApiPropertyOptional({ enum: EMPLOYMENT_FORMS }) employmentForm?: string;
  @ApiPropertyOptional() contractHoursPerWeek?: number;
  @ApiPropertyOptional() paidHoursPerWeek?: number;
  @ApiProperty() ends!: boolean;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'uuid' }) recordedByOrganisationId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class FirmWorkerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The journey placed at the firm, when it entered the register that way' }) candidateId?: string;
  @ApiProperty() workerReference!: string;
  @ApiProperty({ enum: EMPLOYMENT_FORMS }) employmentForm!: string;
  @ApiProperty() contractHoursPerWeek!: number;
  @ApiProperty() paidHoursPerWeek!: number;
  @ApiProperty() inTargetGroupRegister!: boolean;
  @ApiPropertyOptional({ enum: REGISTER_BASES }) registerBasis?: string;
  @ApiProperty({ format: 'date' }) startedOn!: string;
  @ApiPropertyOptional({ format: 'date' }) endedOn?: string;
  @ApiProperty({ type: [FirmWorkerChangeDto], description: 'Every change of the entry, oldest first; the fields above are the terms in effect today' }) changes!: FirmWorkerChangeDto[];
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (a venue: the first name; in the list only; access-logged)' }) person?: PersonDto;
}

export class FirmWorkerListDto {
  @ApiProperty({ type: [FirmWorkerDto] }) items!: FirmWorkerDto[];
}

export class InclusionQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One firm (a firm: itself)' }) @IsOptional() @IsUUID() venueId?: string;
  @Pattern(MONTH, 'month must be a month as YYYY-MM', 'FORMAT_MONTH') month!: string;
}

export class InclusionShareDto {
  @ApiProperty({ format: 'uuid' }) venueId!: string;
  @ApiProperty() venueName!: string;
  @ApiProperty({ example: '2024-03' }) month!: string;
  @ApiProperty({ type: 'integer' }) headcount!: number;
  @ApiProperty({ type: 'integer' }) inclusionHeadcount!: number;
  @ApiProperty({ type: 'integer', description: 'Basis points (5000 = 50%)' }) headcountShareBasisPoints!: number;
  @ApiProperty({ description: 'Paid hours a week of all workers' }) hoursPerWeek!: number;
  @ApiProperty() inclusionHoursPerWeek!: number;
  @ApiProperty({ type: 'integer', description: 'Basis points' }) hoursShareBasisPoints!: number;
  @ApiProperty({ type: 'integer', description: "The firm's target, basis points" }) targetBasisPoints!: number;
  @ApiProperty({ type: 'integer', description: "The market's share, basis points, for comparison" }) marketBasisPoints!: number;
  @ApiProperty() targetMet!: boolean;
  @ApiProperty({ description: 'Banenafspraak jobs (25.5 paid hours a week = 1, other hours pro rata), two decimals' }) jobsAgreementJobs!: number;
}

export class InclusionListDto {
  @ApiProperty({ type: [InclusionShareDto] }) items!: InclusionShareDto[];
}
