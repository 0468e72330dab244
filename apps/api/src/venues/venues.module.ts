import { Module } from '@nestjs/common';
import { FlexWorkspaceController } from './flex-workspace.controller';
import { FlexWorkspaceRepository } from './flex-workspace.repository';
import { FlexWorkspaceService } from './flex-workspace.service';
import { SocialFirmController } from './social-firm.controller';
import { SocialFirmRepository } from './social-firm.repository';
import { SocialFirmService } from './social-firm.service';
import { VenuesController } from './venues.controller';
import { VenuesRepository } from './venues.repository';
import { VenuesService } from './venues.service';

/** Placement venues: registration and rules, the social cooperative, the Social Firm, the flex-work space. */
@Module({
  controllers: [VenuesController, SocialFirmController, FlexWorkspaceController],
  providers: [VenuesService, VenuesRepository, SocialFirmService, SocialFirmRepository, FlexWorkspaceService, FlexWorkspaceRepository],
})
export class VenuesModule {}
