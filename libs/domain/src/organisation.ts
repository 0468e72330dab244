export const OrganisationType = {
  MUNICIPALITY: 'MUNICIPALITY', // gemeente
  CARE_PROVIDER: 'CARE_PROVIDER', // zorgaanbieder
  SCHOOL: 'SCHOOL', // school (VSO, praktijkonderwijs)
  EMPLOYER: 'EMPLOYER', // werkgever / ondernemer
  PLATFORM: 'PLATFORM', // platformbeheer: who runs the system and registers municipalities
} as const;
export type OrganisationType = (typeof OrganisationType)[keyof typeof OrganisationType];

/**
 * The organisations that host orientations, matches and placements: a venue of any kind
 * (libs/domain/src/venues/kinds.ts: regular employer, social cooperative, Social Firm, flex-work
 * space) is a host organisation with its venue kind.
 */
export const HOST_TYPES: readonly OrganisationType[] = [OrganisationType.EMPLOYER];

export function isHostType(type: string): boolean {
  return (HOST_TYPES as readonly string[]).includes(type);
}

/** Who may refer a young person (verwijzen). */
export const REFERRER_TYPES: readonly OrganisationType[] = [OrganisationType.CARE_PROVIDER, OrganisationType.SCHOOL];

/** Roles a user can hold (rol); `admin` manages the organisation's users (beheerder). */
export const UserRole = {
  COORDINATOR: 'coordinator', // regisseur (gemeente)
  SUPPORT_WORKER: 'support-worker', // begeleider / jobcoach
  TEACHER: 'teacher', // docent / stagecoördinator
  EMPLOYER: 'employer', // ondernemer
  ADMIN: 'admin', // beheerder
  PLATFORM_ADMIN: 'platform-admin', // platformbeheerder: registers municipalities, sees no casework
} as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];
export const USER_ROLES = Object.values(UserRole);

/**
 * The roles each kind of organisation grants. A school takes on a care provider's tasks when it
 * refers without one, so its users may also be support workers.
 */
export const ROLES_BY_ORGANISATION_TYPE: Record<OrganisationType, readonly UserRole[]> = {
  MUNICIPALITY: [UserRole.COORDINATOR, UserRole.ADMIN],
  CARE_PROVIDER: [UserRole.SUPPORT_WORKER, UserRole.ADMIN],
  SCHOOL: [UserRole.TEACHER, UserRole.SUPPORT_WORKER, UserRole.ADMIN],
  EMPLOYER: [UserRole.EMPLOYER, UserRole.ADMIN],
  PLATFORM: [UserRole.PLATFORM_ADMIN],
};

/** The roles that work on journeys (casework); an admin alone only manages users. */
export const CASE_ROLES: readonly UserRole[] = [UserRole.COORDINATOR, UserRole.SUPPORT_WORKER, UserRole.TEACHER, UserRole.EMPLOYER];

/** The role a user acts in: its first casework role, else its first role. */
export function actingRole(roles: readonly string[]): string | undefined {
  return roles.find((r) => (CASE_ROLES as readonly string[]).includes(r)) ?? roles[0];
}
