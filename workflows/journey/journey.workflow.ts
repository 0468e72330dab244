import { condition, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { JourneyActivities } from '../../activities/journey/journey.activities';
import { JourneyStatus, startJourney, type JourneyInput, type JourneySnapshot } from '../../libs/domain/src/journey';
import { getJourneyQuery, syncJourneyUpdate } from './journey.messages';

const { projectJourney } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** One young person's journey through the four-step method. The type name is frozen. */
export async function journeyWorkflow(input: JourneyInput): Promise<JourneySnapshot> {
  const state = startJourney(input, new Date(workflowInfo().startTime).toISOString());
  let projected = 0;

  setHandler(getJourneyQuery, () => state);
  setHandler(syncJourneyUpdate, async () => {
    await condition(() => projected >= state.sequence);
    return state;
  });

  await projectJourney({ journey: state, event: { type: 'journey.referred', actorOrganisationId: input.referrerOrganisationId } });
  projected = state.sequence;

  await condition(() => state.status !== JourneyStatus.ACTIVE);
  return state;
}
