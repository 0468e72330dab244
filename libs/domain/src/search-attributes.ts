/**
 * Custom search attributes of a journey workflow, registered on the Temporal server at start.
 * Ids and steps only: never names or other personal data.
 */
export const JOURNEY_SEARCH_ATTRIBUTES = {
  JourneyStep: 'Keyword',
  JourneyPhase: 'Keyword',
  MunicipalityId: 'Keyword',
  CareProviderId: 'Keyword',
  EmployerIds: 'KeywordList',
} as const;

export type JourneySearchAttributeName = keyof typeof JOURNEY_SEARCH_ATTRIBUTES;
