import { Runtime } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { METRICS, Metrics } from '../../../../libs/config/src/metrics';

/**
 * Counts every answer and its duration by method, route pattern and status (the path would make
 * a series per journey), through the SDK runtime's meter: the API's /metrics (METRICS_PORT).
 */
export function recordHttpMetrics(fastify: FastifyInstance): void {
  const metrics = new Metrics(Runtime.instance().metricMeter);
  fastify.addHook('onResponse', (request, reply, done) => {
    const tags = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.count(METRICS.httpRequests, tags);
    metrics.observe(METRICS.httpRequestDuration, reply.elapsedTime, tags);
    done();
  });
}
