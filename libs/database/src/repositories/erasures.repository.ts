import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessLogRepository } from './access-log.repository';
import { CandidatesRepository, type Erased } from './candidates.repository';

export type ErasureReason = 'RETENTION' | 'REQUEST';

/** The record of an erasure: what kinds of data were erased, when, why and by whom; never the data. */
export interface ErasureRecord {
  candidateId: string;
  municipalityId: string;
  reason: ErasureReason;
  ground?: string;
  erased: Erased;
  erasedAt: string;
  by?: { organisationId: string; userId: string };
}

interface Row {
  candidate_id: string;
  municipality_id: string;
  reason: ErasureReason;
  ground: string | null;
  erased: Erased;
  occurred_at: Date;
  organisation_id: string | null;
  user_id: string | null;
}

const toRecord = (r: Row): ErasureRecord => ({
  candidateId: r.candidate_id,
  municipalityId: r.municipality_id,
  reason: r.reason,
  ...(r.ground ? { ground: r.ground } : {}),
  erased: r.erased,
  erasedAt: r.occurred_at.toISOString(),
  ...(r.organisation_id && r.user_id ? { by: { organisationId: r.organisation_id, userId: r.user_id } } : {}),
});

/** Who the access log names for an erasure the retention schedule did. */
export const RETENTION_USER = 'system:retention';

/**
 * Erasure of a young person's personal data (AVG art. 17): after the retention period of a closed
 * journey (the nightly retention workflow) or on request (the municipality). One transaction
 * erases the data, records the erasure and writes the access log; a second erasure of the same
 * young person changes nothing and returns the first one's record. The journey, its events and
 * the pipeline's figures stay: they hold no personal data.
 */
@Injectable()
export class ErasuresRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly accessLogs: AccessLogRepository,
  ) {}

  async find(candidateId: string): Promise<ErasureRecord | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM erasures WHERE candidate_id = $1`, [candidateId]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Erases once; undefined when there is no such young person. */
  async erase(
    candidateId: string,
    reason: ErasureReason,
    by?: { organisationId: string; userId: string; role?: string; ground: string },
  ): Promise<ErasureRecord | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const [candidate]: { municipality_id: string; erased_at: Date | null }[] = await tx.query(
        `SELECT municipality_id, erased_at FROM candidates WHERE id = $1 FOR UPDATE`,
        [candidateId],
      );
      if (!candidate) return undefined;
      if (candidate.erased_at) {
        const [row]: Row[] = await tx.query(`SELECT * FROM erasures WHERE candidate_id = $1`, [candidateId]);
        return toRecord(row);
      }
      const erased = await this.candidates.erase(tx, candidateId);
      // Mails about the young person that are still queued lose their text (a sent mail keeps none).
      await tx.query(`UPDATE mail_outbox SET text_body = '', html_body = '' WHERE key LIKE 'event:' || $1 || ':%'`, [candidateId]);
      // The referral's Idempotency-Key kept a hash of the request that carried the data: it goes too.
      await tx.query(`UPDATE idempotency_keys SET request_hash = 'erased' WHERE resource_id = $1`, [candidateId]);
      const [row]: Row[] = await tx.query(
        `INSERT INTO erasures (candidate_id, municipality_id, reason, ground, erased, organisation_id, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [candidateId, candidate.municipality_id, reason, by?.ground ?? null, JSON.stringify(erased), by?.organisationId ?? null, by?.userId ?? null],
      );
      await this.accessLogs.record(
        {
          candidateId,
          municipalityId: candidate.municipality_id,
          organisationId: by?.organisationId ?? candidate.municipality_id,
          userId: by?.userId ?? RETENTION_USER,
          role: by?.role,
          action: 'ERASE',
          purpose: reason === 'RETENTION' ? 'RETENTION' : 'RIGHTS_REQUEST',
          endpoint: by ? 'POST /journeys/{candidateId}/erasure' : 'retention schedule',
          fields: [...erased.candidate, ...erased.referral],
        },
        tx,
      );
      return toRecord(row);
    });
  }

  /**
   * Young people whose journey closed longer ago than their municipality's retention period (its
   * own, else the default) and whose data is still there, oldest first.
   */
  async expired(defaultRetentionDays: number, limit: number): Promise<string[]> {
    const rows: { candidate_id: string }[] = await this.dataSource.query(
      `SELECT j.candidate_id FROM journeys j
       JOIN candidates c ON c.id = j.candidate_id
       JOIN organisations m ON m.id = j.municipality_id
       WHERE j.closed_at IS NOT NULL AND c.erased_at IS NULL
         AND j.closed_at < now() - make_interval(days => coalesce(m.retention_days, $1))
       ORDER BY j.closed_at LIMIT $2`,
      [defaultRetentionDays, limit],
    );
    return rows.map((r) => r.candidate_id);
  }

  /** A municipality's retention period: its own, or the default. */
  async retention(municipalityId: string, defaultRetentionDays: number): Promise<{ days: number; own: boolean }> {
    const [row]: { retention_days: number | null }[] = await this.dataSource.query(`SELECT retention_days FROM organisations WHERE id = $1`, [municipalityId]);
    return row?.retention_days != null ? { days: row.retention_days, own: true } : { days: defaultRetentionDays, own: false };
  }

  async setRetention(municipalityId: string, days: number | null): Promise<void> {
    await this.dataSource.query(`UPDATE organisations SET retention_days = $2 WHERE id = $1`, [municipalityId, days]);
  }
}
