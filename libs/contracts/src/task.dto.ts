import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { JourneyStep } from '../../domain/src/journey';
import { CASE_ROLES } from '../../domain/src/organisation';
import { TASK_TYPES, type TaskType } from '../../domain/src/method/catalogue';
import { VOCABULARIES } from '../../domain/src/method/vocabularies';
import { PersonDto } from './person.dto';
import { PURPOSE_CODES, type Purpose } from '../../domain/src/privacy';
import { TaskStatus } from '../../domain/src/tasks';
import { Code, Int, Pattern, SUBJECT, toBoolean, toInt } from './field-rules';


export class InboxQueryDto {
  @ApiPropertyOptional({ enum: Object.values(JourneyStep) }) @IsOptional() @IsIn(Object.values(JourneyStep)) step?: JourneyStep;
  @ApiPropertyOptional({ enum: TASK_TYPES }) @IsOptional() @IsIn(TASK_TYPES) type?: TaskType;
  @ApiPropertyOptional({ enum: Object.values(TaskStatus), description: 'Default: OPEN and CLAIMED' })
  @IsOptional()
  @IsIn(Object.values(TaskStatus))
  status?: TaskStatus;
  @ApiPropertyOptional({ description: 'Only open tasks past their due date' }) @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ description: "Only tasks claimed by the caller" }) @IsOptional() @Transform(toBoolean) @IsBoolean() mine?: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only tasks of this journey (candidate id)' }) @IsOptional() @IsUUID() journey?: string;
  @ApiPropertyOptional({ description: 'From the previous page' })
  @IsOptional()
  @MaxLength(400)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by this endpoint' })
  cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class TaskAssigneeDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ example: 'coordinator' }) role!: string;
  @ApiPropertyOptional() userId?: string;
}

/** The host (employer or venue) a task is about. */
export class TaskHostDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
}

/** A human task in an inbox: what is asked, of whom, by when. */
export class TaskDto {
  @ApiProperty({ format: 'uuid' }) candidateId!: string;
  @ApiProperty({ example: 'intake.accept#1' }) taskId!: string;
  @ApiProperty({ enum: TASK_TYPES }) type!: TaskType;
  @ApiProperty({ enum: Object.values(JourneyStep) }) step!: JourneyStep;
  @ApiProperty({ enum: Object.values(TaskStatus) }) status!: TaskStatus;
  @ApiProperty({ type: TaskAssigneeDto }) assignee!: TaskAssigneeDto;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: 'Escalated to the municipal coordinator' }) escalated!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: TaskHostDto, description: 'The host the task is about (orientation, offer, agreement): who the feedback or the decision concerns' }) host?: TaskHostDto;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who it is about, as far as your part and the consent allow (access-logged)' }) person?: PersonDto;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiPropertyOptional({ description: 'Pass as ?cursor= for the next page; absent on the last page' }) nextCursor?: string;
}

/** The completion body; the OpenAPI document states it per task type (taskCompletionSchemas). */
export class CompleteTaskDto {
  @ApiPropertyOptional({ enum: TASK_TYPES, description: 'The type of the task (the part of taskId before #): names the payload schema; refused when it is not the task\'s' })
  @IsOptional()
  @IsIn(TASK_TYPES)
  taskType?: TaskType;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The task type's payload: the *Payload schema of its type (GET /task-types serves each with its labels)" })
  @IsObject()
  payload!: Record<string, unknown>;
}

export class TaskActResultDto {
  @ApiPropertyOptional() taskId?: string;
  @ApiProperty({ enum: Object.values(JourneyStep) }) step!: string;
  @ApiProperty() status!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty({ type: [String], description: 'Tasks this act opened' }) openedTaskIds!: string[];
}

export class ReassignTaskDto {
  @ApiProperty({ format: 'uuid', description: 'The organisation that takes the task over' }) @IsUUID() organisationId!: string;
  @ApiProperty({ enum: CASE_ROLES, example: 'support-worker' }) @IsIn(CASE_ROLES) role!: string;
  @ApiPropertyOptional({ description: "A person in that organisation (the subject of the user's sign-in); the task is then claimed for them" })
  @IsOptional()
  @Pattern(SUBJECT, 'userId must be 1-200 visible characters')
  userId?: string;
  @ApiProperty({ enum: Object.keys(VOCABULARIES.reassignReason), description: 'Why the task changes hands: recorded in the timeline' })
  @IsIn(Object.keys(VOCABULARIES.reassignReason))
  reasonCode!: string;
}

export class JourneyActDto {
  @ApiPropertyOptional({ example: 'CONSENT_REVOKED' }) @IsOptional() @Code() reasonCode?: string;
}

export class TransferDto {
  @ApiProperty({ format: 'uuid', description: 'The care provider that takes the journey over' }) @IsUUID() careProviderId!: string;
}

export class WorkProfileDto {
  @ApiProperty({ type: [String] }) talentCodes!: string[];
  @ApiProperty({ type: [String] }) interestCodes!: string[];
}

export class ProposedRoleDto {
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiProperty() roleCode!: string;
  @ApiProperty() hoursPerWeek!: number;
  @ApiProperty() durationWeeks!: number;
}

export class AgreedSupportDto {
  @ApiProperty({ type: [String] }) supportCodes!: string[];
  @ApiProperty() jobCoachHoursPerWeek!: number;
}

export class AttemptDto {
  @ApiProperty({ enum: ['ORIENTATION', 'PLACEMENT', 'JOB'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiProperty() outcome!: string;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiPropertyOptional() route?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** One party's feedback on an orientation day. */
export class OrientationFeedbackDto {
  @ApiProperty({ format: 'uuid', description: 'Who gave it (the host or the care provider)' }) organisationId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: [String], description: 'What stood out (vocabulary fit)' }) fitCodes!: string[];
  @ApiProperty() recommend!: boolean;
}

/** An orientation at a host: its answer and the feedback on it. */
export class OrientationDto {
  @ApiProperty({ format: 'uuid' }) employerId!: string;
  @ApiPropertyOptional({ enum: ['ACCEPT', 'DECLINE'], description: "The host's answer; absent while it has not answered" }) decision?: string;
  @ApiPropertyOptional({ description: 'Why it declined' }) reasonCode?: string;
  @ApiPropertyOptional({ format: 'date' }) orientationDate?: string;
  @ApiProperty({ type: [OrientationFeedbackDto] }) feedback!: OrientationFeedbackDto[];
}

/** One party's evaluation of the running placement. */
export class EvaluationDto {
  @ApiProperty({ format: 'uuid', description: 'Who evaluated (the host or the care provider)' }) organisationId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: [String], description: 'Progress seen (vocabulary progress)' }) progressCodes!: string[];
  @ApiProperty() continuePlacement!: boolean;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** A task with what its assignee needs to decide it; an employer gets the work profile and agreed support only. */
export class TaskDetailDto {
  @ApiProperty({ type: TaskDto }) task!: TaskDto;
  @ApiProperty({ enum: PURPOSE_CODES, description: 'Why the data was read (follows from your part in the journey; the access log keeps it)' }) purpose!: Purpose;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who the task is about, as far as your part and the consent allow' }) person?: PersonDto;
  @ApiPropertyOptional({ description: "The young person's situation as referred (the intake's decision rests on it); not for hosts" }) situation?: string;
  @ApiPropertyOptional({ type: WorkProfileDto }) profile?: WorkProfileDto;
  @ApiPropertyOptional({ type: ProposedRoleDto }) match?: ProposedRoleDto;
  @ApiPropertyOptional({ type: AgreedSupportDto }) agreedSupport?: AgreedSupportDto;
  @ApiPropertyOptional({ description: 'Not for employers' }) proposedRoute?: string;
  @ApiPropertyOptional({ type: [AttemptDto], description: 'What was tried; not for employers' }) attempts?: AttemptDto[];
  @ApiPropertyOptional({ type: [String], description: "The goals of the intake meeting (proposing orientations, concluding discover, the match); not for employers" }) goalCodes?: string[];
  @ApiPropertyOptional({ type: [OrientationDto], description: 'The orientations with their answers and feedback (proposing orientations again, concluding discover, the match); not for employers' }) orientations?: OrientationDto[];
  @ApiPropertyOptional({ type: [EvaluationDto], description: "The placement's evaluations (the outcome); not for employers" }) evaluations?: EvaluationDto[];
}
