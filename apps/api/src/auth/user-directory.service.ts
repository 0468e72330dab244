import { Injectable } from '@nestjs/common';
import type { SignedInUserDto } from '../../../../libs/contracts/src/auth.dto';
import { SignInUsersRepository } from '../../../../libs/database/src/repositories/sign-in-users.repository';
import type { Principal } from './principal';

/**
 * The registered users behind bearer tokens. A token counts only for an active user of an active
 * organisation of the type it claims, and carries only roles the user still holds: deactivating a
 * user or taking a role away takes effect on the next request, whoever issued the token.
 */
@Injectable()
export class UserDirectory {
  constructor(private readonly users: SignInUsersRepository) {}

  /** The principal as far as the directory allows it, or why it allows nothing. */
  async admit(claimed: Principal): Promise<Principal | string> {
    const user = await this.users.registered(claimed.organisationId, claimed.userId);
    if (!user) return 'the user is not registered with this organisation';
    if (!user.active) return 'the user has been deactivated';
    if (!user.organisationActive) return 'the organisation has been deactivated';
    if (user.organisationType !== claimed.organisationType) return "the token's organisation type (orgType) is not the organisation's";
    return { ...claimed, roles: claimed.roles.filter((r) => user.roles.includes(r)) };
  }

  /** The admitted principal's user: name and organisation, for the client to show. */
  async describe(principal: Principal): Promise<SignedInUserDto> {
    // An admitted principal's user is registered (admit found it on this request).
    const user = (await this.users.registered(principal.organisationId, principal.userId))!;
    return {
      userId: user.id,
      name: user.name,
      organisationId: principal.organisationId,
      organisationName: user.organisationName,
      organisationType: principal.organisationType,
      roles: principal.roles,
    };
  }
}
