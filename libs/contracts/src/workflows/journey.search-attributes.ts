/**
 * The journey's search attributes as typed keys, made from the one list in libs/domain (which the
 * servers register): the workflow upserts them, the starters set the first ones.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../../domain/src/search-attributes';

const keyword = (name: 'JourneyStep' | 'JourneyPhase' | 'MunicipalityId' | 'CareProviderId') => {
  if (JOURNEY_SEARCH_ATTRIBUTES[name] !== 'Keyword') throw new Error(`${name} is not a Keyword search attribute`);
  return defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);
};

export const JOURNEY_KEYS = {
  JourneyStep: keyword('JourneyStep'),
  JourneyPhase: keyword('JourneyPhase'),
  MunicipalityId: keyword('MunicipalityId'),
  CareProviderId: keyword('CareProviderId'),
  EmployerIds: defineSearchAttributeKey('EmployerIds', SearchAttributeType.KEYWORD_LIST),
};
