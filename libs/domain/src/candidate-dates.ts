/**
 * The date rules of a referral and of a correction of the young person's data, in one place: the
 * API checks them and the web app's forms check the same functions before sending. Each broken
 * rule has a stable code (the web app words it in Dutch or English). Dates are calendar dates in
 * the Netherlands (Europe/Amsterdam), YYYY-MM-DD.
 */

/**
 * The ages the method serves on the referral date: from school leavers of 16 (VSO, praktijkonderwijs)
 * up to the state pension age (67): the pilot's young people, and at the venues (a social
 * cooperative's earnings exemption starts at 27) adults on social assistance too.
 */
export const TARGET_AGE = { min: 16, max: 66 } as const;

export const DateRule = {
  /** A date of birth after today. */
  DATE_OF_BIRTH_IN_FUTURE: 'DATE_OF_BIRTH_IN_FUTURE',
  /** Younger than the method's target group on the referral date. */
  AGE_BELOW_TARGET_GROUP: 'AGE_BELOW_TARGET_GROUP',
  /** Older than the method's target group on the referral date. */
  AGE_ABOVE_TARGET_GROUP: 'AGE_ABOVE_TARGET_GROUP',
  /** Consent recorded as given after today. */
  CONSENT_IN_FUTURE: 'CONSENT_IN_FUTURE',
} as const;
export type DateRule = (typeof DateRule)[keyof typeof DateRule];

export interface DateProblem {
  code: DateRule;
  /** In English, for the API's problem; screens word the code themselves. */
  message: string;
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in the Netherlands of a moment (an ISO date-time, or now), YYYY-MM-DD. */
export function dutchDate(moment: string | Date = new Date()): string {
  return AMSTERDAM.format(typeof moment === 'string' ? new Date(moment) : moment);
}

/**
 * Days from a moment to a day (YYYY-MM-DD), both on the Dutch calendar: a referral made at 00:10
 * in Amsterdam (23:10 UTC the day before) has run 0 days that day, not 1.
 */
export function daysSince(moment: string | Date, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dutchDate(moment)}T00:00:00Z`)) / 86_400_000));
}

/** Whole years from a date of birth to a date (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * What is wrong with a date of birth (YYYY-MM-DD), if anything: not after today, and in the target
 * group's ages on the referral date (today for a new referral).
 */
export function dateOfBirthProblem(dateOfBirth: string, today: string, referredOn: string = today): DateProblem | undefined {
  if (dateOfBirth > today) return { code: DateRule.DATE_OF_BIRTH_IN_FUTURE, message: 'dateOfBirth must not be in the future' };
  const age = ageOn(dateOfBirth, referredOn);
  if (age < TARGET_AGE.min) return { code: DateRule.AGE_BELOW_TARGET_GROUP, message: `the young person must be at least ${TARGET_AGE.min} on the referral date (is ${age})` };
  if (age > TARGET_AGE.max) return { code: DateRule.AGE_ABOVE_TARGET_GROUP, message: `the young person must be at most ${TARGET_AGE.max} on the referral date (is ${age})` };
  return undefined;
}

/** What is wrong with the moment consent was given (an ISO date-time or date), if anything: its date is not after today. */
export function consentDateProblem(givenAt: string, today: string): DateProblem | undefined {
  const on = /^\d{4}-\d{2}-\d{2}$/.test(givenAt) ? givenAt : dutchDate(givenAt);
  return on > today ? { code: DateRule.CONSENT_IN_FUTURE, message: 'givenAt must not be in the future' } : undefined;
}
