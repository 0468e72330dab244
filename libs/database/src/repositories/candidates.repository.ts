import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** The young person's personal data as stored (special-category data: read through the access check, logged). */
export interface CandidateRow {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  situation: string;
  consent_given_by: string;
  consent_given_at: Date;
}

/** All I/O of candidates (the young people's personal data), for the API and the activities. */
@Injectable()
export class CandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, c: { id: string; municipalityId: string; firstName: string; lastName: string; dateOfBirth: string }): Promise<void> {
    await tx.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, $3, $4, $5)`, [
      c.id,
      c.municipalityId,
      c.firstName,
      c.lastName,
      c.dateOfBirth,
    ]);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.dataSource.query(`SELECT 1 FROM candidates WHERE id = $1`, [id])).length > 0;
  }

  /** The first name alone (what a notification may name a young person by). */
  async firstName(id: string): Promise<string | undefined> {
    const rows: { first_name: string }[] = await this.dataSource.query(`SELECT first_name FROM candidates WHERE id = $1`, [id]);
    return rows[0]?.first_name;
  }

  /** The personal data with what the referral said (situation, consent). */
  async find(id: string): Promise<CandidateRow | undefined> {
    const rows: CandidateRow[] = await this.dataSource.query(
      `SELECT c.id, c.first_name, c.last_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              r.situation, r.consent_given_by, r.consent_given_at
       FROM candidates c JOIN referrals r ON r.candidate_id = c.id WHERE c.id = $1`,
      [id],
    );
    return rows[0];
  }
}
