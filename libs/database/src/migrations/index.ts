import { InitialSchema1763870000000 } from './1763870000000-initial-schema';
import { HumanTasks1763880000000 } from './1763880000000-human-tasks';
import { AccessLog1763890000000 } from './1763890000000-access-log';
import { Workplaces1763900000000 } from './1763900000000-workplaces';
import { Users1763910000000 } from './1763910000000-users';
import { Pipeline1763920000000 } from './1763920000000-pipeline';
import { PipelineAggregates1763930000000 } from './1763930000000-pipeline-aggregates';
import { ProjectionFence1763940000000 } from './1763940000000-projection-fence';
import { WorkerHeartbeats1763950000000 } from './1763950000000-worker-heartbeats';
import { IdempotencyCommands1763960000000 } from './1763960000000-idempotency-commands';
import { Platform1763970000000 } from './1763970000000-platform';
import { PipelineAggregateDeltas1763980000000 } from './1763980000000-pipeline-aggregate-deltas';
import { Privacy1764100000000 } from './1764100000000-privacy';
import { Notifications1764200000000 } from './1764200000000-notifications';
import { Venues1764300000000 } from './1764300000000-venues';
import { VenueTasks1764300000001 } from './1764300000001-venue-tasks';
import { FlexWorkspace1764300000002 } from './1764300000002-flex-workspace';
import { SocialFirm1764300000003 } from './1764300000003-social-firm';
import { SocialFirmWorkerChanges1764300100000 } from './1764300100000-social-firm-worker-changes';
import { VenueDataVersions1764300100001 } from './1764300100001-venue-data-versions';
import { IdempotencyTextResource1764300100002 } from './1764300100002-idempotency-text-resource';
import { StatementDueRule1764300100003 } from './1764300100003-statement-due-rule';
import { JourneyNotices1764400000000 } from './1764400000000-journey-notices';
import { ProjectionFunction1764500000000 } from './1764500000000-projection-function';
import { ListReads1765300000001 } from './1765300000001-list-reads';
import { WorkplaceHalfHours1765700000001 } from './1765700000001-workplace-half-hours';
import { FourEyesFunding1765700000002 } from './1765700000002-four-eyes-funding';
import { WorkplaceOccupancy1765700000003 } from './1765700000003-workplace-occupancy';
import { CommittedRows1765800000001 } from './1765800000001-committed-rows';

/** Every migration, in order. Add new ones at the end; never edit a shipped one. */
export const MIGRATIONS = [
  InitialSchema1763870000000,
  HumanTasks1763880000000,
  AccessLog1763890000000,
  Workplaces1763900000000,
  Users1763910000000,
  Pipeline1763920000000,
  PipelineAggregates1763930000000,
  ProjectionFence1763940000000,
  WorkerHeartbeats1763950000000,
  IdempotencyCommands1763960000000,
  Platform1763970000000,
  PipelineAggregateDeltas1763980000000,
  Privacy1764100000000,
  Notifications1764200000000,
  Venues1764300000000,
  VenueTasks1764300000001,
  FlexWorkspace1764300000002,
  SocialFirm1764300000003,
  SocialFirmWorkerChanges1764300100000,
  VenueDataVersions1764300100001,
  IdempotencyTextResource1764300100002,
  StatementDueRule1764300100003,
  JourneyNotices1764400000000,
  ProjectionFunction1764500000000,
  ListReads1765300000001,
  WorkplaceHalfHours1765700000001,
  FourEyesFunding1765700000002,
  WorkplaceOccupancy1765700000003,
  CommittedRows1765800000001,
];
