import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { METRIC_BUCKETS } from './metrics';

const LEVELS: Record<string, LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  log: 'INFO',
  debug: 'DEBUG',
  verbose: 'TRACE',
};

/**
 * The Temporal SDK's own logs as JSON lines, like the rest of the process; with a bind address,
 * its Prometheus exporter serves the SDK's metrics and the project's (libs/config/src/metrics.ts)
 * at http://<bindAddress>/metrics. Call once per process, before any Temporal connection.
 */
export function installTemporalRuntime(level: string | undefined, metricsBindAddress?: string): void {
  const sdkLevel = LEVELS[level ?? 'log'] ?? 'INFO';
  Runtime.install({
    ...(metricsBindAddress
      ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress, histogramBucketOverrides: METRIC_BUCKETS } } } }
      : {}),
    logger: new DefaultLogger(sdkLevel === 'INFO' ? 'WARN' : sdkLevel, (entry) => {
      const { message, level: entryLevel, meta } = entry;
      process.stdout.write(
        JSON.stringify({
          level: entryLevel.toLowerCase(),
          pid: process.pid,
          timestamp: Math.round(Number(entry.timestampNanos / 1_000_000n)),
          context: 'Temporal',
          message,
          ...meta,
        }) + '\n',
      );
    }),
  });
}
