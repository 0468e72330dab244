/** The funding routes' labels ("the label comes afterwards"). */
import type { FundingRoute } from '../routes';
import type { Label } from './vocabularies';

export const ROUTE_LABELS: Record<FundingRoute, Label> = {
  WMO_DAY_ACTIVITIES: { nl: 'Wmo-dagbesteding', en: 'Care day-activities (Wmo)' },
  SHELTERED_WORK: { nl: 'Beschut werk', en: 'Sheltered work' },
  JOBS_AGREEMENT: { nl: 'Banenafspraak', en: 'Jobs agreement' },
  WAGE_COST_SUBSIDY: { nl: 'Loonkostensubsidie', en: 'Wage cost subsidy' },
  REGULAR_JOB: { nl: 'Regulier werk', en: 'A regular job' },
  BACK_TO_EDUCATION: { nl: 'Terug naar school', en: 'Back to education' },
  SOCIAL_COOPERATIVE: { nl: 'Sociale coöperatie', en: 'Social cooperative' },
  SELF_EMPLOYMENT: { nl: 'Eigen bedrijf', en: 'Self-employment' },
  PARTICIPATION: { nl: 'Onbetaalde participatie', en: 'Unpaid participation' },
};
