import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsentGrant, ConsentVersion } from '../../../domain/src/privacy';

export interface StoredConsent extends ConsentVersion {
  reason?: string;
  /** The user's id (not the login subject); absent only when the directory no longer knows the user. */
  recordedBy: { organisationId: string; userId?: string };
  recordedAt: string;
}

interface Row {
  version: number;
  given_by: ConsentVersion['givenBy'];
  given_at: Date;
  grants: ConsentGrant[];
  withdrawn_all: boolean;
  reason: string | null;
  recorded_by_organisation_id: string;
  /** The recording user's id, found by the subject the row keeps (as the timeline and the access log do). */
  recorded_by_id: string | null;
  recorded_at: Date;
}

const SELECT = `SELECT c.*, u.id AS recorded_by_id FROM consent_versions c
  LEFT JOIN users u ON u.organisation_id = c.recorded_by_organisation_id AND u.subject = c.recorded_by_user_id
  WHERE c.candidate_id = $1`;

const toConsent = (r: Row): StoredConsent => ({
  version: r.version,
  givenBy: r.given_by,
  givenAt: r.given_at.toISOString(),
  grants: r.grants,
  withdrawnAll: r.withdrawn_all,
  ...(r.reason ? { reason: r.reason } : {}),
  recordedBy: { organisationId: r.recorded_by_organisation_id, ...(r.recorded_by_id ? { userId: r.recorded_by_id } : {}) },
  recordedAt: r.recorded_at.toISOString(),
});

/** The consent ledger: append-only versions per journey (the database refuses changes to a version). */
@Injectable()
export class ConsentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest version; inside a transaction through its manager (no second pool connection while it holds one). */
  async current(candidateId: string, tx?: EntityManager): Promise<StoredConsent | undefined> {
    const rows: Row[] = await (tx ?? this.dataSource).query(`${SELECT} ORDER BY c.version DESC LIMIT 1`, [candidateId]);
    return rows[0] && toConsent(rows[0]);
  }

  async all(candidateId: string): Promise<StoredConsent[]> {
    const rows: Row[] = await this.dataSource.query(`${SELECT} ORDER BY c.version`, [candidateId]);
    return rows.map(toConsent);
  }

  /**
   * Adds the next version in the caller's transaction (one writer per journey at a time). With a
   * command key (organisation:Idempotency-Key), a retry finds the version its first attempt added.
   */
  async append(
    tx: EntityManager,
    candidateId: string,
    c: Omit<ConsentVersion, 'version'> & { reason?: string; recordedBy: { organisationId: string; subject: string } },
    commandKey?: string,
  ): Promise<{ version: number; added: boolean }> {
    await tx.query(`SELECT pg_advisory_xact_lock(727005, hashtext($1::text))`, [candidateId]);
    if (commandKey) {
      const [done]: { version: number }[] = await tx.query(`SELECT version FROM consent_versions WHERE command_key = $1`, [commandKey]);
      if (done) return { version: done.version, added: false };
    }
    const [{ next }]: { next: number }[] = await tx.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM consent_versions WHERE candidate_id = $1`, [candidateId]);
    await tx.query(
      `INSERT INTO consent_versions (candidate_id, version, given_by, given_at, grants, withdrawn_all, reason, recorded_by_organisation_id, recorded_by_user_id, command_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [candidateId, next, c.givenBy, c.givenAt, JSON.stringify(c.grants), c.withdrawnAll, c.reason ?? null, c.recordedBy.organisationId, c.recordedBy.subject, commandKey ?? null],
    );
    return { version: next, added: true };
  }
}
