import { Context } from '@temporalio/activity';
import { Metrics } from '../libs/config/src/metrics';

/**
 * The running activity's metrics (the worker's /metrics, tagged with the activity type, task queue
 * and namespace); none outside a worker (the bench seed and tests call activities directly).
 */
export function activityMetrics(): Metrics | undefined {
  let meter;
  try {
    meter = Context.current().metricMeter;
  } catch {
    return undefined;
  }
  return new Metrics(meter);
}
