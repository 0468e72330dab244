import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { OrganisationType } from '../../../domain/src/organisation';

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  type!: OrganisationType;

  /** The municipality (gemeente) whose area the organisation works in; itself for a municipality. */
  @Column('uuid', { name: 'municipality_id' })
  municipalityId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
