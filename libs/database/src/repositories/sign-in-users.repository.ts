import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OrganisationType } from '../../../domain/src/organisation';
import { findSignInUser, findSignInUsers, type SignInUser, type SqlQuery } from './sign-in-users';

/** A token's user as the directory has it, active or not (the API admits or refuses the token from it). */
export interface RegisteredUser {
  /** The user's row id (users.id). */
  id: string;
  name: string;
  roles: string[];
  active: boolean;
  organisationName: string;
  organisationType: OrganisationType;
  organisationActive: boolean;
}

/** The registered users as signing in reads them: who can sign in (development sign-in), and who a token names. */
@Injectable()
export class SignInUsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private readonly query: SqlQuery = (text, parameters) => this.dataSource.query(text, parameters);

  /** Users who can sign in whose name or organisation name contains `search` (all when empty), by organisation and name. */
  list(search: string | undefined, limit: number): Promise<SignInUser[]> {
    return findSignInUsers(this.query, search, limit);
  }

  /** The user with this row id, when it can sign in. */
  find(id: string): Promise<SignInUser | undefined> {
    return findSignInUser(this.query, id);
  }

  /** The user of this organisation with this subject (what a token's `org` and `sub` name), if registered. */
  async registered(organisationId: string, subject: string): Promise<RegisteredUser | undefined> {
    const rows: RegisteredUser[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.roles, u.active, o.name AS "organisationName", o.type AS "organisationType", o.active AS "organisationActive"
       FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.organisation_id = $1 AND u.subject = $2`,
      [organisationId, subject],
    );
    return rows[0];
  }
}
