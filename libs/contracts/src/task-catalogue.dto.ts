import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { JourneyStep } from '../../domain/src/journey';
import { TASK_TYPES, type CatalogueEntry, type CatalogueField } from '../../domain/src/method/catalogue';

export class LabelDto {
  @ApiProperty({ example: 'Reageren op oriëntatieverzoek' }) nl!: string;
  @ApiProperty({ example: 'Respond to an orientation request' }) en!: string;
}

export class TaskFieldDto implements CatalogueField {
  @ApiProperty({ type: LabelDto }) label!: LabelDto;
  @ApiPropertyOptional({ type: LabelDto }) help?: LabelDto;
  @ApiProperty({ enum: ['choice', 'multi-choice', 'text', 'number', 'date', 'checkbox', 'organisation', 'document', 'workplace'] })
  input!: CatalogueField['input'];
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: getSchemaPath(LabelDto) }, description: 'The label of every value a choice allows' })
  codes?: Record<string, LabelDto>;
  @ApiPropertyOptional({ example: 'EMPLOYER', description: 'For `organisation`: the type of organisation to choose (GET /organisations)' })
  organisationType?: string;
  @ApiPropertyOptional({ example: 'employerId', description: 'For `workplace`: the field naming the host whose active workplaces with a free place are offered (GET /workplaces)' })
  workplaceOf?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { decision: ['DECLINE'] },
    description: 'Shown only when another field has one of these values',
  })
  visibleWhen?: Record<string, readonly string[]>;
}

export class TaskTypeDto implements CatalogueEntry {
  @ApiProperty({ enum: TASK_TYPES }) type!: CatalogueEntry['type'];
  @ApiProperty({ enum: Object.values(JourneyStep) }) step!: CatalogueEntry['step'];
  @ApiProperty({ example: 'EMPLOYER', description: 'The organisation type that does it (the first, when more do: see assignees)' }) assignee!: string;
  @ApiProperty({ type: [String], example: ['EMPLOYER', 'CARE_PROVIDER'] }) assignees!: string[];
  @ApiProperty({ type: LabelDto }) label!: LabelDto;
  @ApiProperty({ type: LabelDto }) description!: LabelDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'JSON Schema (draft 2020-12) of the payload, with the formats date (one the calendar has), uuid and reference (a document reference) and the keywords x-notAfterToday (a date not after today in the Netherlands) and x-alternativesTo (a list never holding the value of the field it names)',
  })
  payloadSchema!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(TaskFieldDto) }, description: 'Every payload field, in display order' })
  fields!: Record<string, TaskFieldDto>;
}

export class TaskTypePageDto {
  @ApiProperty({ type: [TaskTypeDto] }) items!: TaskTypeDto[];
}
