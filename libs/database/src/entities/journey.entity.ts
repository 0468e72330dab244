import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JourneyStatus, JourneyStep } from '../../../domain/src/journey';

/** Read model of a journey, written only by the projection activity. */
@Entity({ name: 'journeys' })
export class JourneyEntity {
  @PrimaryColumn('uuid', { name: 'candidate_id' })
  candidateId!: string;

  @Column('text', { name: 'workflow_id', unique: true })
  workflowId!: string;

  @Column('uuid', { name: 'municipality_id' })
  municipalityId!: string;

  @Column('uuid', { name: 'care_provider_id', nullable: true })
  careProviderId!: string | null;

  @Column('uuid', { name: 'referrer_organisation_id' })
  referrerOrganisationId!: string;

  @Column('text')
  step!: JourneyStep;

  @Column('text')
  status!: JourneyStatus;

  @Column('integer')
  sequence!: number;

  @Column('timestamptz', { name: 'referred_at' })
  referredAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** `STEP:STATUS` */
  @Column('text')
  phase!: string;

  @Column('uuid', { name: 'employer_ids', array: true })
  employerIds!: string[];

  @Column('text', { name: 'proposed_route', nullable: true })
  proposedRoute!: string | null;

  /** The funding route, fixed at the placement outcome. */
  @Column('text', { nullable: true })
  route!: string | null;

  @Column('integer', { name: 'run_count' })
  runCount!: number;

  @Column('uuid', { name: 'current_employer_id', nullable: true })
  currentEmployerId!: string | null;

  /** [run, history length, workflow task time] of the last projection written (see writeJourneyProjection). */
  @Column('bigint', { name: 'projection_fence', array: true, nullable: true })
  projectionFence!: string[] | null;
}
