import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SignedInUserDto } from '../../../../libs/contracts/src/auth.dto';
import type { Principal } from './principal';

/**
 * The registered users behind bearer tokens. A token counts only for an active user of an active
 * organisation of the type it claims, and carries only roles the user still holds: deactivating a
 * user or taking a role away takes effect on the next request, whoever issued the token.
 */
@Injectable()
export class UserDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The principal as far as the directory allows it, or why it allows nothing. */
  async admit(claimed: Principal): Promise<Principal | string> {
    const rows: { roles: string[]; active: boolean; type: string; organisation_active: boolean }[] = await this.dataSource.query(
      `SELECT u.roles, u.active, o.type, o.active AS organisation_active
       FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.organisation_id = $1 AND u.subject = $2`,
      [claimed.organisationId, claimed.userId],
    );
    const user = rows[0];
    if (!user) return 'the user is not registered with this organisation';
    if (!user.active) return 'the user has been deactivated';
    if (!user.organisation_active) return 'the organisation has been deactivated';
    if (user.type !== claimed.organisationType) return "the token's organisation type (orgType) is not the organisation's";
    return { ...claimed, roles: claimed.roles.filter((r) => user.roles.includes(r)) };
  }

  /** The admitted principal's user: name and organisation, for the client to show. */
  async describe(principal: Principal): Promise<SignedInUserDto> {
    const rows: { id: string; name: string; organisation_name: string }[] = await this.dataSource.query(
      `SELECT u.id, u.name, o.name AS organisation_name FROM users u JOIN organisations o ON o.id = u.organisation_id
       WHERE u.organisation_id = $1 AND u.subject = $2`,
      [principal.organisationId, principal.userId],
    );
    const user = rows[0];
    return {
      userId: user.id,
      name: user.name,
      organisationId: principal.organisationId,
      organisationName: user.organisation_name,
      organisationType: principal.organisationType,
      roles: principal.roles,
    };
  }
}
