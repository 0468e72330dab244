import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of a journey's timeline; (journey, sequence) makes a replayed projection a no-op. */
@Entity({ name: 'journey_events' })
export class JourneyEventEntity {
  @PrimaryColumn('uuid', { name: 'candidate_id' })
  candidateId!: string;

  @PrimaryColumn('integer')
  sequence!: number;

  @Column('text')
  type!: string;

  @Column('text')
  step!: string;

  @Column('uuid', { name: 'actor_organisation_id', nullable: true })
  actorOrganisationId!: string | null;

  @Column('text', { name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('jsonb', { default: () => "'{}'::jsonb" })
  data!: Record<string, unknown>;
}
