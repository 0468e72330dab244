import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON log lines on stdout, one per event. */
export function jsonLogger(level: string | undefined, context: string): ConsoleLogger {
  const index = Math.max(0, LEVELS.indexOf((level ?? 'log') as LogLevel));
  return new ConsoleLogger(context, { json: true, colors: false, logLevels: LEVELS.slice(0, index + 1) });
}
