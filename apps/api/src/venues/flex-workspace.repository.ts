import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface SlotRow {
  day: string;
  part: string;
  seats: number;
  social_seats: number;
  booked_social: number;
  booked_market: number;
}

export interface BookingRow {
  id: string;
  venue_id: string;
  day: string;
  part: string;
  tenant_kind: string;
  candidate_id: string | null;
  tenant_name: string | null;
}

export interface RevenueRow {
  venue_id: string;
  municipality_id: string;
  candidate_id: string;
  month: string;
  version: number;
  net_revenue_cents: number;
}

export interface ServiceRow {
  id: string;
  venue_id: string;
  candidate_id: string;
  name: string;
  social_rate_cents: number;
  market_rate_cents: number;
}

/** All I/O of the flex-work space: slots and bookings, monthly revenue, central services. */
@Injectable()
export class FlexWorkspaceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes a seat of the slot for the tenant's kind, or none when the slot is full: the count rises
   * under the slot row's lock only while below the kind's seats, and the table's checks refuse
   * anything above them. True when a seat was taken.
   */
  async takeSeat(tx: EntityManager, s: { venueId: string; day: string; part: string; kind: 'SOCIAL' | 'MARKET'; seats: number; socialSeats: number }): Promise<boolean> {
    await tx.query(`INSERT INTO flex_slots (venue_id, day, part, seats, social_seats) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [s.venueId, s.day, s.part, s.seats, s.socialSeats]);
    const column = s.kind === 'SOCIAL' ? 'booked_social' : 'booked_market';
    const limit = s.kind === 'SOCIAL' ? 'social_seats' : 'seats - social_seats';
    const [rows]: [unknown[], number] = await tx.query(
      `UPDATE flex_slots SET ${column} = ${column} + 1 WHERE venue_id = $1 AND day = $2 AND part = $3 AND ${column} < ${limit} RETURNING venue_id`,
      [s.venueId, s.day, s.part],
    );
    return rows.length > 0;
  }

  async insertBooking(tx: EntityManager, b: BookingRow & { organisationId: string; userId: string }): Promise<void> {
    await tx.query(
      `INSERT INTO flex_bookings (id, venue_id, day, part, tenant_kind, candidate_id, tenant_name, booked_by_organisation_id, booked_by_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [b.id, b.venue_id, b.day, b.part, b.tenant_kind, b.candidate_id, b.tenant_name, b.organisationId, b.userId],
    );
  }

  async booking(id: string): Promise<BookingRow | undefined> {
    return (await this.dataSource.query(`SELECT id, venue_id, to_char(day, 'YYYY-MM-DD') AS day, part, tenant_kind, candidate_id, tenant_name FROM flex_bookings WHERE id = $1`, [id]))[0];
  }

  slots(venueId: string, from: string, to: string): Promise<SlotRow[]> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, part, seats, social_seats, booked_social, booked_market FROM flex_slots
       WHERE venue_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, part DESC`,
      [venueId, from, to],
    );
  }

  /** Whether the candidate has a journey in the municipality (a participant of its social domain). */
  async journeyIn(candidateId: string, municipalityId: string, tx?: EntityManager): Promise<boolean> {
    return (await (tx ?? this.dataSource).query(`SELECT 1 FROM journeys WHERE candidate_id = $1 AND municipality_id = $2`, [candidateId, municipalityId])).length > 0;
  }

  async nextRevenueVersion(tx: EntityManager, venueId: string, candidateId: string, month: string): Promise<number> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`flex-revenue:${venueId}:${candidateId}:${month}`]);
    const [{ max }]: { max: number | null }[] = await tx.query(`SELECT max(version) AS max FROM flex_revenue WHERE venue_id = $1 AND candidate_id = $2 AND month = $3`, [venueId, candidateId, month]);
    return (max ?? 0) + 1;
  }

  async insertRevenue(tx: EntityManager, r: RevenueRow & { id: string; correctionReason: string | null; organisationId: string; userId: string }): Promise<void> {
    await tx.query(
      `INSERT INTO flex_revenue (id, venue_id, municipality_id, candidate_id, month, version, net_revenue_cents, correction_reason, recorded_by_organisation_id, recorded_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [r.id, r.venue_id, r.municipality_id, r.candidate_id, r.month, r.version, r.net_revenue_cents, r.correctionReason, r.organisationId, r.userId],
    );
  }

  async revenueRow(id: string): Promise<RevenueRow | undefined> {
    return (await this.dataSource.query(`SELECT venue_id, municipality_id, candidate_id, month, version, net_revenue_cents FROM flex_revenue WHERE id = $1`, [id]))[0];
  }

  /** Each participant's newest version of each month. */
  revenue(filter: { municipalityId?: string; venueId?: string; candidateId?: string }, tx?: EntityManager): Promise<RevenueRow[]> {
    return (tx ?? this.dataSource).query(
      `SELECT DISTINCT ON (venue_id, candidate_id, month) venue_id, municipality_id, candidate_id, month, version, net_revenue_cents FROM flex_revenue
       WHERE ($1::uuid IS NULL OR municipality_id = $1) AND ($2::uuid IS NULL OR venue_id = $2) AND ($3::uuid IS NULL OR candidate_id = $3)
       ORDER BY venue_id, candidate_id, month, version DESC`,
      [filter.municipalityId ?? null, filter.venueId ?? null, filter.candidateId ?? null],
    );
  }

  async insertService(tx: EntityManager, s: ServiceRow): Promise<void> {
    await tx.query(`INSERT INTO flex_services (id, venue_id, candidate_id, name, social_rate_cents, market_rate_cents) VALUES ($1, $2, $3, $4, $5, $6)`, [
      s.id, s.venue_id, s.candidate_id, s.name, s.social_rate_cents, s.market_rate_cents,
    ]);
  }

  services(filter: { municipalityId?: string; venueId?: string; id?: string }): Promise<ServiceRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.venue_id, s.candidate_id, s.name, s.social_rate_cents, s.market_rate_cents FROM flex_services s JOIN organisations o ON o.id = s.venue_id
       WHERE ($1::uuid IS NULL OR o.municipality_id = $1) AND ($2::uuid IS NULL OR s.venue_id = $2) AND ($3::uuid IS NULL OR s.id = $3) ORDER BY s.created_at, s.id`,
      [filter.municipalityId ?? null, filter.venueId ?? null, filter.id ?? null],
    );
  }
}
