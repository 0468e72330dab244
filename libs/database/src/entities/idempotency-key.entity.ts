import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A command's Idempotency-Key, in one key space per organisation: which command it was and, once
 * it succeeded, its answer (see IdempotencyKeysRepository).
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('text')
  key!: string;

  /** Method and route, e.g. "POST /journeys/{candidateId}/tasks/{taskId}/complete". */
  @Column('text')
  command!: string;

  /** The route's path parameters, e.g. { candidateId, taskId }. */
  @Column('jsonb')
  params!: Record<string, string>;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  /** What the command made or changed, once written (a command that writes in PostgreSQL). */
  @Column('uuid', { name: 'resource_id', nullable: true })
  resourceId!: string | null;

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column('jsonb', { name: 'response_body', nullable: true })
  responseBody!: unknown;

  @Column('timestamptz', { name: 'answered_at', nullable: true })
  answeredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
