import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LabelDto, TaskFieldDto, TaskTypePageDto } from '../../../../libs/contracts/src/task-catalogue.dto';
import { taskCatalogue } from '../../../../libs/domain/src/method/catalogue';
import { ApiProblems } from '../common/api-problems.decorator';

const CATALOGUE: TaskTypePageDto = { items: taskCatalogue() };

/** The method's task catalogue, for clients that render every form without knowing the method. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiExtraModels(LabelDto, TaskFieldDto)
@Controller('task-types')
export class TaskTypesController {
  @Get()
  @ApiOperation({
    summary: 'Every task type: its step, who does it, the JSON Schema of its payload, and Dutch and English labels of every field and code',
  })
  @ApiOkResponse({ type: TaskTypePageDto })
  @ApiProblems(401)
  list(): TaskTypePageDto {
    return CATALOGUE;
  }
}
