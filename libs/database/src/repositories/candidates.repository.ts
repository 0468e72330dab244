import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isOpenJourney } from '../sql/conditions';

/** The young person's personal data as stored (special-category data: read through the access check, logged). */
export interface CandidateRow {
  id: string;
  municipality_id: string;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  email: string | null;
  phone: string | null;
  situation: string | null;
  consent_given_by: string;
  consent_given_at: Date;
  version: number;
  erased_at: Date | null;
  has_bsn: boolean;
}

/** The fields a rectification can correct, as columns (situation lives on the referral). */
export const RECTIFIABLE = {
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  situation: 'situation',
} as const;
export type RectifiableField = keyof typeof RECTIFIABLE;

export interface RectificationRow {
  id: number;
  field: RectifiableField;
  old_value: string | null;
  new_value: string | null;
  reason: string;
  organisation_id: string;
  user_id: string;
  occurred_at: Date;
}

/** What an erasure removed (the record of it names the kinds of data, never the data). */
export interface Erased {
  candidate: string[];
  referral: string[];
  rectifications: number;
}

/** All I/O of candidates (the young people's personal data), for the API and the activities. */
@Injectable()
export class CandidatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, c: { id: string; municipalityId: string; firstName: string; lastName: string; dateOfBirth: string; email?: string; phone?: string }): Promise<void> {
    await tx.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth, email, phone) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      c.id,
      c.municipalityId,
      c.firstName,
      c.lastName,
      c.dateOfBirth,
      c.email ?? null,
      c.phone ?? null,
    ]);
  }

  /**
   * The other young people of the same municipality with an open journey and the same name and
   * date of birth (names compared without case and surrounding spaces): possibly the same person
   * referred twice.
   */
  async openNamesakes(id: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT o.id FROM candidates c
         JOIN candidates o ON o.municipality_id = c.municipality_id AND o.id <> c.id AND o.erased_at IS NULL
          AND lower(trim(o.first_name)) = lower(trim(c.first_name)) AND lower(trim(o.last_name)) = lower(trim(c.last_name)) AND o.date_of_birth = c.date_of_birth
         JOIN journeys j ON j.candidate_id = o.id AND ${isOpenJourney('j.status')}
        WHERE c.id = $1
        ORDER BY j.referred_at`,
      [id],
    );
    return rows.map((r) => r.id);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.dataSource.query(`SELECT 1 FROM candidates WHERE id = $1`, [id])).length > 0;
  }

  /** The first name alone (what a notification may name a young person by). */
  /** The status of the young person's journey (the consent in effect depends on it). */
  async journeyStatus(id: string): Promise<string | undefined> {
    const rows: { status: string }[] = await this.dataSource.query(`SELECT status FROM journeys WHERE candidate_id = $1`, [id]);
    return rows[0]?.status;
  }

  async firstName(id: string): Promise<string | undefined> {
    const rows: { first_name: string }[] = await this.dataSource.query(`SELECT first_name FROM candidates WHERE id = $1`, [id]);
    return rows[0]?.first_name;
  }

  /** The personal data with what the referral said (situation, consent). */
  async find(id: string, tx?: EntityManager): Promise<CandidateRow | undefined> {
    const rows: CandidateRow[] = await (tx ?? this.dataSource).query(
      `SELECT c.id, c.municipality_id, c.first_name, c.last_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.email, c.phone,
              r.situation, r.consent_given_by, r.consent_given_at, c.version, c.erased_at, c.bsn_encrypted IS NOT NULL AS has_bsn
       FROM candidates c JOIN referrals r ON r.candidate_id = c.id WHERE c.id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * Corrects fields on the version last read (false when it is stale), keeping each old and new
   * value in the rectification history, in the caller's transaction.
   */
  async rectify(
    tx: EntityManager,
    id: string,
    version: number,
    changes: Partial<Record<RectifiableField, string>>,
    by: { organisationId: string; userId: string; reason: string },
  ): Promise<boolean> {
    const before = await this.find(id, tx);
    if (!before || before.version !== version || before.erased_at) return false;
    const [, updated]: [unknown, number] = await tx.query(`UPDATE candidates SET version = version + 1 WHERE id = $1 AND version = $2`, [id, version]);
    if (updated !== 1) return false;
    for (const [field, value] of Object.entries(changes) as [RectifiableField, string][]) {
      const column = RECTIFIABLE[field];
      const table = field === 'situation' ? 'referrals' : 'candidates';
      const key = field === 'situation' ? 'candidate_id' : 'id';
      await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [id, value]);
      await tx.query(
        `INSERT INTO candidate_rectifications (candidate_id, field, old_value, new_value, reason, organisation_id, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, field, before[column], value, by.reason, by.organisationId, by.userId],
      );
    }
    return true;
  }

  rectifications(id: string): Promise<RectificationRow[]> {
    return this.dataSource.query(
      `SELECT id::int AS id, field, old_value, new_value, reason, organisation_id, user_id, occurred_at FROM candidate_rectifications WHERE candidate_id = $1 ORDER BY id`,
      [id],
    );
  }

  /**
   * Erases the personal data (names, birth date, contact details, BSN, the referral's free text, the rectification
   * history) and keeps the record's id, so the pipeline's figures stay; in the caller's transaction.
   */
  async erase(tx: EntityManager, id: string): Promise<Erased> {
    await tx.query(
      `UPDATE candidates SET first_name = NULL, last_name = NULL, date_of_birth = NULL, email = NULL, phone = NULL, bsn_encrypted = NULL, bsn_hash = NULL,
              erased_at = now(), version = version + 1 WHERE id = $1`,
      [id],
    );
    await tx.query(`UPDATE referrals SET situation = NULL WHERE candidate_id = $1`, [id]);
    const [, rectifications]: [unknown, number] = await tx.query(`DELETE FROM candidate_rectifications WHERE candidate_id = $1`, [id]);
    return { candidate: ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'bsn'], referral: ['situation'], rectifications };
  }

  async setBsn(tx: EntityManager, id: string, sealed: string, hash: string): Promise<void> {
    await tx.query(`UPDATE candidates SET bsn_encrypted = $2, bsn_hash = $3, version = version + 1 WHERE id = $1`, [id, sealed, hash]);
  }

  async sealedBsn(id: string): Promise<string | undefined> {
    const rows: { bsn_encrypted: string | null }[] = await this.dataSource.query(`SELECT bsn_encrypted FROM candidates WHERE id = $1`, [id]);
    return rows[0]?.bsn_encrypted ?? undefined;
  }

  /** The candidate of a municipality with this BSN, found by its keyed hash. */
  async findByBsnHash(municipalityId: string, hash: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM candidates WHERE municipality_id = $1 AND bsn_hash = $2`, [municipalityId, hash]);
    return rows[0]?.id;
  }

  /** BSNs sealed with another key than the current one (key rotation), a batch at a time. */
  sealedWithOtherKey(currentKeyId: string, limit: number): Promise<{ id: string; bsn_encrypted: string }[]> {
    return this.dataSource.query(`SELECT id, bsn_encrypted FROM candidates WHERE bsn_encrypted IS NOT NULL AND split_part(bsn_encrypted, ':', 1) <> $1 LIMIT $2`, [
      currentKeyId,
      limit,
    ]);
  }

  async reseal(id: string, from: string, to: string): Promise<boolean> {
    const [, n]: [unknown, number] = await this.dataSource.query(`UPDATE candidates SET bsn_encrypted = $3 WHERE id = $1 AND bsn_encrypted = $2`, [id, from, to]);
    return n === 1;
  }
}
