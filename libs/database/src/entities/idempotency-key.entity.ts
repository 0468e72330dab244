import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A command's Idempotency-Key, so a retried request has exactly one effect. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  /** Who sent it and to which command, e.g. "referrals:<organisation id>". */
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('text')
  key!: string;

  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('uuid', { name: 'resource_id' })
  resourceId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
