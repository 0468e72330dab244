import { Module } from '@nestjs/common';
import { PipelineController } from './pipeline.controller';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';

/** Pipeline monitoring for municipal coordinators, from the read model; reconciliation on demand. */
@Module({ controllers: [PipelineController], providers: [PipelineService, PipelineRepository] })
export class PipelineModule {}
