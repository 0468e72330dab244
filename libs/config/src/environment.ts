import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** The validated environment of the API and the worker. Defaults are the embedded ones. */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @Matches(/^postgres(ql)?:\/\/[^/\s]+\/[^\s]+$/, {
    message: 'DATABASE_URL must be a postgres:// URL that names a database, e.g. postgres://postgres@127.0.0.1:5432/placement',
  })
  DATABASE_URL!: string;

  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port, e.g. 127.0.0.1:7233' })
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = 'placement-journeys';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Upper bound for a call to PostgreSQL or Temporal before the API answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DEPENDENCY_TIMEOUT_MS = 5000;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Validates the environment; throws naming every bad or missing variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Environment {
  const known = Object.keys(new Environment());
  known.push('DATABASE_URL');
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const config = plainToInstance(Environment, input);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length) {
    throw new InvalidEnvironmentError(
      errors.map((e) => {
        const shown = e.property === 'DATABASE_URL' ? '<hidden>' : JSON.stringify(e.value);
        const missing = e.value === undefined;
        const messages = Object.values(e.constraints ?? {}).join('; ');
        return missing ? `${e.property} is missing: ${messages}` : `${e.property} (got ${shown}): ${messages}`;
      }),
    );
  }
  return Object.freeze(config);
}
