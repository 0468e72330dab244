import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateWorkplaceDto, UpdateWorkplaceDto } from '../../../../libs/contracts/src/workplace.dto';
import type { TaskType } from '../../../../libs/domain/src/method/catalogue';
import { isOpenJourney } from '../../../../libs/database/src/sql/conditions';

/** The task whose completion takes a place at a workplace (libs/domain/src/method/analyse.ts). */
const MATCH_TASK: TaskType = 'analyse.match';

export interface WorkplaceRow {
  id: string;
  employer_id: string;
  municipality_id: string;
  title: string;
  location: string;
  hours_per_week: number;
  capacity: number;
  support_on_site: string[];
  active: boolean;
  version: number;
  updated_at: Date;
}

// numeric arrives as text from pg: as a number here (halves are exact in a double).
const COLUMNS = 'id, employer_id, municipality_id, title, location, hours_per_week::float8 AS hours_per_week, capacity, support_on_site, active, version, updated_at';

@Injectable()
export class WorkplacesRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async create(tx: EntityManager, row: { id: string; employerId: string; municipalityId: string; dto: CreateWorkplaceDto }): Promise<void> {
    const d = row.dto;
    await tx.query(
      `INSERT INTO workplaces (id, employer_id, municipality_id, title, location, hours_per_week, capacity, support_on_site)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.employerId, row.municipalityId, d.title, d.location, d.hoursPerWeek, d.capacity, d.supportOnSite],
    );
  }

  async find(id: string): Promise<WorkplaceRow | undefined> {
    const rows: WorkplaceRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM workplaces WHERE id = $1`, [id]);
    return rows[0];
  }

  list(filter: { employerId?: string; municipalityId?: string; active?: boolean; after?: string; limit: number }): Promise<WorkplaceRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.employerId) add('employer_id = ?', filter.employerId);
    if (filter.municipalityId) add('municipality_id = ?', filter.municipalityId);
    if (filter.active !== undefined) add('active = ?', filter.active);
    if (filter.after) add('id > ?', filter.after);
    params.push(filter.limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM workplaces ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
      params,
    );
  }

  /** Applies a change if the version still matches; undefined when it does not. */
  async update(tx: EntityManager, id: string, dto: UpdateWorkplaceDto): Promise<WorkplaceRow | undefined> {
    // For UPDATE ... RETURNING, TypeORM on PostgreSQL answers [rows, affected count].
    const [rows]: [WorkplaceRow[], number] = await tx.query(
      `UPDATE workplaces SET
         title = coalesce($3, title), location = coalesce($4, location), hours_per_week = coalesce($5, hours_per_week),
         capacity = coalesce($6, capacity), support_on_site = coalesce($7, support_on_site), active = coalesce($8, active),
         version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
      [id, dto.version, dto.title ?? null, dto.location ?? null, dto.hoursPerWeek ?? null, dto.capacity ?? null, dto.supportOnSite ?? null, dto.active ?? null],
    );
    return rows[0];
  }

  /**
   * Places taken at each of these workplaces: journeys whose latest match names the workplace and
   * that are still being matched, placed or running their placement (active or paused).
   */
  async occupancy(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { workplace_id: string; n: number }[] = await this.dataSource.query(
      `SELECT m.workplace_id, count(*)::int AS n FROM (
         SELECT DISTINCT ON (e.candidate_id) e.candidate_id, e.data->>'workplaceId' AS workplace_id
         FROM journey_events e
         WHERE e.type = 'task.completed' AND e.data->>'taskType' = $2
           AND e.candidate_id IN (SELECT w.candidate_id FROM journey_events w
                                  WHERE w.type = 'task.completed' AND w.data ? 'workplaceId' AND w.data->>'workplaceId' = ANY($1::text[]))
         ORDER BY e.candidate_id, e.sequence DESC
       ) m JOIN journeys j ON j.candidate_id = m.candidate_id
       WHERE m.workplace_id = ANY($1::text[]) AND j.step IN ('ANALYSE', 'PLACE', 'PLACEMENT_RUNNING') AND ${isOpenJourney('j.status')}
       GROUP BY m.workplace_id`,
      [ids, MATCH_TASK],
    );
    return new Map(rows.map((r) => [r.workplace_id, r.n]));
  }

  /** Running placements and jobs, with the start the host entered (placement.start) and when paid work began. */
  placements(filter: { employerId?: string; municipalityId?: string }) {
    const [column, value] = filter.employerId ? ['current_employer_id', filter.employerId] : ['municipality_id', filter.municipalityId];
    return this.dataSource.query(
      `SELECT j.candidate_id, j.current_employer_id, j.step, j.status, j.proposed_route, j.route, j.updated_at,
              (SELECT e.data->>'startDate' FROM journey_events e
                WHERE e.candidate_id = j.candidate_id AND e.type = 'task.completed' AND e.data->>'taskType' = 'placement.start'
                ORDER BY e.sequence DESC LIMIT 1) AS start_date,
              (SELECT e.occurred_at FROM journey_events e
                WHERE e.candidate_id = j.candidate_id AND e.type = 'journey.moved' AND e.data->>'to' = 'PAID_WORK'
                ORDER BY e.sequence DESC LIMIT 1) AS paid_work_since
       FROM journeys j
       WHERE j.${column} = $1 AND j.current_employer_id IS NOT NULL AND j.step IN ('PLACEMENT_RUNNING', 'PAID_WORK')
       ORDER BY j.updated_at DESC LIMIT 500`,
      [value],
    ) as Promise<
      {
        candidate_id: string;
        current_employer_id: string;
        step: string;
        status: string;
        proposed_route: string | null;
        route: string | null;
        updated_at: Date;
        start_date: string | null;
        paid_work_since: Date | null;
      }[]
    >;
  }
}
