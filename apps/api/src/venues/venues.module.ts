import { Module } from '@nestjs/common';
import { FlexWorkspaceController } from './flex-workspace.controller';
import { FlexWorkspaceRepository } from './flex-workspace.repository';
import { FlexWorkspaceService } from './flex-workspace.service';
import { VenuesController } from './venues.controller';
import { VenuesRepository } from './venues.repository';
import { VenuesService } from './venues.service';

@Module({ controllers: [VenuesController, FlexWorkspaceController], providers: [VenuesService, VenuesRepository, FlexWorkspaceService, FlexWorkspaceRepository] })
export class VenuesModule {}
