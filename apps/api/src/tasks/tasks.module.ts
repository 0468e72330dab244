import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { WorkplacesModule } from '../workplaces/workplaces.module';

@Module({ imports: [WorkplacesModule], controllers: [TasksController], providers: [TasksService, TasksRepository] })
export class TasksModule {}
