/**
 * The journey workflow's contract: its type name and message definitions. Imported by the
 * workflow and by the API; wire names are frozen once shipped (they live in histories).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JourneySnapshot } from '../../libs/domain/src/journey';

export const JOURNEY_WORKFLOW_TYPE = 'journeyWorkflow';

/** The current state, as the workflow holds it. */
export const getJourneyQuery = defineQuery<JourneySnapshot>('journey.get');

/** Returns the state once it has been projected to the read model (read-your-writes). */
export const syncJourneyUpdate = defineUpdate<JourneySnapshot>('journey.sync');
