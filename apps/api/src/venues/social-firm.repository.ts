import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isOpenJourney } from '../../../../libs/database/src/sql/conditions';

export interface FirmWorkerRow {
  id: string;
  venue_id: string;
  municipality_id: string;
  candidate_id: string | null;
  worker_reference: string;
  employment_form: string;
  contract_hours_hundredths: number;
  paid_hours_hundredths: number;
  in_target_group_register: boolean;
  register_basis: string | null;
  started_on: string;
  ended_on: string | null;
}

export interface WorkerChangeRow {
  id: string;
  worker_id: string;
  version: number;
  effective_from: string;
  employment_form: string | null;
  contract_hours_hundredths: number | null;
  paid_hours_hundredths: number | null;
  ends: boolean;
  reason: string;
  recorded_by_organisation_id: string;
  recorded_at: Date;
}

const WORKER = `id, venue_id, municipality_id, candidate_id, worker_reference, employment_form, contract_hours_hundredths, paid_hours_hundredths, in_target_group_register,
  register_basis, to_char(started_on, 'YYYY-MM-DD') AS started_on, to_char(ended_on, 'YYYY-MM-DD') AS ended_on`;

/** All I/O of a Social Firm's register. */
@Injectable()
export class SocialFirmRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, w: FirmWorkerRow): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO social_firm_workers (id, venue_id, municipality_id, candidate_id, worker_reference, employment_form, contract_hours_hundredths, paid_hours_hundredths,
         in_target_group_register, register_basis, started_on, ended_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING id`,
      [w.id, w.venue_id, w.municipality_id, w.candidate_id, w.worker_reference, w.employment_form, w.contract_hours_hundredths, w.paid_hours_hundredths,
        w.in_target_group_register, w.register_basis, w.started_on, w.ended_on],
    );
    return rows.length > 0;
  }

  /**
   * Journeys placed at the firm (placement running or paid work) enter its register once, with
   * the match's hours a week: a trial placement while placed, regular once in paid work. The firm
   * completes the rest (target-group register, basis) itself.
   */
  async enterPlacedJourneys(venueId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO social_firm_workers (id, venue_id, municipality_id, candidate_id, worker_reference, employment_form, contract_hours_hundredths, paid_hours_hundredths,
         in_target_group_register, started_on)
       SELECT gen_random_uuid(), j.current_employer_id, j.municipality_id, j.candidate_id, 'journey-' || j.candidate_id::text,
              CASE WHEN j.step = 'PAID_WORK' THEN 'REGULAR' ELSE 'TRIAL_PLACEMENT' END,
              coalesce(m.hours, 0), coalesce(m.hours, 0), false, coalesce(started.day, j.updated_at::date)
       FROM journeys j
       JOIN organisations o ON o.id = j.current_employer_id AND o.venue_kind = 'SOCIAL_FIRM'
       LEFT JOIN LATERAL (
         SELECT least(round((e.data->>'hoursPerWeek')::numeric * 100), 16800)::int AS hours FROM journey_events e
         WHERE e.candidate_id = j.candidate_id AND e.type = 'task.completed' AND e.data->>'taskType' = 'analyse.match' ORDER BY e.sequence DESC LIMIT 1) m ON true
       LEFT JOIN LATERAL (
         SELECT e.occurred_at::date AS day FROM journey_events e
         WHERE e.candidate_id = j.candidate_id AND e.type = 'journey.moved' AND e.data->>'to' = 'PLACEMENT_RUNNING' ORDER BY e.sequence DESC LIMIT 1) started ON true
       WHERE j.step IN ('PLACEMENT_RUNNING', 'PAID_WORK') AND ${isOpenJourney('j.status')} AND j.current_employer_id = $1
       ON CONFLICT DO NOTHING`,
      [venueId],
    );
  }

  /** The entry, locked until the transaction ends (one change of an entry at a time). */
  async lockWorker(tx: EntityManager, id: string): Promise<FirmWorkerRow | undefined> {
    return (await tx.query(`SELECT ${WORKER} FROM social_firm_workers WHERE id = $1 FOR UPDATE`, [id]))[0];
  }

  /** Every change of the entries, oldest first. */
  changes(workerIds: string[], tx?: EntityManager): Promise<WorkerChangeRow[]> {
    return (tx ?? this.dataSource).query(
      `SELECT id, worker_id, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, employment_form, contract_hours_hundredths, paid_hours_hundredths, ends, reason,
         recorded_by_organisation_id, recorded_at
       FROM social_firm_worker_changes WHERE worker_id = ANY($1::uuid[]) ORDER BY worker_id, version`,
      [workerIds],
    );
  }

  async insertChange(tx: EntityManager, c: Omit<WorkerChangeRow, 'recorded_at' | 'version'> & { venue_id: string; recorded_by_user_id: string }): Promise<void> {
    await tx.query(
      `INSERT INTO social_firm_worker_changes (id, worker_id, venue_id, version, effective_from, employment_form, contract_hours_hundredths, paid_hours_hundredths, ends, reason,
         recorded_by_organisation_id, recorded_by_user_id)
       SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11 FROM social_firm_worker_changes WHERE worker_id = $2`,
      [c.id, c.worker_id, c.venue_id, c.effective_from, c.employment_form, c.contract_hours_hundredths, c.paid_hours_hundredths, c.ends, c.reason, c.recorded_by_organisation_id, c.recorded_by_user_id],
    );
  }

  workers(filter: { venueId?: string; municipalityId?: string; id?: string }): Promise<FirmWorkerRow[]> {
    return this.dataSource.query(
      `SELECT ${WORKER} FROM social_firm_workers WHERE ($1::uuid IS NULL OR venue_id = $1) AND ($2::uuid IS NULL OR municipality_id = $2) AND ($3::uuid IS NULL OR id = $3)
       ORDER BY venue_id, started_on, id`,
      [filter.venueId ?? null, filter.municipalityId ?? null, filter.id ?? null],
    );
  }
}
