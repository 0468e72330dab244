/**
 * Funding routes ("labels"): which regime pays. Proposed at analyse, fixed only at the
 * placement outcome — the label comes afterwards (het label komt achteraf).
 */
export const FundingRoute = {
  WMO_DAY_ACTIVITIES: 'WMO_DAY_ACTIVITIES', // Wmo-dagbesteding
  SHELTERED_WORK: 'SHELTERED_WORK', // beschut werk
  JOBS_AGREEMENT: 'JOBS_AGREEMENT', // banenafspraak
  WAGE_COST_SUBSIDY: 'WAGE_COST_SUBSIDY', // loonkostensubsidie
  REGULAR_JOB: 'REGULAR_JOB', // regulier werk
  BACK_TO_EDUCATION: 'BACK_TO_EDUCATION', // terug naar school
  SOCIAL_COOPERATIVE: 'SOCIAL_COOPERATIVE', // sociale coöperatie
  SELF_EMPLOYMENT: 'SELF_EMPLOYMENT', // eigen bedrijf (ondernemen vanuit een flexwerkplek of coöperatie)
  PARTICIPATION: 'PARTICIPATION', // onbetaalde participatie (participatieplaats)
} as const;
export type FundingRoute = (typeof FundingRoute)[keyof typeof FundingRoute];
export const FUNDING_ROUTES = Object.values(FundingRoute);
