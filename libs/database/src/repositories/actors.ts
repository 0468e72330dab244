/** Who acted in a timeline entry or an access-log row, as the directory knows them now. */
export interface ActorRow {
  actor_organisation_id: string | null;
  actor_organisation_name: string | null;
  actor_user_id: string | null;
  actor_user_name: string | null;
  actor_user_roles: string[] | null;
}

/** Joins the acting organisation and its user (found by the subject the row keeps), as `ao` and `au`. */
export function actorJoin(organisation: string, subject: string): string {
  return `LEFT JOIN organisations ao ON ao.id = ${organisation}
          LEFT JOIN users au ON au.organisation_id = ${organisation} AND au.subject = ${subject}`;
}

export const ACTOR_COLUMNS = 'ao.name AS actor_organisation_name, au.id AS actor_user_id, au.name AS actor_user_name, au.roles AS actor_user_roles';
