/**
 * The personal data the tests put in (names, birth dates, contact details, free text, a BSN): none
 * of it may reach a Temporal history or a log line. test/replay/run-histories.e2e-spec.ts reads
 * every history of the run and the recorded fixtures for these; test/e2e/logs-personal-data
 * greps the API's and the worker's logs.
 */
export const PRIVACY_MARKERS = {
  firstName: 'Fenneke',
  lastName: 'Zwaluwstaart',
  dateOfBirth: '2005-09-17',
  email: 'fenneke.zwaluwstaart@example.nl',
  phone: '06 98765432',
  situation: 'Vertrouwelijk: slaapt slecht sinds de verhuizing',
  /** Passes the eleven test; a made-up number. */
  bsn: '123456782',
  correctedLastName: 'Zwaluwstaart-Berends',
} as const;

/** Every marker the test files put in: the default referral's, the journey reads', and the privacy tests'. */
export const PERSONAL_MARKERS: readonly string[] = [
  // test/support/stack.ts referralBody
  'Bakker',
  '2006-03-14',
  'Attends day-activities three days a week.',
  // test/e2e/journey-reads.e2e-spec.ts
  'Vandervelde',
  '2007-01-08',
  'Sensitive situation text.',
  // test/e2e/privacy.e2e-spec.ts and logs-personal-data.e2e-spec.ts
  ...Object.values(PRIVACY_MARKERS),
];
