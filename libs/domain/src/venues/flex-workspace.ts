/**
 * Flex-work space (flexwerkplek): a municipal building where participants from the social domain
 * learn to do business beside market tenants, in half-day slots. Each participant aims at a
 * monthly net revenue (kept as an expense allowance); who earns more for some months in a row
 * starts to contribute to the facilities, who earns more still may flow out. Pure: the figures
 * come from the dated rule table (ruleSet FLEX_WORKSPACE).
 */
import { addMonths, firstDay, percentOf, ruleInForce, type DatedRule, type Month } from './rules';

export const FLEX_WORKSPACE = 'FLEX_WORKSPACE';

export const DayPart = { MORNING: 'MORNING', AFTERNOON: 'AFTERNOON' } as const;
export type DayPart = (typeof DayPart)[keyof typeof DayPart];
export const DAY_PARTS = Object.values(DayPart);

export const TenantKind = { SOCIAL: 'SOCIAL', MARKET: 'MARKET' } as const;
export type TenantKind = (typeof TenantKind)[keyof typeof TenantKind];
export const TENANT_KINDS = Object.values(TenantKind);

export interface FlexWorkspaceParams {
  /** The monthly net-revenue goal, kept as an expense allowance (default €100). */
  monthlyGoalCents: number;
  /** Net revenue above this for `months` months in a row makes a contribution due. */
  contributionThresholdCents: number;
  /** The contribution: this share of the month's net revenue above the threshold, basis points. */
  contributionBasisPoints: number;
  /** Net revenue above this for `months` months in a row: the coordinator considers outflow. */
  outflowThresholdCents: number;
  months: number;
}
export type FlexWorkspaceRule = DatedRule<FlexWorkspaceParams>;

export interface FlexMonth {
  month: Month;
  ruleId: string;
  ruleVersion: number;
  netRevenueCents: number;
  goalCents: number;
  goalMet: boolean;
  /** Months in a row, ending with this one, above the contribution threshold. */
  monthsAboveContribution: number;
  contributionDueCents: number;
  monthsAboveOutflow: number;
  outflowTask: boolean;
}

/** How many months, ending with `upTo`, in a row were above `threshold` (a month not reported breaks the row). */
export function monthsAbove(revenue: ReadonlyMap<Month, number>, thresholdCents: number, upTo: Month): number {
  let n = 0;
  for (let m = upTo; (revenue.get(m) ?? -Infinity) > thresholdCents; m = addMonths(m, -1)) n++;
  return n;
}

/** A participant's month: goal, contribution due and whether the coordinator is asked to consider outflow. */
export function flexMonth(results: readonly { month: Month; netRevenueCents: number }[], month: Month, rules: readonly FlexWorkspaceRule[]): FlexMonth | undefined {
  const rule = ruleInForce(rules, FLEX_WORKSPACE, 'DEFAULT', firstDay(month));
  const revenue = new Map(results.map((r) => [r.month, r.netRevenueCents]));
  const net = revenue.get(month);
  if (!rule || net === undefined) return undefined;
  const p = rule.params;
  const monthsAboveContribution = monthsAbove(revenue, p.contributionThresholdCents, month);
  const monthsAboveOutflow = monthsAbove(revenue, p.outflowThresholdCents, month);
  return {
    month,
    ruleId: rule.id,
    ruleVersion: rule.version,
    netRevenueCents: net,
    goalCents: p.monthlyGoalCents,
    goalMet: net >= p.monthlyGoalCents,
    monthsAboveContribution,
    contributionDueCents: monthsAboveContribution >= p.months ? percentOf(net - p.contributionThresholdCents, p.contributionBasisPoints) : 0,
    monthsAboveOutflow,
    outflowTask: monthsAboveOutflow === p.months,
  };
}

/** The seats of a slot: the social share reserved, the rest for the market. */
export function seatsFor(kind: TenantKind, seats: number, socialSeats: number): number {
  return kind === TenantKind.SOCIAL ? socialSeats : seats - socialSeats;
}
