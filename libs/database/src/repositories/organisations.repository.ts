import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganisationType } from '../../../domain/src/organisation';

export interface OrganisationRow {
  id: string;
  name: string;
  type: OrganisationType;
  municipality_id: string;
  active: boolean;
  version: number;
  /** A municipality's setting: the funding decision needs a second coordinator (not the one who proposed the match). */
  four_eyes_funding: boolean;
}

export interface UserRow {
  id: string;
  organisation_id: string;
  subject: string;
  name: string;
  email: string | null;
  roles: string[];
  active: boolean;
  version: number;
  /** Why the mail server refused the address for good, and when (cleared when the address changes). */
  email_problem: string | null;
  email_problem_at: Date | null;
}

const ORGANISATION = 'id, name, type, municipality_id, active, version, four_eyes_funding';
const USER = 'id, organisation_id, subject, name, email, roles, active, version, email_problem, email_problem_at';

/** All I/O of organisations and their users, for the API and the activities. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Type and municipality of each of these organisations (unknown ids are left out). */
  async kinds(ids: string[]): Promise<Map<string, { type: OrganisationType; municipalityId: string; name: string }>> {
    const rows: { id: string; type: OrganisationType; municipality_id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, type, municipality_id, name FROM organisations WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, { type: r.type, municipalityId: r.municipality_id, name: r.name }]));
  }

  /** Every municipality's id, in order. */
  async municipalityIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM organisations WHERE type = 'MUNICIPALITY' ORDER BY id`);
    return rows.map((r) => r.id);
  }

  async organisation(id: string): Promise<OrganisationRow | undefined> {
    return ((await this.dataSource.query(`SELECT ${ORGANISATION} FROM organisations WHERE id = $1`, [id])) as OrganisationRow[])[0];
  }

  organisations(filter: { municipalityId: string; type?: string; after?: string; limit: number }): Promise<OrganisationRow[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION} FROM organisations
       WHERE municipality_id = $1 AND ($2::text IS NULL OR type = $2) AND ($3::uuid IS NULL OR id > $3)
       ORDER BY id LIMIT $4`,
      [filter.municipalityId, filter.type ?? null, filter.after ?? null, filter.limit],
    );
  }

  /** Every municipality, by id (for the platform admin). */
  municipalities(after: string | undefined, limit: number): Promise<OrganisationRow[]> {
    return this.dataSource.query(
      `SELECT ${ORGANISATION} FROM organisations WHERE type = 'MUNICIPALITY' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after ?? null, limit],
    );
  }

  async insertOrganisation(tx: EntityManager, row: Omit<OrganisationRow, 'active' | 'version' | 'four_eyes_funding'>): Promise<void> {
    await tx.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [row.id, row.name, row.type, row.municipality_id]);
  }

  /** Applies a change if the version still matches; false when it does not. */
  async updateOrganisation(tx: EntityManager, id: string, change: { name?: string; active?: boolean; fourEyesFunding?: boolean; version: number }): Promise<boolean> {
    const [, count]: [unknown[], number] = await tx.query(
      `UPDATE organisations SET name = coalesce($3, name), active = coalesce($4, active), four_eyes_funding = coalesce($5, four_eyes_funding),
         version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2`,
      [id, change.version, change.name ?? null, change.active ?? null, change.fourEyesFunding ?? null],
    );
    return count === 1;
  }

  async user(organisationId: string, id: string): Promise<UserRow | undefined> {
    return ((await this.dataSource.query(`SELECT ${USER} FROM users WHERE organisation_id = $1 AND id = $2`, [organisationId, id])) as UserRow[])[0];
  }

  users(organisationId: string, after: string | undefined, limit: number): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT ${USER} FROM users WHERE organisation_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [organisationId, after ?? null, limit],
    );
  }

  /** False when the organisation already has a user with this subject. */
  async insertUser(tx: EntityManager, row: Omit<UserRow, 'active' | 'version' | 'email_problem' | 'email_problem_at'>): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO users (id, organisation_id, subject, name, email, roles) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organisation_id, subject) DO NOTHING RETURNING id`,
      [row.id, row.organisation_id, row.subject, row.name, row.email, row.roles],
    );
    return inserted.length === 1;
  }

  async updateUser(tx: EntityManager, id: string, change: { name?: string; email?: string; roles?: string[]; active?: boolean; version: number }): Promise<boolean> {
    const [, count]: [unknown[], number] = await tx.query(
      `UPDATE users SET name = coalesce($3, name), email = coalesce($4, email), roles = coalesce($5, roles), active = coalesce($6, active),
         email_problem = CASE WHEN $4::text IS DISTINCT FROM email AND $4::text IS NOT NULL THEN NULL ELSE email_problem END,
         email_problem_at = CASE WHEN $4::text IS DISTINCT FROM email AND $4::text IS NOT NULL THEN NULL ELSE email_problem_at END,
         version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2`,
      [id, change.version, change.name ?? null, change.email ?? null, change.roles ?? null, change.active ?? null],
    );
    return count === 1;
  }
}
