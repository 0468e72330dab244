import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A referral (aanmelding) by a care provider or school, with the consent it rests on. */
@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'candidate_id', unique: true })
  candidateId!: string;

  @Column('uuid', { name: 'referrer_organisation_id' })
  referrerOrganisationId!: string;

  @Column('uuid', { name: 'municipality_id' })
  municipalityId!: string;

  @Column('uuid', { name: 'care_provider_id', nullable: true })
  careProviderId!: string | null;

  @Column('text')
  situation!: string;

  @Column('text', { name: 'consent_given_by' })
  consentGivenBy!: string;

  @Column('timestamptz', { name: 'consent_given_at' })
  consentGivenAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
