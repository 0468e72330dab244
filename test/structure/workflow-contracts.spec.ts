import * as workflows from '../../workflows';
import { DAILY_DIGEST_WORKFLOW_TYPE } from '../../libs/contracts/src/workflows/digest.messages';
import { JOURNEY_WORKFLOW_TYPE, type JourneyWorkflow } from '../../libs/contracts/src/workflows/journey.messages';
import { PIPELINE_RECONCILIATION_WORKFLOW_TYPE } from '../../libs/contracts/src/workflows/pipeline.messages';
import { RETENTION_WORKFLOW_TYPE } from '../../libs/contracts/src/workflows/retention.messages';
import { MONTHLY_STATEMENTS_WORKFLOW_TYPE } from '../../libs/contracts/src/workflows/statements.messages';

/**
 * The workflows' contracts live below libs/temporal (libs/contracts/src/workflows), apart from the
 * workflow code: the starters name a workflow by its contract's type name and type its handle with
 * the contract's signature, the worker registers each workflow by its function's name.
 */
describe('the workflow contracts', () => {
  it.each([JOURNEY_WORKFLOW_TYPE, PIPELINE_RECONCILIATION_WORKFLOW_TYPE, RETENTION_WORKFLOW_TYPE, DAILY_DIGEST_WORKFLOW_TYPE, MONTHLY_STATEMENTS_WORKFLOW_TYPE])(
    'name %s, a workflow the worker registers under that name',
    (type) => {
      const registered = (workflows as Record<string, unknown>)[type];
      expect(typeof registered).toBe('function');
      expect((registered as () => unknown).name).toBe(type);
    },
  );

  it('every registered workflow has a contract', () => {
    expect(Object.keys(workflows).sort()).toEqual(
      [JOURNEY_WORKFLOW_TYPE, PIPELINE_RECONCILIATION_WORKFLOW_TYPE, RETENTION_WORKFLOW_TYPE, DAILY_DIGEST_WORKFLOW_TYPE, MONTHLY_STATEMENTS_WORKFLOW_TYPE].sort(),
    );
  });

  it("type the journey workflow as the workflow function is (checked by the compiler: this line fails to compile when they part)", () => {
    const asContracted: JourneyWorkflow = workflows.journeyWorkflow;
    expect(asContracted).toBe(workflows.journeyWorkflow);
  });
});
