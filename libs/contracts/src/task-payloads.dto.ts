/**
 * The payload of each task type as a class-validator DTO, for the API (and its OpenAPI schema).
 * The workflow validates the same payloads with the pure schema in libs/domain/src/tasks.ts,
 * because class-validator cannot run in the workflow sandbox; a test keeps the two in step.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { FUNDING_ROUTES, type FundingRoute } from '../../domain/src/routes';
import type { TaskType } from '../../domain/src/tasks';
import { Code, Codes, DateOnly, Int } from './field-rules';

export class IntakeAcceptPayload {
  @ApiProperty({ enum: ['ACCEPT', 'REJECT'] }) @IsIn(['ACCEPT', 'REJECT']) decision!: 'ACCEPT' | 'REJECT';
  @ApiPropertyOptional() @IsOptional() @Code() reasonCode?: string;
}

export class IntakeMeetingPayload {
  @ApiProperty({ example: '2026-11-05' }) @DateOnly() meetingDate!: string;
  @ApiProperty({ example: ['WORK_OUTDOORS'] }) @Codes(10) goalCodes!: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() notesDocumentId?: string;
}

export class ProfileTalentsPayload {
  @Codes(20) talentCodes!: string[];
  @Codes(20) interestCodes!: string[];
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() profileDocumentId?: string;
}

export class OrientationProposePayload {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 3 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @ArrayUnique() @IsUUID('all', { each: true })
  employerIds!: string[];
}

export class DecisionPayload {
  @ApiProperty({ enum: ['ACCEPT', 'DECLINE'] }) @IsIn(['ACCEPT', 'DECLINE']) decision!: 'ACCEPT' | 'DECLINE';
  @ApiPropertyOptional() @IsOptional() @Code() reasonCode?: string;
}

export class OrientationRespondPayload extends DecisionPayload {
  @ApiPropertyOptional({ example: '2026-11-20' }) @IsOptional() @DateOnly() orientationDate?: string;
}

export class OrientationFeedbackPayload {
  @Int(1, 5) rating!: number;
  @Codes(20) fitCodes!: string[];
  @ApiProperty() @IsBoolean() recommend!: boolean;
}

export class DiscoverConcludePayload {
  @ApiProperty({ enum: ['READY_FOR_ANALYSE', 'MORE_ORIENTATIONS'] })
  @IsIn(['READY_FOR_ANALYSE', 'MORE_ORIENTATIONS'])
  decision!: 'READY_FOR_ANALYSE' | 'MORE_ORIENTATIONS';
}

export class SupportPlanPayload {
  @ApiProperty({ format: 'uuid', description: 'The support plan document (kept in PostgreSQL, not in the workflow)' })
  @IsUUID()
  supportPlanDocumentId!: string;
  @Codes(20) supportCodes!: string[];
  @Int(0, 40) jobCoachHoursPerWeek!: number;
}

export class MatchPayload {
  @ApiProperty({ format: 'uuid' }) @IsUUID() employerId!: string;
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 3 })
  @IsOptional() @IsArray() @ArrayMaxSize(3) @ArrayUnique() @IsUUID('all', { each: true })
  alternativeEmployerIds?: string[];
  @ApiProperty() @Code() roleCode!: string;
  @Int(1, 40) hoursPerWeek!: number;
  @Int(1, 104) durationWeeks!: number;
  @ApiProperty({ enum: FUNDING_ROUTES, description: 'A proposal only: the route is fixed at the placement outcome' })
  @IsIn(FUNDING_ROUTES)
  proposedRoute!: FundingRoute;
}

export class AnalyseDecisionPayload {
  @ApiProperty({ enum: ['APPROVE', 'REVISE'] }) @IsIn(['APPROVE', 'REVISE']) decision!: 'APPROVE' | 'REVISE';
  @ApiPropertyOptional({ enum: FUNDING_ROUTES }) @IsOptional() @IsIn(FUNDING_ROUTES) proposedRoute?: FundingRoute;
  @ApiPropertyOptional() @IsOptional() @Code() reasonCode?: string;
}

export class PlacementAgreementPayload {
  @ApiProperty({ enum: [true] }) @IsBoolean() @Equals(true) signed!: true;
  @ApiProperty({ example: '2026-12-01' }) @DateOnly() signedOn!: string;
}

export class PlacementStartPayload {
  @ApiProperty({ example: '2026-12-02' }) @DateOnly() startDate!: string;
}

export class PlacementEvaluationPayload {
  @Int(1, 5) rating!: number;
  @Codes(20) progressCodes!: string[];
  @ApiProperty() @IsBoolean() continuePlacement!: boolean;
}

export class PlacementOutcomePayload {
  @ApiProperty({ enum: ['PAID_WORK', 'EXTEND', 'END', 'EXIT'] })
  @IsIn(['PAID_WORK', 'EXTEND', 'END', 'EXIT'])
  decision!: 'PAID_WORK' | 'EXTEND' | 'END' | 'EXIT';
  @ApiPropertyOptional({ enum: FUNDING_ROUTES, description: 'Required for PAID_WORK: the label, fixed now' })
  @IsOptional()
  @IsIn(FUNDING_ROUTES)
  route?: FundingRoute;
  @ApiPropertyOptional() @IsOptional() @Code() reasonCode?: string;
}

export class JobFollowUpPayload {
  @ApiProperty() @IsBoolean() stillEmployed!: boolean;
  @ApiPropertyOptional() @IsOptional() @Code() contractCode?: string;
  @ApiPropertyOptional() @IsOptional() @Code() reasonCode?: string;
}

/** The DTO of each task type's payload. */
export const TASK_PAYLOAD_DTOS: Record<TaskType, new () => object> = {
  'intake.accept': IntakeAcceptPayload,
  'intake.meeting': IntakeMeetingPayload,
  'profile.talents': ProfileTalentsPayload,
  'orientation.propose': OrientationProposePayload,
  'orientation.respond': OrientationRespondPayload,
  'orientation.feedback': OrientationFeedbackPayload,
  'discover.conclude': DiscoverConcludePayload,
  'analyse.support-plan': SupportPlanPayload,
  'analyse.match': MatchPayload,
  'analyse.decision': AnalyseDecisionPayload,
  'placement.offer': DecisionPayload,
  'placement.agreement': PlacementAgreementPayload,
  'placement.start': PlacementStartPayload,
  'placement.evaluation': PlacementEvaluationPayload,
  'placement.outcome': PlacementOutcomePayload,
  'job.follow-up': JobFollowUpPayload,
};
