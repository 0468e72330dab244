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

/** Which rows of the log a reader asks for. */
export interface AccessLogFilter {
  candidateId?: string;
  /** The organisation that accessed the data. */
  organisationId?: string;
  purpose?: Purpose;
  from?: string;
  to?: string;
}

/** What the verification found wrong, by a stable code (from the words of access_log_verify). */
export const CHAIN_PROBLEMS = {
  'a row is missing before this one': 'ROW_MISSING',
  'this row does not link to the row before it': 'LINK_BROKEN',
  'this row was changed after it was written': 'ROW_CHANGED',
} as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[keyof typeof CHAIN_PROBLEMS];

export interface ChainCheck {
  checked: number;
  /** The first row whose link or content does not hold; none when the chain is intact. */
  broken?: { id: number; chainSeq: number; problem: string; code: ChainProblem };
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

  /**
   * A page of a municipality's log, newest first (or in chain order when the position says
   * ascending), after a position, with only the rows the filter names. Dates are days in
   * Europe/Amsterdam, both inclusive.
   */
  page(municipalityId: string, filter: AccessLogFilter, position: { seq: number; ascending: boolean } | undefined, limit: number): Promise<AccessLogRow[]> {
    const params: unknown[] = [municipalityId];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const where = ['l.municipality_id = $1'];
    const ascending = position?.ascending ?? false;
    if (position) where.push(`l.chain_seq ${ascending ? '>' : '<'} ${param(position.seq)}`);
    if (filter.candidateId) {
      const candidate = param(filter.candidateId);
      // Its own reads, and the lists that showed it among others.
      where.push(`(l.candidate_id = ${candidate} OR l.candidate_ids @> ARRAY[${candidate}::uuid])`);
    }
    if (filter.organisationId) where.push(`l.organisation_id = ${param(filter.organisationId)}`);
    if (filter.purpose) where.push(`l.purpose = ${param(filter.purpose)}`);
    if (filter.from) where.push(`l.occurred_at >= (${param(filter.from)}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
    if (filter.to) where.push(`l.occurred_at < ((${param(filter.to)}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
    return this.dataSource.query(
      `SELECT l.id::int AS id, l.chain_seq::int AS chain_seq, l.occurred_at, l.candidate_id, l.candidate_ids, l.organisation_id AS actor_organisation_id,
              l.role, l.action, l.purpose, l.endpoint, l.fields, ${ACTOR_COLUMNS}
       FROM access_log l ${actorJoin('l.organisation_id', 'l.user_id')}
       WHERE ${where.join(' AND ')}
       ORDER BY l.chain_seq ${ascending ? 'ASC' : 'DESC'} LIMIT ${param(limit)}`,
      params,
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
      ...(row.broken_id
        ? { broken: { id: Number(row.broken_id), chainSeq: Number(row.broken_seq), problem: row.problem!, code: CHAIN_PROBLEMS[row.problem as keyof typeof CHAIN_PROBLEMS] } }
        : {}),
      ...(head ? { head: { chainSeq: Number(head.chain_seq), hash: head.hash } } : {}),
    };
  }
}
