/** Task payloads that move a journey along (as test/support/journey-driver.ts; ids only). */
export const PAYLOADS = {
  accept: { decision: 'ACCEPT' },
  meeting: { meetingDate: '2026-11-05', goalCodes: ['WORK_OUTDOORS'] },
  talents: { talentCodes: ['PRECISE'], interestCodes: ['BIKES'] },
  propose: (...employerIds: string[]) => ({ employerIds }),
  accepts: { decision: 'ACCEPT' },
  declines: { decision: 'DECLINE', reasonCode: 'NO_CAPACITY' },
  feedback: { rating: 4, fitCodes: ['TEAM'], recommend: true },
  ready: { decision: 'READY_FOR_ANALYSE' },
  supportPlan: { supportPlanDocumentId: '00000000-0000-4000-8000-0000000000d0', supportCodes: ['JOB_COACH'], jobCoachHoursPerWeek: 4 },
  match: (employerId: string) => ({ employerId, alternativeEmployerIds: [], roleCode: 'BIKE_REPAIR', hoursPerWeek: 16, durationWeeks: 26, proposedRoute: 'WAGE_COST_SUBSIDY' }),
  approve: { decision: 'APPROVE' },
  sign: { signed: true, signedOn: '2026-12-01' },
  start: { startDate: '2026-12-02' },
  evaluation: { rating: 4, progressCodes: ['PUNCTUAL'], continuePlacement: true },
  paidWork: { decision: 'PAID_WORK', route: 'JOBS_AGREEMENT' },
};
