import { OrganisationType } from '../../../../libs/domain/src/organisation';

/** Who is calling: from the verified bearer token (claims sub, org, orgType, roles). */
export interface Principal {
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  roles: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The principal a token's claims describe, or why they describe none. */
export function principalFromClaims(claims: Record<string, unknown>): Principal | string {
  const { sub, org, orgType, roles } = claims;
  if (typeof sub !== 'string' || !sub || sub.length > 200) return 'the token has no subject (sub)';
  if (typeof org !== 'string' || !UUID.test(org)) return 'the token has no organisation (org)';
  if (typeof orgType !== 'string' || !(Object.values(OrganisationType) as string[]).includes(orgType)) {
    return 'the token has no known organisation type (orgType)';
  }
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) return 'the token has no roles';
  return { userId: sub, organisationId: org, organisationType: orgType as OrganisationType, roles: roles as string[] };
}
