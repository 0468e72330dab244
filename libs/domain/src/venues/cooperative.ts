/**
 * Social cooperative (sociale coöperatie): members on social assistance (Participatiewet) who do
 * business together. Each month the cooperative states per member what the member earned; the
 * municipality settles it against the benefit with the earnings exemption (inkomstenvrijlating)
 * in force that month. Pure: the figures come from the dated rule table (ruleSet
 * EARNINGS_EXEMPTION), the months already used from the member's earlier settlements.
 */
import { addMonths, firstDay, percentOf, ruleInForce, type DatedRule, type Month } from './rules';

export const EARNINGS_EXEMPTION = 'EARNINGS_EXEMPTION';

/** The dated rule of how many days after it opens a member's monthly statement is due (ruleSet COOPERATIVE_STATEMENT, variant DEFAULT), per municipality. */
export const COOPERATIVE_STATEMENT = 'COOPERATIVE_STATEMENT';
export interface StatementDueParams {
  dueDays: number;
}

/** The exemption's variants: the general one (art. 31 lid 2 sub n), single parents (sub r), a medical hour limitation (sub y). */
export const ExemptionVariant = {
  STANDARD: 'STANDARD',
  SINGLE_PARENT: 'SINGLE_PARENT',
  MEDICAL: 'MEDICAL',
} as const;
export type ExemptionVariant = (typeof ExemptionVariant)[keyof typeof ExemptionVariant];
export const EXEMPTION_VARIANTS = Object.values(ExemptionVariant);

export interface ExemptionParams {
  /** The share of the income exempted, in basis points (2500 = 25%). */
  basisPoints: number;
  monthlyCapCents: number;
  /** How many months a member may use it; absent: as long as the situation lasts. */
  maxMonths?: number | null;
  /** The age from which it applies; absent: any age. */
  minAge?: number | null;
}
export type ExemptionRule = DatedRule<ExemptionParams>;

/** What the municipality recorded of a member's situation when it consented to the membership. */
export interface MemberSituation {
  /** Age in whole years on the month's first day. */
  age: number;
  singleParent: boolean;
  medicalHourLimitation: boolean;
}

export type MonthsUsed = Record<ExemptionVariant, number>;
export const NO_MONTHS_USED: MonthsUsed = { STANDARD: 0, SINGLE_PARENT: 0, MEDICAL: 0 };

export interface MonthSettlement {
  month: Month;
  netResultCents: number;
  /** The income the exemption works on: a loss counts as nothing. */
  incomeCents: number;
  variant?: ExemptionVariant;
  ruleId?: string;
  ruleVersion?: number;
  exemptionCents: number;
  /** What is set off against the benefit (verrekend met de uitkering). */
  setOffCents: number;
  capReached: boolean;
  /** This month used the variant's last month. */
  lastExemptionMonth: boolean;
  monthsUsed: MonthsUsed;
}

/**
 * One month: which variant applies (a medical hour limitation first; else the general exemption
 * while its months last and the member is old enough; then, for a single parent, the
 * single-parent exemption for its own months), the exemption (the percentage of the income,
 * rounded down to a cent, at most the cap), what is set off against the benefit, and the months
 * used after it. A month without income uses no month.
 */
export function settleMonth(month: Month, netResultCents: number, member: MemberSituation, used: MonthsUsed, rules: readonly ExemptionRule[]): MonthSettlement {
  const day = firstDay(month);
  const incomeCents = Math.max(0, netResultCents);
  const rule = (variant: ExemptionVariant): ExemptionRule | undefined => ruleInForce(rules, EARNINGS_EXEMPTION, variant, day);
  const available = (variant: ExemptionVariant): ExemptionRule | undefined => {
    const r = rule(variant);
    if (!r) return undefined;
    if (r.params.minAge != null && member.age < r.params.minAge) return undefined;
    if (r.params.maxMonths != null && used[variant] >= r.params.maxMonths) return undefined;
    return r;
  };
  const standardDone = (): boolean => {
    const r = rule(ExemptionVariant.STANDARD);
    return !r || (r.params.maxMonths != null && used.STANDARD >= r.params.maxMonths) || (r.params.minAge != null && member.age < r.params.minAge);
  };
  const chosen: [ExemptionVariant, ExemptionRule] | undefined = (() => {
    if (member.medicalHourLimitation) {
      const r = available(ExemptionVariant.MEDICAL);
      if (r) return [ExemptionVariant.MEDICAL, r];
    }
    const standard = available(ExemptionVariant.STANDARD);
    if (standard) return [ExemptionVariant.STANDARD, standard];
    if (member.singleParent && standardDone()) {
      const r = available(ExemptionVariant.SINGLE_PARENT);
      if (r) return [ExemptionVariant.SINGLE_PARENT, r];
    }
    return undefined;
  })();
  if (!chosen || incomeCents === 0) {
    return { month, netResultCents, incomeCents, exemptionCents: 0, setOffCents: incomeCents, capReached: false, lastExemptionMonth: false, monthsUsed: { ...used } };
  }
  const [variant, r] = chosen;
  const share = percentOf(incomeCents, r.params.basisPoints);
  const exemptionCents = Math.min(share, r.params.monthlyCapCents);
  const monthsUsed = { ...used, [variant]: used[variant] + 1 };
  return {
    month,
    netResultCents,
    incomeCents,
    variant,
    ruleId: r.id,
    ruleVersion: r.version,
    exemptionCents,
    setOffCents: incomeCents - exemptionCents,
    capReached: share >= r.params.monthlyCapCents,
    lastExemptionMonth: r.params.maxMonths != null && monthsUsed[variant] === r.params.maxMonths,
    monthsUsed,
  };
}

/** Months in order, each settled with the months used before it. */
export function settleMonths(results: readonly { month: Month; netResultCents: number; age: number }[], member: Omit<MemberSituation, 'age'>, rules: readonly ExemptionRule[]): MonthSettlement[] {
  let used = NO_MONTHS_USED;
  return [...results]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((r) => {
      const s = settleMonth(r.month, r.netResultCents, { ...member, age: r.age }, used, rules);
      used = s.monthsUsed;
      return s;
    });
}

/**
 * How many months, ending with `upTo`, in a row the net result stood at or above the benefit
 * level (a month without a statement breaks the row).
 */
export function consecutiveMonthsAtOrAbove(results: readonly { month: Month; netResultCents: number }[], levelCents: number | ((month: Month) => number), upTo: Month): number {
  const byMonth = new Map(results.map((r) => [r.month, r.netResultCents]));
  const level = typeof levelCents === 'number' ? () => levelCents : levelCents;
  let n = 0;
  for (let m = upTo; (byMonth.get(m) ?? -Infinity) >= level(m); m = addMonths(m, -1)) n++;
  return n;
}

/** Whether the coordinator should be asked to consider a move off the benefit after this month. */
export function outflowDue(results: readonly { month: Month; netResultCents: number }[], levelCents: number, months: number, upTo: Month): boolean {
  return consecutiveMonthsAtOrAbove(results, levelCents, upTo) === months;
}

export interface StatementFigures {
  hoursWorked: number;
  revenueInvoicedCents: number;
  revenueReceivedCents: number;
  declaredCostsCents: number;
  reserveDepositCents: number;
  reserveSpendingCents: number;
  payoutCents: number;
}

/** The member's net result of a month: what came in less the declared costs and what went into the reserve. */
export function netResult(s: StatementFigures): number {
  return s.revenueReceivedCents - s.declaredCostsCents - s.reserveDepositCents;
}
