import { Global, Module } from '@nestjs/common';
import { JourneyWorkflowGateway } from './journey-workflow.gateway';

@Global()
@Module({ providers: [JourneyWorkflowGateway], exports: [JourneyWorkflowGateway] })
export class TemporalModule {}
