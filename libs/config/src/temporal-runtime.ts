import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const LEVELS: Record<string, LogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  log: 'INFO',
  debug: 'DEBUG',
  verbose: 'TRACE',
};

/** The Temporal SDK's own logs as JSON lines, like the rest of the process. Call once per process. */
export function installTemporalRuntime(level: string | undefined): void {
  const sdkLevel = LEVELS[level ?? 'log'] ?? 'INFO';
  Runtime.install({
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
