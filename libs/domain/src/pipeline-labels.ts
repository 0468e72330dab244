/**
 * Dutch and English names of the pipeline summary's parts, for the people who read its figures:
 * the dashboard and the spreadsheet download. The codes are the API's (GET /pipeline/summary).
 */
import type { Label } from './method/vocabularies';

const l = (nl: string, en: string): Label => ({ nl, en });

/** The outcomes (`outcomes` of the summary), each as what it counts. */
export const OUTCOME_LABELS = {
  orientations: l('oriëntaties gestart (een werkgever nam aan)', 'orientations started (an employer accepted)'),
  placementsStarted: l('plaatsingen gestart', 'placements started'),
  paidWorkReached: l('betaald werk bereikt', 'paid work reached'),
  inWorkAt3Months: l('na 3 maanden nog aan het werk', 'still in work after 3 months'),
  inWorkAt6Months: l('na 6 maanden nog aan het werk', 'still in work after 6 months'),
  inWorkAt12Months: l('na 12 maanden nog aan het werk', 'still in work after 12 months'),
  loopsBack: l('terug naar een eerdere stap', 'back to an earlier step'),
  pauses: l('pauzes', 'pauses'),
  withdrawals: l('ingetrokken', 'withdrawn'),
  exits: l('beëindigd', 'ended'),
  completed: l('afgerond', 'completed'),
} as const satisfies Record<string, Label>;
export type OutcomeCode = keyof typeof OUTCOME_LABELS;

/** The sections of the summary as the spreadsheet download names them. */
export const SUMMARY_SECTION_LABELS: Record<string, Label> = {
  journeys: l('trajecten', 'journeys'),
  step: l('stap', 'step'),
  phase: l('fase', 'phase'),
  care_provider: l('zorgaanbieder', 'care provider'),
  school: l('school', 'school'),
  employer: l('werkgever', 'employer'),
  venue_kind: l('soort werkplek', 'venue kind'),
  conversion: l('doorstroom', 'conversion'),
  flow_time: l('dagen per stap', 'days per step'),
  tasks: l('taken', 'tasks'),
  outcome: l('uitkomst', 'outcome'),
  route: l('route', 'route'),
};

/** The measures of the summary as the spreadsheet download names them (steps by their own names). */
export const SUMMARY_MEASURE_LABELS: Record<string, Label> = {
  total: l('totaal', 'total'),
  open: l('open', 'open'),
  active: l('actief', 'active'),
  paused: l('gepauzeerd', 'paused'),
  completed: l('afgerond', 'completed'),
  withdrawn: l('ingetrokken', 'withdrawn'),
  exited: l('beëindigd', 'ended'),
  journeys: l('trajecten', 'journeys'),
  placed: l('geplaatst', 'placed'),
  venues: l('werkplekken', 'venues'),
  reached_from: l('bereikten de eerste stap', 'reached the first step'),
  reached_to: l('bereikten de tweede stap', 'reached the second step'),
  rate: l('doorstroom (fractie)', 'rate (fraction)'),
  visits: l('keren', 'visits'),
  median_days: l('mediaan (dagen)', 'median (days)'),
  p90_days: l('90e percentiel (dagen)', '90th percentile (days)'),
  overdue: l('te laat', 'overdue'),
  escalated: l('opgeschaald', 'escalated'),
  count: l('aantal', 'count'),
  decided: l('besloten', 'decided'),
  share: l('aandeel (fractie)', 'share (fraction)'),
};
