/**
 * Social Firm (Sociaal Bedrijf): at least half of its staff are people with a work disability.
 * The register of its workers gives, per month, the inclusion share by headcount and by paid
 * hours against the firm's target (the market's share beside it), and the banenafspraak jobs it
 * counts. Pure: the figures come from the dated rule table (ruleSet SOCIAL_FIRM).
 */
import { firstDay, ruleInForce, type DatedRule, type Month } from './rules';

export const SOCIAL_FIRM = 'SOCIAL_FIRM';

export const EmploymentForm = {
  REGULAR: 'REGULAR', // regulier dienstverband
  WSW: 'WSW', // Wet sociale werkvoorziening (oud recht)
  SHELTERED_WORK: 'SHELTERED_WORK', // beschut werk
  JOBS_AGREEMENT: 'JOBS_AGREEMENT', // banenafspraak
  SECONDMENT: 'SECONDMENT', // detachering
  TRIAL_PLACEMENT: 'TRIAL_PLACEMENT', // proefplaatsing
} as const;
export type EmploymentForm = (typeof EmploymentForm)[keyof typeof EmploymentForm];
export const EMPLOYMENT_FORMS = Object.values(EmploymentForm);

/** On which basis a worker is in the target-group register (doelgroepregister); never the BSN. */
export const RegisterBasis = {
  WAJONG: 'WAJONG',
  PRACTICAL_EDUCATION: 'PRACTICAL_EDUCATION', // praktijkonderwijs / VSO
  INDICATION: 'INDICATION', // indicatie banenafspraak (UWV)
  WSW_INDICATION: 'WSW_INDICATION',
  SHELTERED_WORK_INDICATION: 'SHELTERED_WORK_INDICATION',
} as const;
export type RegisterBasis = (typeof RegisterBasis)[keyof typeof RegisterBasis];
export const REGISTER_BASES = Object.values(RegisterBasis);

export interface SocialFirmParams {
  /** The firm's inclusion target, basis points (5000 = 50%), unless the firm has its own. */
  targetBasisPoints: number;
  /** The share on the regular market, for comparison (500 = 5%). */
  marketBasisPoints: number;
  /** Paid hours a week that make one banenafspraak job, in hundredths of an hour (2550 = 25.5 h). */
  jobHoursHundredths: number;
}
export type SocialFirmRule = DatedRule<SocialFirmParams>;

export interface FirmWorker {
  employmentForm: EmploymentForm;
  /** Paid hours a week, in hundredths of an hour (32 h = 3200). */
  paidHoursHundredths: number;
  inTargetGroupRegister: boolean;
  /** `YYYY-MM-DD`. */
  startedOn: string;
  endedOn?: string;
}

export interface InclusionShare {
  month: Month;
  ruleId: string;
  ruleVersion: number;
  headcount: number;
  inclusionHeadcount: number;
  headcountShareBasisPoints: number;
  hoursHundredths: number;
  inclusionHoursHundredths: number;
  hoursShareBasisPoints: number;
  targetBasisPoints: number;
  marketBasisPoints: number;
  /** Both shares at or above the target. */
  targetMet: boolean;
  /** Banenafspraak jobs in hundredths (one job per the rule's hours a week, other hours pro rata). */
  jobsAgreementJobsHundredths: number;
}

/** Counts towards inclusion: in the target-group register, or employed under the Wsw or as beschut werk. */
export function countsForInclusion(w: FirmWorker): boolean {
  return w.inTargetGroupRegister || w.employmentForm === EmploymentForm.WSW || w.employmentForm === EmploymentForm.SHELTERED_WORK;
}

/** Counts as banenafspraak jobs: in the target-group register, not employed under the Wsw nor as beschut werk (they count apart). */
export function countsForJobsAgreement(w: FirmWorker): boolean {
  return w.inTargetGroupRegister && w.employmentForm !== EmploymentForm.WSW && w.employmentForm !== EmploymentForm.SHELTERED_WORK;
}

/** Working at any day of the month. */
export function activeIn(w: FirmWorker, month: Month): boolean {
  return w.startedOn.slice(0, 7) <= month && (!w.endedOn || w.endedOn.slice(0, 7) >= month);
}

const share = (part: number, whole: number): number => (whole ? Math.floor((part * 10000) / whole) : 0);

/** The month's inclusion share and jobs; undefined without a rule in force. The firm's own target replaces the rule's. */
export function inclusionShare(workers: readonly FirmWorker[], month: Month, rules: readonly SocialFirmRule[], ownTargetBasisPoints?: number): InclusionShare | undefined {
  const rule = ruleInForce(rules, SOCIAL_FIRM, 'DEFAULT', firstDay(month));
  if (!rule) return undefined;
  const active = workers.filter((w) => activeIn(w, month));
  const included = active.filter(countsForInclusion);
  const hours = active.reduce((sum, w) => sum + w.paidHoursHundredths, 0);
  const inclusionHours = included.reduce((sum, w) => sum + w.paidHoursHundredths, 0);
  const jobHours = active.filter(countsForJobsAgreement).reduce((sum, w) => sum + w.paidHoursHundredths, 0);
  const targetBasisPoints = ownTargetBasisPoints ?? rule.params.targetBasisPoints;
  const headcountShareBasisPoints = share(included.length, active.length);
  const hoursShareBasisPoints = share(inclusionHours, hours);
  return {
    month,
    ruleId: rule.id,
    ruleVersion: rule.version,
    headcount: active.length,
    inclusionHeadcount: included.length,
    headcountShareBasisPoints,
    hoursHundredths: hours,
    inclusionHoursHundredths: inclusionHours,
    hoursShareBasisPoints,
    targetBasisPoints,
    marketBasisPoints: rule.params.marketBasisPoints,
    targetMet: active.length > 0 && headcountShareBasisPoints >= targetBasisPoints && hoursShareBasisPoints >= targetBasisPoints,
    jobsAgreementJobsHundredths: Math.round((jobHours * 100) / rule.params.jobHoursHundredths),
  };
}

/** A register entry as the firm registered it, before any change. */
export interface RegisteredWorker extends FirmWorker {
  contractHoursHundredths: number;
}

/**
 * A change of a register entry from a day, kept beside the registration (never overwriting it):
 * new terms (any of employment form, contract and paid hours) or the end of the employment.
 */
export interface WorkerChange {
  /** `YYYY-MM-DD`: the terms hold from this day; an end is the last day of employment. */
  effectiveFrom: string;
  /** The order it was recorded in (1, 2, ...); of two changes from one day the later one wins. */
  version: number;
  employmentForm?: EmploymentForm;
  contractHoursHundredths?: number;
  paidHoursHundredths?: number;
  ends?: boolean;
}

/** The entry as in effect on a day: the registration with every change of terms from that day or before applied in order, and its end. */
export function workerOn(worker: RegisteredWorker, changes: readonly WorkerChange[], day: string): RegisteredWorker {
  const ordered = [...changes].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  let current: RegisteredWorker = { ...worker };
  for (const c of ordered) {
    if (c.ends) {
      if (!current.endedOn || c.effectiveFrom < current.endedOn) current = { ...current, endedOn: c.effectiveFrom };
      continue;
    }
    if (c.effectiveFrom > day) continue;
    current = {
      ...current,
      ...(c.employmentForm ? { employmentForm: c.employmentForm } : {}),
      ...(c.contractHoursHundredths !== undefined ? { contractHoursHundredths: c.contractHoursHundredths } : {}),
      ...(c.paidHoursHundredths !== undefined ? { paidHoursHundredths: c.paidHoursHundredths } : {}),
    };
  }
  return current;
}

/** The entry as a month counts it: the terms in effect on the month's first day (or on its start, when it started later in the month), its end whatever day it falls. */
export function workerInMonth(worker: RegisteredWorker, changes: readonly WorkerChange[], month: Month): RegisteredWorker {
  const day = worker.startedOn > firstDay(month) ? worker.startedOn : firstDay(month);
  return workerOn(worker, changes, day);
}
