import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatedRule } from '../../../../libs/domain/src/venues/rules';
import { venueDataOn, type VenueKind } from '../../../../libs/domain/src/venues/kinds';

export interface VenueRow {
  id: string;
  name: string;
  venue_kind: VenueKind;
  venue_data: Record<string, unknown>;
  municipality_id: string;
  active: boolean;
}

export interface RuleRow {
  id: string;
  municipality_id: string | null;
  rule_set: string;
  variant: string;
  valid_from: string;
  valid_to: string | null;
  version: number;
  params: Record<string, unknown>;
  reason: string | null;
  recorded_by_organisation_id: string | null;
  recorded_at: Date;
}

export interface MemberRow {
  id: string;
  venue_id: string;
  municipality_id: string;
  candidate_id: string;
  joined_on: string;
  decision_date: string;
  legal_basis: string;
  plan_reference: string;
  single_parent: boolean;
  medical_hour_limitation: boolean;
}

export interface StatementRow {
  id: string;
  member_id: string;
  venue_id: string;
  municipality_id: string;
  month: string;
  version: number;
  hours_worked_hundredths: number;
  revenue_invoiced_cents: number;
  revenue_received_cents: number;
  declared_costs_cents: number;
  reserve_deposit_cents: number;
  reserve_spending_cents: number;
  reserve_spending_purpose: string | null;
  payout_cents: number;
  net_result_cents: number;
  correction_reason: string | null;
  recorded_at: Date;
}

export interface VenueTaskRow {
  id: string;
  type: string;
  venue_id: string;
  municipality_id: string;
  member_id: string | null;
  candidate_id: string;
  month: string;
  assignee_organisation_id: string;
  status: string;
  due_at: Date;
  escalated_at: Date | null;
  completed_at: Date | null;
  outcome: string | null;
}

export interface VenueDataVersionRow {
  id: string;
  venue_id: string;
  version: number;
  valid_from: string;
  data: Record<string, unknown>;
  reason: string;
  recorded_by_organisation_id: string;
  recorded_at: Date;
}

const VENUE = `id, name, venue_kind, venue_data, municipality_id, active`;
const DATE = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`;
const RULE = `id, municipality_id, rule_set, variant, ${DATE('valid_from')}, ${DATE('valid_to')}, version, params, reason, recorded_by_organisation_id, recorded_at`;
const MEMBER = `id, venue_id, municipality_id, candidate_id, ${DATE('joined_on')}, ${DATE('decision_date')}, legal_basis, plan_reference, single_parent, medical_hour_limitation`;

/** All I/O of venues, their dated rules and a social cooperative's members and statements. */
@Injectable()
export class VenuesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertVenue(tx: EntityManager, v: { id: string; name: string; kind: VenueKind; data: Record<string, unknown>; municipalityId: string }): Promise<void> {
    await tx.query(`INSERT INTO organisations (id, name, type, municipality_id, venue_kind, venue_data) VALUES ($1, $2, 'EMPLOYER', $3, $4, $5)`, [
      v.id,
      v.name,
      v.municipalityId,
      v.kind,
      JSON.stringify(v.data),
    ]);
  }

  async venue(id: string, tx?: EntityManager): Promise<VenueRow | undefined> {
    const rows: VenueRow[] = await (tx ?? this.dataSource).query(`SELECT ${VENUE} FROM organisations WHERE id = $1 AND venue_kind IS NOT NULL`, [id]);
    return rows[0];
  }

  venues(filter: { municipalityId?: string; id?: string; kind?: string; after?: string; limit: number }): Promise<VenueRow[]> {
    return this.dataSource.query(
      `SELECT ${VENUE} FROM organisations
       WHERE venue_kind IS NOT NULL AND ($1::uuid IS NULL OR municipality_id = $1) AND ($2::uuid IS NULL OR id = $2)
         AND ($3::text IS NULL OR venue_kind = $3) AND ($4::uuid IS NULL OR id > $4)
       ORDER BY id LIMIT $5`,
      [filter.municipalityId ?? null, filter.id ?? null, filter.kind ?? null, filter.after ?? null, filter.limit],
    );
  }

  /** Every dated version of the venues' kind data, oldest first. */
  dataVersions(venueIds: string[], tx?: EntityManager): Promise<VenueDataVersionRow[]> {
    return (tx ?? this.dataSource).query(
      `SELECT id, venue_id, version, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, data, reason, recorded_by_organisation_id, recorded_at
       FROM venue_data_versions WHERE venue_id = ANY($1::uuid[]) ORDER BY venue_id, version`,
      [venueIds],
    );
  }

  /** A new version of a venue's kind data, the next number under a lock on the venue's versions. */
  async insertDataVersion(tx: EntityManager, v: { id: string; venueId: string; validFrom: string; data: Record<string, unknown>; reason: string; organisationId: string; userId: string }): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`venue-data:${v.venueId}`]);
    await tx.query(
      `INSERT INTO venue_data_versions (id, venue_id, version, valid_from, data, reason, recorded_by_organisation_id, recorded_by_user_id)
       SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7 FROM venue_data_versions WHERE venue_id = $2`,
      [v.id, v.venueId, v.validFrom, JSON.stringify(v.data), v.reason, v.organisationId, v.userId],
    );
  }

  /** The venues with the kind data in effect on a day (per venue: `day(venue)`), from their dated versions. */
  async inEffect(rows: VenueRow[], day: (venue: VenueRow) => string, tx?: EntityManager): Promise<VenueRow[]> {
    if (!rows.length) return rows;
    const versions = await this.dataVersions(rows.map((r) => r.id), tx);
    return rows.map((r) => withDataOn(r, versions, day(r)));
  }

  /** The national rules and the municipality's own, every version. */
  rules(municipalityId: string, ruleSet?: string): Promise<RuleRow[]> {
    return this.dataSource.query(
      `SELECT ${RULE} FROM venue_rules WHERE (municipality_id IS NULL OR municipality_id = $1) AND ($2::text IS NULL OR rule_set = $2)
       ORDER BY rule_set, variant, valid_from, version`,
      [municipalityId, ruleSet ?? null],
    );
  }

  async insertRule(
    tx: EntityManager,
    r: { id: string; municipalityId: string; ruleSet: string; variant: string; validFrom: string; validTo?: string; params: Record<string, unknown>; reason?: string; organisationId: string; userId: string },
  ): Promise<{ version: number; correction: boolean }> {
    // One writer per rule at a time: the version is the next of the national and the municipality's own.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`venue-rule:${r.municipalityId}:${r.ruleSet}:${r.variant}:${r.validFrom}`]);
    const [{ max }]: { max: number | null }[] = await tx.query(
      `SELECT max(version) AS max FROM venue_rules WHERE (municipality_id IS NULL OR municipality_id = $1) AND rule_set = $2 AND variant = $3 AND valid_from = $4`,
      [r.municipalityId, r.ruleSet, r.variant, r.validFrom],
    );
    const version = (max ?? 0) + 1;
    if (version > 1 && !r.reason) return { version, correction: true };
    await tx.query(
      `INSERT INTO venue_rules (id, municipality_id, rule_set, variant, valid_from, valid_to, version, params, reason, recorded_by_organisation_id, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [r.id, r.municipalityId, r.ruleSet, r.variant, r.validFrom, r.validTo ?? null, version, JSON.stringify(r.params), r.reason ?? null, r.organisationId, r.userId],
    );
    return { version, correction: version > 1 };
  }

  async rule(id: string): Promise<RuleRow | undefined> {
    return (await this.dataSource.query(`SELECT ${RULE} FROM venue_rules WHERE id = $1`, [id]))[0];
  }

  async insertMember(
    tx: EntityManager,
    m: Omit<MemberRow, 'id'> & { id: string; recordedByOrganisationId: string; recordedByUserId: string },
  ): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO cooperative_members (id, venue_id, municipality_id, candidate_id, joined_on, decision_date, legal_basis, plan_reference, single_parent, medical_hour_limitation, recorded_by_organisation_id, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (venue_id, candidate_id) DO NOTHING RETURNING id`,
      [m.id, m.venue_id, m.municipality_id, m.candidate_id, m.joined_on, m.decision_date, m.legal_basis, m.plan_reference, m.single_parent, m.medical_hour_limitation, m.recordedByOrganisationId, m.recordedByUserId],
    );
    return rows.length > 0;
  }

  async member(id: string, tx?: EntityManager): Promise<MemberRow | undefined> {
    return (await (tx ?? this.dataSource).query(`SELECT ${MEMBER} FROM cooperative_members WHERE id = $1`, [id]))[0];
  }

  members(filter: { municipalityId?: string; venueId?: string; memberId?: string }): Promise<MemberRow[]> {
    return this.dataSource.query(
      `SELECT ${MEMBER} FROM cooperative_members WHERE ($1::uuid IS NULL OR municipality_id = $1) AND ($2::uuid IS NULL OR venue_id = $2) AND ($3::uuid IS NULL OR id = $3)
       ORDER BY venue_id, joined_on, id`,
      [filter.municipalityId ?? null, filter.venueId ?? null, filter.memberId ?? null],
    );
  }

  /** The next version of a member's month, under a lock on the member (two statements at once get versions one after the other). */
  async nextStatementVersion(tx: EntityManager, memberId: string, month: string): Promise<number> {
    await tx.query(`SELECT id FROM cooperative_members WHERE id = $1 FOR UPDATE`, [memberId]);
    const [{ max }]: { max: number | null }[] = await tx.query(`SELECT max(version) AS max FROM cooperative_statements WHERE member_id = $1 AND month = $2`, [memberId, month]);
    return (max ?? 0) + 1;
  }

  async insertStatement(tx: EntityManager, s: Omit<StatementRow, 'recorded_at'> & { recordedByOrganisationId: string; recordedByUserId: string }): Promise<void> {
    await tx.query(
      `INSERT INTO cooperative_statements (id, member_id, venue_id, municipality_id, month, version, hours_worked_hundredths, revenue_invoiced_cents, revenue_received_cents,
         declared_costs_cents, reserve_deposit_cents, reserve_spending_cents, reserve_spending_purpose, payout_cents, net_result_cents, correction_reason,
         recorded_by_organisation_id, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        s.id, s.member_id, s.venue_id, s.municipality_id, s.month, s.version, s.hours_worked_hundredths, s.revenue_invoiced_cents, s.revenue_received_cents,
        s.declared_costs_cents, s.reserve_deposit_cents, s.reserve_spending_cents, s.reserve_spending_purpose, s.payout_cents, s.net_result_cents, s.correction_reason,
        s.recordedByOrganisationId, s.recordedByUserId,
      ],
    );
  }

  async statement(id: string): Promise<StatementRow | undefined> {
    return (await this.dataSource.query(`SELECT * FROM cooperative_statements WHERE id = $1`, [id]))[0];
  }

  /** Every version of the members' statements, oldest first. */
  statements(memberIds: string[], tx?: EntityManager): Promise<StatementRow[]> {
    return (tx ?? this.dataSource).query(`SELECT * FROM cooperative_statements WHERE member_id = ANY($1::uuid[]) ORDER BY member_id, month, version`, [memberIds]);
  }

  /** Completes the task (statement received), if it is open. */
  async completeTask(tx: EntityManager, id: string, outcome?: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await tx.query(`UPDATE venue_tasks SET status = 'COMPLETED', completed_at = now(), outcome = $2 WHERE id = $1 AND status = 'OPEN' RETURNING id`, [id, outcome ?? null]);
    return rows.length > 0;
  }

  /** Opens a task unless it was opened before (its id is deterministic). */
  async openTask(
    tx: EntityManager,
    t: { id: string; type: string; venueId: string; municipalityId: string; memberId?: string; candidateId: string; month: string; assigneeOrganisationId: string; dueAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO venue_tasks (id, type, venue_id, municipality_id, member_id, candidate_id, month, assignee_organisation_id, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
      [t.id, t.type, t.venueId, t.municipalityId, t.memberId ?? null, t.candidateId, t.month, t.assigneeOrganisationId, t.dueAt],
    );
  }

  /** The tasks assigned to an organisation (a coordinator's include those escalated to it). */
  tasks(assigneeOrganisationId: string, status?: string, id?: string, tx?: EntityManager): Promise<VenueTaskRow[]> {
    return (tx ?? this.dataSource).query(
      `SELECT t.* FROM venue_tasks t
       WHERE t.assignee_organisation_id = $1 AND ($2::text IS NULL OR t.status = $2) AND ($3::text IS NULL OR t.id = $3)
       ORDER BY t.due_at, t.id LIMIT 500`,
      [assigneeOrganisationId, status ?? null, id ?? null],
    );
  }

  /** The members' dates of birth (for the exemption's minimum age). */
  async datesOfBirth(candidateIds: string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; dob: string | null }[] = await this.dataSource.query(
      `SELECT id, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM candidates WHERE id = ANY($1::uuid[])`,
      [candidateIds],
    );
    return new Map(rows.map((r) => [r.id, r.dob]));
  }
}

export function toDatedRule<P>(r: RuleRow): DatedRule<P> {
  return { id: r.id, ruleSet: r.rule_set, variant: r.variant, validFrom: r.valid_from, ...(r.valid_to ? { validTo: r.valid_to } : {}), version: r.version, params: r.params as P };
}

/** The venue with the kind data in effect on a day. */
export function withDataOn(venue: VenueRow, versions: readonly VenueDataVersionRow[], day: string): VenueRow {
  const own = versions.filter((v) => v.venue_id === venue.id).map((v) => ({ validFrom: v.valid_from, version: v.version, data: v.data }));
  return { ...venue, venue_data: venueDataOn(venue.venue_data, own, day) };
}
