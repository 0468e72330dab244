import { CandidateEntity } from './candidate.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { JourneyEventEntity } from './journey-event.entity';
import { JourneyEntity } from './journey.entity';
import { OrganisationEntity } from './organisation.entity';
import { ReferralEntity } from './referral.entity';

export { CandidateEntity, IdempotencyKeyEntity, JourneyEntity, JourneyEventEntity, OrganisationEntity, ReferralEntity };

export const ENTITIES = [
  OrganisationEntity,
  CandidateEntity,
  ReferralEntity,
  JourneyEntity,
  JourneyEventEntity,
  IdempotencyKeyEntity,
];
