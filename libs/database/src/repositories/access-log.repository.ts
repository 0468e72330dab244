import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessAction, Purpose } from '../../../domain/src/privacy';
import { ACTOR_COLUMNS, actorJoin, type ActorRow } from './actors';

export interface AccessLogRow extends ActorRow {
  id: number;
  chain_seq: number;
  occurred_at: Date;
  /** The young person read about; null for a list read (candidate_ids). */
  candidate_id: string | null;
  /** The young people a list showed. */
  candidate_ids: string[] | null;
  role: string | null;
  action: AccessAction;
  purpose: Purpose | null;
  endpoint: string;
  fields: string[];
}

export interface AccessLogEntry {
  /** A read or change about one young person... */
  candidateId?: string;
  /** ...or a list that showed these young people (one entry for the list). */
  candidateIds?: string[];
  municipalityId: string;
  organisationId: string;
  userId: string;
  /** The role the user acted in. */
  role?: string;
  action?: AccessAction;
  purpose: Purpose;
  endpoint: string;
  fields: string[];
}

export interface ChainCheck {
  checked: number;
  /** The first row whose link or content does not hold; none when the chain is intact. */
  broken?: { id: number; chainSeq: number; problem: string };
  /**
   * The chain's last row: an auditor who keeps it elsewhere (a report, a ticket) can later tell
   * that rows were cut off the end, which no chain can show by itself.
   */
  head?: { chainSeq: number; hash: string };
}

/**
 * The access log (NEN 7513): every read or change of a young person's personal data, with who,
 * in which role, what, why and when. Append-only and chained per municipality by the database
 * (see migration 1764100000000-privacy): this repository only adds and reads.
 */
@Injectable()
export class AccessLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records an access; in the caller's transaction when given (a change and its record commit together). */
  async record(entry: AccessLogEntry, tx?: EntityManager): Promise<void> {
    await (tx ?? this.dataSource).query(
      `INSERT INTO access_log (candidate_id, candidate_ids, municipality_id, organisation_id, user_id, role, action, purpose, endpoint, fields)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.candidateId ?? null, entry.candidateIds ?? null, entry.municipalityId, entry.organisationId, entry.userId, entry.role ?? null, entry.action ?? 'READ', entry.purpose, entry.endpoint, entry.fields],
    );
  }

  /** A municipality's log in chain order, after a position, optionally of one young person (the lists that showed them too). */
  list(municipalityId: string, candidateId: string | undefined, after: number, limit: number): Promise<AccessLogRow[]> {
    return this.dataSource.query(
      `SELECT l.id::int AS id, l.chain_seq::int AS chain_seq, l.occurred_at, l.candidate_id, l.candidate_ids, l.organisation_id AS actor_organisation_id,
              l.role, l.action, l.purpose, l.endpoint, l.fields, ${ACTOR_COLUMNS}
       FROM access_log l ${actorJoin('l.organisation_id', 'l.user_id')}
       WHERE l.municipality_id = $1 AND l.chain_seq > $2 ${candidateId ? 'AND (l.candidate_id = $4 OR l.candidate_ids @> ARRAY[$4::uuid])' : ''}
       ORDER BY l.chain_seq LIMIT $3`,
      candidateId ? [municipalityId, after, limit, candidateId] : [municipalityId, after, limit],
    );
  }

  /** Walks a municipality's chain and reports the first broken link. */
  async verify(municipalityId: string): Promise<ChainCheck> {
    const [row]: { checked: string; broken_id: string | null; broken_seq: string | null; problem: string | null }[] = await this.dataSource.query(
      `SELECT checked, broken_id, broken_seq, problem FROM access_log_verify($1)`,
      [municipalityId],
    );
    const [head]: { chain_seq: string; hash: string }[] = await this.dataSource.query(
      `SELECT chain_seq, hash FROM access_log WHERE municipality_id = $1 ORDER BY chain_seq DESC LIMIT 1`,
      [municipalityId],
    );
    return {
      checked: Number(row.checked),
      ...(row.broken_id ? { broken: { id: Number(row.broken_id), chainSeq: Number(row.broken_seq), problem: row.problem! } } : {}),
      ...(head ? { head: { chainSeq: Number(head.chain_seq), hash: head.hash } } : {}),
    };
  }
}
