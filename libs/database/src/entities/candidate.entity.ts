import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A young person. Special-category personal data: it lives here, never in Temporal. */
@Entity({ name: 'candidates' })
export class CandidateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'municipality_id' })
  municipalityId!: string;

  @Column('text', { name: 'first_name' })
  firstName!: string;

  @Column('text', { name: 'last_name' })
  lastName!: string;

  @Column('date', { name: 'date_of_birth' })
  dateOfBirth!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
