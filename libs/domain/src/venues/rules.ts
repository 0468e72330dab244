/**
 * Dated rule tables: every rule a venue's month is settled by is a row with a validity (valid
 * from, valid to) and a version; a correction is a new version of the same validity (who and
 * why kept beside it), never an overwrite. A month is settled with the rules in force on its
 * first day, in their newest version. The figures live in the database (seeded by a migration),
 * never in code.
 */

/** A month as `YYYY-MM`. */
export type Month = string;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}

/** The first day of a month, `YYYY-MM-01`. */
export function firstDay(month: Month): string {
  return `${month}-01`;
}

/** The month after (or `n` months after) `month`. */
export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month of an ISO date or timestamp. */
export function monthOf(isoDate: string): Month {
  return isoDate.slice(0, 7);
}

export interface DatedRule<P> {
  id: string;
  ruleSet: string;
  variant: string;
  /** Inclusive, `YYYY-MM-DD`. */
  validFrom: string;
  /** Inclusive, `YYYY-MM-DD`; absent: until further notice. */
  validTo?: string;
  version: number;
  params: P;
}

/** The rule of a set and variant in force on a day: valid then, and of those the newest version. */
export function ruleInForce<P, R extends DatedRule<P>>(rules: readonly R[], ruleSet: string, variant: string, day: string): R | undefined {
  return rules
    .filter((r) => r.ruleSet === ruleSet && r.variant === variant && r.validFrom <= day && (!r.validTo || day <= r.validTo))
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom) || b.version - a.version)[0];
}

/** `amount × basisPoints / 10 000`, rounded down to a whole cent (an exemption never gives a cent too many). */
export function percentOf(amountCents: number, basisPoints: number): number {
  return Math.floor((amountCents * basisPoints) / 10000);
}
