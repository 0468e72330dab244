import { ageOn, consentDateProblem, dateOfBirthProblem, daysSince, dutchDate } from './candidate-dates';

describe('candidate dates', () => {
  const today = '2026-12-07';

  it('counts whole years, a birthday counting from its day', () => {
    expect(ageOn('2008-12-07', today)).toBe(18);
    expect(ageOn('2008-12-08', today)).toBe(17);
    expect(ageOn('2004-02-29', '2026-02-28')).toBe(21);
  });

  it('refuses a date of birth in the future, and ages outside the target group on the referral date', () => {
    expect(dateOfBirthProblem('2031-04-12', today)?.code).toBe('DATE_OF_BIRTH_IN_FUTURE');
    expect(dateOfBirthProblem('2010-12-08', today)?.code).toBe('AGE_BELOW_TARGET_GROUP');
    expect(dateOfBirthProblem('2010-12-07', today)).toBeUndefined();
    expect(dateOfBirthProblem('1959-12-07', today)?.code).toBe('AGE_ABOVE_TARGET_GROUP');
    expect(dateOfBirthProblem('1959-12-08', today)).toBeUndefined();
    expect(dateOfBirthProblem('1990-02-02', today)).toBeUndefined(); // an adult member of a social cooperative
    // A correction is checked against the age on the referral date, not today's.
    expect(dateOfBirthProblem('1959-06-01', today, '2025-01-10')).toBeUndefined();
  });

  it('refuses consent given after today (in the Netherlands), whatever the time of day', () => {
    expect(consentDateProblem('2027-01-01T10:00:00Z', today)?.code).toBe('CONSENT_IN_FUTURE');
    expect(consentDateProblem('2026-12-07T23:30:00Z', today)?.code).toBe('CONSENT_IN_FUTURE'); // 00:30 on the 8th in Amsterdam
    expect(consentDateProblem('2026-12-07T12:00:00Z', today)).toBeUndefined();
    expect(consentDateProblem('2026-12-06', today)).toBeUndefined();
    expect(dutchDate('2026-12-06T23:30:00Z')).toBe('2026-12-07');
  });

  it('counts the days a journey ran on the Dutch calendar, also just after midnight', () => {
    expect(daysSince('2026-12-07T23:10:00Z', '2026-12-08')).toBe(0); // 00:10 in Amsterdam
    expect(daysSince('2026-12-07T22:50:00Z', '2026-12-08')).toBe(1); // 23:50 the day before
    expect(daysSince('2026-06-30T22:30:00Z', '2026-07-01')).toBe(0); // summer time: 00:30
    expect(daysSince('2026-03-28T12:00:00Z', '2026-03-30')).toBe(2); // across the change to summer time
    expect(daysSince('2026-12-07T09:00:00Z', '2026-11-30')).toBe(0); // never negative
  });
});
