export const OrganisationType = {
  MUNICIPALITY: 'MUNICIPALITY', // gemeente
  CARE_PROVIDER: 'CARE_PROVIDER', // zorgaanbieder
  SCHOOL: 'SCHOOL', // school (VSO, praktijkonderwijs)
  EMPLOYER: 'EMPLOYER', // werkgever / ondernemer
} as const;
export type OrganisationType = (typeof OrganisationType)[keyof typeof OrganisationType];

/** Who may refer a young person (verwijzen). */
export const REFERRER_TYPES: readonly OrganisationType[] = [OrganisationType.CARE_PROVIDER, OrganisationType.SCHOOL];
