/**
 * The project's own Prometheus metrics, beside the Temporal SDK's: one list of names, and how each
 * process exports them. Every process (the API, the worker) exports through the SDK runtime's
 * Prometheus exporter, so the SDK's metrics (workflow task latency and failures, schedule-to-start
 * latency, slots used, client request latency) and these share one /metrics endpoint per process.
 */
import type { MetricMeter, MetricTags } from '@temporalio/common';

export const METRICS = {
  /** HTTP requests the API answered, by method, route (the pattern, not the path) and status. */
  httpRequests: 'placement_http_requests',
  /** How long the API took to answer, ms, by method, route and status. */
  httpRequestDuration: 'placement_http_request_duration',
  /** How long a journey's projection into the read model took, ms, by outcome (APPLIED, or STALE: dropped, a later one was written). */
  projectionDuration: 'placement_projection_duration',
  /** Drift the reconciliation found, by kind and whether it was repaired. */
  reconciliationFindings: 'placement_reconciliation_findings',
} as const;

/** Histogram buckets, ms: fine below a second, where these live. */
export const METRIC_BUCKETS: Record<string, number[]> = {
  [METRICS.httpRequestDuration]: [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
  [METRICS.projectionDuration]: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
};

/** Where a process serves /metrics: METRICS_PORT on METRICS_HOST (default 127.0.0.1); undefined: no endpoint. */
export function metricsBindAddress(env: { METRICS_PORT?: number; METRICS_HOST?: string }): string | undefined {
  return env.METRICS_PORT ? `${env.METRICS_HOST ?? '127.0.0.1'}:${env.METRICS_PORT}` : undefined;
}

/** The meter's histogram and counter for a name, made once per meter. */
export class Metrics {
  private readonly counters = new Map<string, ReturnType<MetricMeter['createCounter']>>();
  private readonly histograms = new Map<string, ReturnType<MetricMeter['createHistogram']>>();

  constructor(private readonly meter: MetricMeter) {}

  count(name: string, tags: MetricTags, value = 1): void {
    let counter = this.counters.get(name);
    if (!counter) this.counters.set(name, (counter = this.meter.createCounter(name)));
    counter.add(value, tags);
  }

  observe(name: string, ms: number, tags: MetricTags): void {
    let histogram = this.histograms.get(name);
    if (!histogram) this.histograms.set(name, (histogram = this.meter.createHistogram(name, 'float', 'ms')));
    histogram.record(ms, tags);
  }
}
