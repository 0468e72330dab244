import { consecutiveMonthsAtOrAbove, netResult, NO_MONTHS_USED, outflowDue, settleMonth, settleMonths, type ExemptionRule, type MemberSituation } from './cooperative';
import { flexMonth, seatsFor, type FlexWorkspaceRule } from './flex-workspace';
import { venueDataOn } from './kinds';
import { addMonths, percentOf, ruleInForce } from './rules';
import { inclusionShare, workerInMonth, workerOn, type FirmWorker, type RegisteredWorker, type SocialFirmRule, type WorkerChange } from './social-firm';

/** The 2024 figures as the migration seeds them (the code knows none of them). */
const exemption = (id: string, variant: string, basisPoints: number, monthlyCapCents: number, maxMonths: number | null, minAge: number | null, validFrom = '2024-01-01', validTo?: string, version = 1): ExemptionRule => ({
  id,
  ruleSet: 'EARNINGS_EXEMPTION',
  variant,
  validFrom,
  ...(validTo ? { validTo } : {}),
  version,
  params: { basisPoints, monthlyCapCents, maxMonths, minAge },
});
const RULES_2024 = [
  exemption('std', 'STANDARD', 2500, 26400, 6, 27),
  exemption('single', 'SINGLE_PARENT', 1250, 16473, 30, null),
  exemption('medical', 'MEDICAL', 1500, 16707, null, null),
];
const adult: MemberSituation = { age: 30, singleParent: false, medicalHourLimitation: false };

describe('earnings exemption (inkomstenvrijlating), worked by hand', () => {
  it('25% of €800 is €200: exempted, €600 set off, one month used', () => {
    expect(settleMonth('2024-03', 80000, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({
      variant: 'STANDARD', incomeCents: 80000, exemptionCents: 20000, setOffCents: 60000, capReached: false, lastExemptionMonth: false, monthsUsed: { STANDARD: 1, SINGLE_PARENT: 0, MEDICAL: 0 },
    });
  });

  it('the cap: €1,056 gives exactly €264 (cap reached at the boundary); €2,000 gives €264, not €500', () => {
    expect(settleMonth('2024-03', 105600, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 26400, setOffCents: 79200, capReached: true });
    expect(settleMonth('2024-03', 105596, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 26399, capReached: false });
    expect(settleMonth('2024-03', 200000, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 26400, setOffCents: 173600, capReached: true });
  });

  it('rounds down to a cent: 25% of €0.03 is nothing', () => {
    expect(settleMonth('2024-03', 3, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 0, setOffCents: 3 });
  });

  it('from age 27: at 26 nothing is exempted, at 27 it is', () => {
    expect(settleMonth('2024-03', 80000, { ...adult, age: 26 }, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 0, setOffCents: 80000, monthsUsed: NO_MONTHS_USED });
    expect(settleMonth('2024-03', 80000, { ...adult, age: 27 }, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 20000 });
  });

  it('the last month of the exemption is the sixth; the seventh has none', () => {
    const sixth = settleMonth('2024-06', 80000, adult, { ...NO_MONTHS_USED, STANDARD: 5 }, RULES_2024);
    expect(sixth).toMatchObject({ exemptionCents: 20000, lastExemptionMonth: true, monthsUsed: { STANDARD: 6 } });
    expect(settleMonth('2024-07', 80000, adult, sixth.monthsUsed, RULES_2024)).toMatchObject({ exemptionCents: 0, setOffCents: 80000, monthsUsed: { STANDARD: 6 } });
  });

  it('a month with a loss or nothing earned uses no month', () => {
    expect(settleMonth('2024-03', -5000, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ incomeCents: 0, exemptionCents: 0, setOffCents: 0, monthsUsed: NO_MONTHS_USED });
  });

  it('a single parent: the general months first, then 12.5% up to €164.73 for 30 months', () => {
    const single = { ...adult, singleParent: true };
    expect(settleMonth('2024-03', 80000, single, NO_MONTHS_USED, RULES_2024)).toMatchObject({ variant: 'STANDARD', exemptionCents: 20000 });
    const after = { ...NO_MONTHS_USED, STANDARD: 6 };
    expect(settleMonth('2024-09', 80000, single, after, RULES_2024)).toMatchObject({ variant: 'SINGLE_PARENT', exemptionCents: 10000, setOffCents: 70000, monthsUsed: { STANDARD: 6, SINGLE_PARENT: 1 } });
    expect(settleMonth('2024-09', 200000, single, after, RULES_2024)).toMatchObject({ exemptionCents: 16473, capReached: true });
    expect(settleMonth('2024-09', 80000, single, { ...after, SINGLE_PARENT: 29 }, RULES_2024)).toMatchObject({ exemptionCents: 10000, lastExemptionMonth: true });
    expect(settleMonth('2024-09', 80000, single, { ...after, SINGLE_PARENT: 30 }, RULES_2024)).toMatchObject({ exemptionCents: 0 });
  });

  it('a medical hour limitation: 15% up to €167.07, with no end', () => {
    const medical = { ...adult, age: 22, medicalHourLimitation: true };
    expect(settleMonth('2024-03', 80000, medical, { ...NO_MONTHS_USED, MEDICAL: 100 }, RULES_2024)).toMatchObject({ variant: 'MEDICAL', exemptionCents: 12000, setOffCents: 68000 });
    expect(settleMonth('2024-03', 200000, medical, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 16707, capReached: true });
  });

  it('rules changed mid-year: June is settled with the old cap, July with the new one', () => {
    const changed = [
      exemption('std-h1', 'STANDARD', 2500, 26400, 6, 27, '2024-01-01', '2024-06-30'),
      exemption('std-h2', 'STANDARD', 2500, 27000, 6, 27, '2024-07-01'),
    ];
    expect(settleMonth('2024-06', 200000, adult, NO_MONTHS_USED, changed)).toMatchObject({ exemptionCents: 26400, ruleId: 'std-h1' });
    expect(settleMonth('2024-07', 200000, adult, NO_MONTHS_USED, changed)).toMatchObject({ exemptionCents: 27000, ruleId: 'std-h2' });
  });

  it('a correction is a newer version of the same validity and wins; no rule in force: nothing exempted', () => {
    const corrected = [...RULES_2024, exemption('std-v2', 'STANDARD', 2500, 26500, 6, 27, '2024-01-01', undefined, 2)];
    expect(settleMonth('2024-03', 200000, adult, NO_MONTHS_USED, corrected)).toMatchObject({ exemptionCents: 26500, ruleId: 'std-v2', ruleVersion: 2 });
    expect(settleMonth('2023-12', 200000, adult, NO_MONTHS_USED, RULES_2024)).toMatchObject({ exemptionCents: 0, setOffCents: 200000 });
  });

  it('seven months in a row: six exempted, the seventh set off in full', () => {
    const months = Array.from({ length: 7 }, (_, i) => ({ month: addMonths('2024-01', i), netResultCents: 100000, age: 30 }));
    const settled = settleMonths(months, { singleParent: false, medicalHourLimitation: false }, RULES_2024);
    expect(settled.map((s) => s.exemptionCents)).toEqual([25000, 25000, 25000, 25000, 25000, 25000, 0]);
    expect(settled.map((s) => s.lastExemptionMonth)).toEqual([false, false, false, false, false, true, false]);
  });

  it('the net result: received less declared costs less the reserve deposit', () => {
    expect(netResult({ hoursWorked: 40, revenueInvoicedCents: 120000, revenueReceivedCents: 100000, declaredCostsCents: 15000, reserveDepositCents: 5000, reserveSpendingCents: 0, payoutCents: 80000 })).toBe(80000);
  });

  it('N months in a row at or above the benefit level; a month below or missing breaks the row', () => {
    const results = [
      { month: '2024-01', netResultCents: 130000 },
      { month: '2024-02', netResultCents: 120000 },
      { month: '2024-03', netResultCents: 125000 },
      { month: '2024-04', netResultCents: 119999 },
      { month: '2024-06', netResultCents: 150000 },
    ];
    expect(consecutiveMonthsAtOrAbove(results, 120000, '2024-03')).toBe(3);
    expect(consecutiveMonthsAtOrAbove(results, 120000, '2024-04')).toBe(0);
    expect(consecutiveMonthsAtOrAbove(results, 120000, '2024-06')).toBe(1);
    expect(outflowDue(results, 120000, 3, '2024-03')).toBe(true);
    expect(outflowDue(results, 120000, 3, '2024-02')).toBe(false);
  });
});

describe('Social Firm: inclusion share and banenafspraak jobs, worked by hand', () => {
  const rules: SocialFirmRule[] = [{ id: 'sf', ruleSet: 'SOCIAL_FIRM', variant: 'DEFAULT', validFrom: '2024-01-01', version: 1, params: { targetBasisPoints: 5000, marketBasisPoints: 500, jobHoursHundredths: 2550 } }];
  const w = (employmentForm: FirmWorker['employmentForm'], hours: number, inTargetGroupRegister: boolean, startedOn = '2023-01-01', endedOn?: string): FirmWorker => ({
    employmentForm, paidHoursHundredths: Math.round(hours * 100), inTargetGroupRegister, startedOn, ...(endedOn ? { endedOn } : {}),
  });
  const firm = [w('REGULAR', 38, false), w('JOBS_AGREEMENT', 25.5, true), w('WSW', 32, false), w('SHELTERED_WORK', 16, false), w('REGULAR', 12.75, true)];

  it('4 of 5 by headcount (80%), 86.25 of 124.25 hours (69.41%), 38.25 h = 1.50 jobs', () => {
    expect(inclusionShare(firm, '2024-05', rules)).toMatchObject({
      headcount: 5, inclusionHeadcount: 4, headcountShareBasisPoints: 8000,
      hoursHundredths: 12425, inclusionHoursHundredths: 8625, hoursShareBasisPoints: 6941,
      targetBasisPoints: 5000, marketBasisPoints: 500, targetMet: true, jobsAgreementJobsHundredths: 150,
    });
  });

  it('exactly half meets a 50% target; the firm’s own target of 60% is missed', () => {
    const half = [w('REGULAR', 20, false), w('JOBS_AGREEMENT', 20, true)];
    expect(inclusionShare(half, '2024-05', rules)).toMatchObject({ headcountShareBasisPoints: 5000, hoursShareBasisPoints: 5000, targetMet: true, jobsAgreementJobsHundredths: 78 });
    expect(inclusionShare(half, '2024-05', rules, 6000)).toMatchObject({ targetBasisPoints: 6000, targetMet: false });
  });

  it('who left before the month or starts after it does not count; who starts in it does', () => {
    const moving = [w('REGULAR', 38, false), w('JOBS_AGREEMENT', 25.5, true, '2024-01-01', '2024-04-30'), w('JOBS_AGREEMENT', 25.5, true, '2024-05-20'), w('JOBS_AGREEMENT', 25.5, true, '2024-06-01')];
    expect(inclusionShare(moving, '2024-05', rules)).toMatchObject({ headcount: 2, inclusionHeadcount: 1, jobsAgreementJobsHundredths: 100 });
  });

  it('no workers: no share, target not met; no rule in force: nothing', () => {
    expect(inclusionShare([], '2024-05', rules)).toMatchObject({ headcount: 0, headcountShareBasisPoints: 0, targetMet: false });
    expect(inclusionShare(firm, '2023-12', rules)).toBeUndefined();
  });

  it('a changed entry counts the terms in effect in the month; an end counts up to its month; the registration stays as it was', () => {
    const registered: RegisteredWorker = { employmentForm: 'JOBS_AGREEMENT', contractHoursHundredths: 3200, paidHoursHundredths: 3200, inTargetGroupRegister: true, startedOn: '2024-01-15' };
    const changes: WorkerChange[] = [
      { effectiveFrom: '2024-04-01', version: 1, paidHoursHundredths: 1600, contractHoursHundredths: 1600 },
      { effectiveFrom: '2024-04-01', version: 2, paidHoursHundredths: 2550 }, // a second change of that day wins
      { effectiveFrom: '2024-06-10', version: 3, employmentForm: 'REGULAR' },
      { effectiveFrom: '2024-08-31', version: 4, ends: true },
    ];
    expect(workerInMonth(registered, changes, '2024-01')).toMatchObject({ paidHoursHundredths: 3200, endedOn: '2024-08-31' }); // from its start, 15 January
    expect(workerInMonth(registered, changes, '2024-03')).toMatchObject({ paidHoursHundredths: 3200, contractHoursHundredths: 3200 });
    expect(workerInMonth(registered, changes, '2024-04')).toMatchObject({ paidHoursHundredths: 2550, contractHoursHundredths: 1600, employmentForm: 'JOBS_AGREEMENT' });
    expect(workerInMonth(registered, changes, '2024-06').employmentForm).toBe('JOBS_AGREEMENT'); // the 10th is after the month's first day
    expect(workerOn(registered, changes, '2024-07-01').employmentForm).toBe('REGULAR');
    expect(registered).toEqual({ employmentForm: 'JOBS_AGREEMENT', contractHoursHundredths: 3200, paidHoursHundredths: 3200, inTargetGroupRegister: true, startedOn: '2024-01-15' });
    // 25.5 h of banenafspraak in April = 1 job, 32 h in March = 1.25; August still counts, September not.
    const month = (m: string) => inclusionShare([workerInMonth(registered, changes, m)], m, rules)!;
    expect([month('2024-03').jobsAgreementJobsHundredths, month('2024-04').jobsAgreementJobsHundredths, month('2024-08').headcount, month('2024-09').headcount]).toEqual([125, 100, 1, 0]);
  });
});

describe('flex-work space: goal, contribution and outflow, worked by hand', () => {
  const rules: FlexWorkspaceRule[] = [{
    id: 'flex', ruleSet: 'FLEX_WORKSPACE', variant: 'DEFAULT', validFrom: '2024-01-01', version: 1,
    params: { monthlyGoalCents: 10000, contributionThresholdCents: 50000, contributionBasisPoints: 2000, outflowThresholdCents: 150000, months: 3 },
  }];
  const months = (...cents: number[]) => cents.map((c, i) => ({ month: addMonths('2024-01', i), netRevenueCents: c }));

  it('€99.99 misses the €100 goal, €100 meets it', () => {
    expect(flexMonth(months(9999), '2024-01', rules)).toMatchObject({ goalMet: false, contributionDueCents: 0 });
    expect(flexMonth(months(10000), '2024-01', rules)).toMatchObject({ goalMet: true });
  });

  it('above €500 for the third month in a row: 20% of what is above it is due (€800 -> €60)', () => {
    const r = months(60000, 70000, 80000);
    expect(flexMonth(r, '2024-02', rules)).toMatchObject({ monthsAboveContribution: 2, contributionDueCents: 0 });
    expect(flexMonth(r, '2024-03', rules)).toMatchObject({ monthsAboveContribution: 3, contributionDueCents: 6000, outflowTask: false });
  });

  it('exactly the threshold is not above it and breaks the row', () => {
    expect(flexMonth(months(60000, 50000, 80000), '2024-03', rules)).toMatchObject({ monthsAboveContribution: 1, contributionDueCents: 0 });
  });

  it('above €1,500 three months in a row: one outflow task, in the third month only', () => {
    const r = months(160000, 160000, 160000, 160000);
    expect(flexMonth(r, '2024-03', rules)).toMatchObject({ outflowTask: true, contributionDueCents: 22000 });
    expect(flexMonth(r, '2024-04', rules)).toMatchObject({ outflowTask: false, monthsAboveOutflow: 4 });
  });

  it('a slot’s seats: the social share reserved, the rest for the market', () => {
    expect(seatsFor('SOCIAL', 10, 4)).toBe(4);
    expect(seatsFor('MARKET', 10, 4)).toBe(6);
  });
});

describe('dated rules', () => {
  it('the rule in force on a day; the newest version of it', () => {
    const r = (id: string, validFrom: string, validTo: string | undefined, version: number) => ({ id, ruleSet: 'X', variant: 'V', validFrom, ...(validTo ? { validTo } : {}), version, params: {} });
    const rules = [r('a', '2024-01-01', '2024-06-30', 1), r('a2', '2024-01-01', '2024-06-30', 2), r('b', '2024-07-01', undefined, 1)];
    expect(ruleInForce(rules, 'X', 'V', '2024-06-30')?.id).toBe('a2');
    expect(ruleInForce(rules, 'X', 'V', '2024-07-01')?.id).toBe('b');
    expect(ruleInForce(rules, 'X', 'V', '2023-12-31')).toBeUndefined();
    expect(percentOf(99, 2500)).toBe(24);
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
  });
});

describe('venue data in dated versions', () => {
  it('the registered data until the first version; the newest from its day; a correction of the same day wins', () => {
    const registered = { chamberOfCommerceNumber: '12345678', benefitLevelCents: 70000, outflowAfterMonths: 3 };
    const versions = [
      { validFrom: '2024-07-01', version: 1, data: { ...registered, benefitLevelCents: 72000 } },
      { validFrom: '2024-07-01', version: 2, data: { ...registered, benefitLevelCents: 72500 } },
      { validFrom: '2025-01-01', version: 3, data: { ...registered, benefitLevelCents: 74000 } },
    ];
    expect(venueDataOn(registered, versions, '2024-06-30').benefitLevelCents).toBe(70000);
    expect(venueDataOn(registered, versions, '2024-07-01').benefitLevelCents).toBe(72500);
    expect(venueDataOn(registered, versions, '2024-12-31').benefitLevelCents).toBe(72500);
    expect(venueDataOn(registered, versions, '2025-03-01').benefitLevelCents).toBe(74000);
    expect(venueDataOn(registered, [], '2025-03-01')).toBe(registered);
  });
});
