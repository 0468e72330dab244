import type { OrganisationType } from '../../../domain/src/organisation';

/**
 * The users who can sign in (active, of an active organisation), as development sign-in lists
 * them: the API's /dev/users and /dev/tokens, and the development OpenID provider's accounts
 * (libs/devstack). Plain SQL over any `query` (a TypeORM DataSource's or a pg Pool's), so the
 * provider needs no ORM.
 */
export interface SignInUser {
  /** The user's row id (users.id). */
  id: string;
  /** What tokens name in `sub`: unique within the organisation. */
  subject: string;
  name: string;
  roles: string[];
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
}

export type SqlQuery = (text: string, parameters: unknown[]) => Promise<unknown>;

interface Row {
  id: string;
  subject: string;
  name: string;
  roles: string[];
  organisation_id: string;
  organisation_name: string;
  type: OrganisationType;
}

const USERS = `SELECT u.id, u.subject, u.name, u.roles, u.organisation_id, o.name AS organisation_name, o.type
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.active AND o.active`;

const toUser = (r: Row): SignInUser => ({
  id: r.id,
  subject: r.subject,
  name: r.name,
  roles: r.roles,
  organisationId: r.organisation_id,
  organisationName: r.organisation_name,
  organisationType: r.type,
});

/** Users whose name or organisation name contains `search` (all when empty), by organisation and name. */
export async function findSignInUsers(query: SqlQuery, search: string | undefined, limit: number): Promise<SignInUser[]> {
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
  const rows = (await query(`${USERS} AND (u.name ILIKE $1 OR o.name ILIKE $1) ORDER BY o.name, u.name LIMIT $2`, [pattern, limit])) as Row[];
  return rows.map(toUser);
}

/** The user with this row id, when it can sign in. */
export async function findSignInUser(query: SqlQuery, id: string): Promise<SignInUser | undefined> {
  const rows = (await query(`${USERS} AND u.id = $1`, [id])) as Row[];
  return rows[0] && toUser(rows[0]);
}

/** The user of this organisation with this subject, when it can sign in. */
export async function findSignInUserBySubject(query: SqlQuery, organisationId: string, subject: string): Promise<SignInUser | undefined> {
  const rows = (await query(`${USERS} AND u.organisation_id = $1 AND u.subject = $2`, [organisationId, subject])) as Row[];
  return rows[0] && toUser(rows[0]);
}
