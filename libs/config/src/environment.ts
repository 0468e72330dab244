import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { tlsProblems, type TemporalSettings } from '../../temporal/src/settings';
import { FieldCipher, parseKeys } from './field-cipher';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** A number of requests a minute (a rate limit), from 1 to a million. */
function PerMinute(): PropertyDecorator {
  return (target, property) => [Transform(toInt), IsInt(), Min(1), Max(1_000_000)].forEach((decorate) => decorate(target, property));
}

/** The worker's workflow cache (see WORKER_MAX_CACHED_WORKFLOWS); the bench's baseline worker uses it too. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1000;

/**
 * How a process reaches Temporal: the part of the environment every Temporal client reads (the
 * API, the worker, the bench, the drill, the scripts), validated the same way everywhere.
 */
export class TemporalEnvironment {
  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port, e.g. 127.0.0.1:7233' })
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = 'placement-journeys';

  /** Mutual TLS to Temporal: the client certificate and its key (PEM files; both or neither). */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY?: string;

  /** A CA to trust for Temporal's certificate (PEM file); without it the system's trust store. */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA?: string;

  /** The name on Temporal's certificate, when it is not the address's host. */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** `true`: TLS without files (e.g. Temporal Cloud with an API key); set implicitly by any TLS file or an API key. */
  @IsOptional()
  @IsIn(['true', 'false'])
  TEMPORAL_TLS?: 'true' | 'false';

  /** An API key for Temporal (Temporal Cloud), sent as a bearer token over TLS. */
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'TEMPORAL_API_KEY looks too short to be an API key' })
  TEMPORAL_API_KEY?: string;
}

/** The validated environment of the API and the worker. Defaults are the embedded ones. */
export class Environment extends TemporalEnvironment {
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

  /**
   * The port of this process's Prometheus endpoint (/metrics: the Temporal SDK's metrics and the
   * project's own, see libs/config/src/metrics.ts); unset: none. Each process needs its own.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  /** The address the metrics endpoint listens on (default 127.0.0.1; 0.0.0.0 for a scraper elsewhere). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  METRICS_HOST?: string;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * HS256 secret that bearer tokens are signed with. Development and test have a built-in one;
   * production needs this or OIDC_ISSUER.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /** An OIDC issuer whose JWKS verifies bearer tokens (RS256/ES256), e.g. https://login.example.nl/realms/gemeente. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'OIDC_ISSUER must be the issuer URL' })
  OIDC_ISSUER?: string;

  /**
   * The web app's client id at OIDC_ISSUER (a public client: authorization code with PKCE, redirect
   * URI PUBLIC_URL/inloggen/terug). With both set, the web app signs users in at the issuer.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_ID?: string;

  /**
   * The issuer (iss claim) that tokens signed with AUTH_JWT_SECRET must name; production needs it
   * with AUTH_JWT_SECRET (tokens of OIDC_ISSUER must name OIDC_ISSUER).
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  AUTH_ISSUER?: string;

  /** The audience tokens must carry (their aud claim); production needs it, elsewhere it is `placement-engine`. */
  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  /**
   * Multiplies every journey duration (due dates, evaluations, follow-ups) for new journeys:
   * 1 is real time; demos and tests use e.g. 0.0000002 (six weeks ≈ 0.7 s).
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d*\.?\d+(e-?\d+)?$/i.test(value.trim()) ? Number(value) : value))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'JOURNEY_TIME_SCALE must be a number' })
  @Min(1e-9)
  @Max(1)
  JOURNEY_TIME_SCALE = 1;

  /**
   * Journeys the worker keeps in memory between their events (the SDK's workflow cache); the
   * others replay from their history on their next event. Bounds the worker's memory: the SDK's
   * own default grows with the heap limit (about 2,300 on a 4 GiB heap).
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100000)
  WORKER_MAX_CACHED_WORKFLOWS = DEFAULT_MAX_CACHED_WORKFLOWS;

  /**
   * Workflow tasks the worker runs at once (the SDK's default is 40). Each is a journey's turn:
   * its command and its projection. On a small machine fewer at once finish sooner each, so none
   * runs out of its 10 s (a restarted worker's backlog waits in Temporal's queue instead).
   */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  WORKER_WORKFLOW_TASK_SLOTS = 10;

  /**
   * Keys that encrypt the BSN at the field level (AES-256-GCM): `id:base64,id:base64`, 32 bytes
   * each; BSN_KEY_CURRENT names the one new values get (add a key, make it current, re-encrypt:
   * rotation without downtime). Development and test have built-in ones; production needs them.
   */
  @IsOptional()
  @Matches(/^([A-Za-z0-9_-]+:[A-Za-z0-9+/=]{40,}\s*,?\s*)+$/, { message: 'BSN_KEYS must be id:base64key pairs separated by commas' })
  BSN_KEYS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'BSN_KEY_CURRENT must be the id of one of BSN_KEYS' })
  BSN_KEY_CURRENT?: string;

  /** The key of the BSN's keyed hash (HMAC-SHA256, base64, at least 32 bytes): lookups without decrypting. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/=]{43,}$/, { message: 'BSN_HASH_KEY must be at least 32 bytes, base64' })
  BSN_HASH_KEY?: string;

  /**
   * The database role the API and the worker act in after the migrations ran (the migration makes
   * it where it may): it cannot change or delete the access log, the consent ledger or the erasure
   * records. Empty: act as the connecting user.
   */
  @IsOptional()
  @Matches(/^([a-z_][a-z0-9_]*)?$/, { message: 'DATABASE_APP_ROLE must be a role name (lower case, digits, _) or empty' })
  DATABASE_APP_ROLE = 'placement_app';

  /** Days a municipality keeps a closed journey's personal data unless it sets its own (0: erase at the next run). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  RETENTION_DAYS_DEFAULT = 730;

  /** Upper bound for a call to PostgreSQL or Temporal before the API answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DEPENDENCY_TIMEOUT_MS = 5000;

  /**
   * The mail server: smtp://[user:password@]host:port (smtps:// for implicit TLS). Production sets
   * it; elsewhere the default is the Mailpit that `npm start` and the tests run.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/([^\s@/]+@)?[^\s@/:]+(:\d{1,5})?\/?(\?\S*)?$/, { message: 'SMTP_URL must be smtp://[user:password@]host:port or smtps://..., e.g. smtp://127.0.0.1:1025' })
  SMTP_URL?: string;

  /** The sender of every e-mail, an address or "Name <address>". */
  @Matches(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, { message: 'MAIL_FROM must be an address or "Name <address>", e.g. Plaatsingen <noreply@gemeente.nl>' })
  MAIL_FROM = 'Plaatsingsmethode <noreply@placement-engine.localhost>';

  /** The base URL that links in notifications point at (the web app's, served by the API); default the API's own. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] }, { message: 'PUBLIC_URL must be an http(s) URL, e.g. https://plaatsingen.gemeente.nl' })
  PUBLIC_URL?: string;

  /** The built web app the API serves (a folder with index.html and assets/); default dist/web of `npm run build`. */
  @IsOptional()
  @IsString()
  WEB_APP_DIR?: string;

  /** `true`: the API serves its OpenAPI document and Swagger UI (/docs, /docs-json); unset: outside production only. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'API_DOCS must be true or false' })
  API_DOCS?: 'true' | 'false';

  /**
   * `off` turns the API's rate limits off (the tests and the bench, which drive it harder than
   * people do from one address); each limit is requests per minute, a 429 with Retry-After past it.
   */
  @IsIn(['on', 'off'], { message: 'RATE_LIMITS must be on or off' })
  RATE_LIMITS: 'on' | 'off' = 'on';

  /** Requests a minute of one signed-in user (by the token's organisation and subject). */
  @PerMinute()
  RATE_LIMIT_PER_USER = 300;

  /** Requests a minute from one client address (see TRUST_PROXY behind a proxy), signed in or not. */
  @PerMinute()
  RATE_LIMIT_PER_ADDRESS = 600;

  /** Requests a minute from one client address to the sign-in and token endpoints. */
  @PerMinute()
  RATE_LIMIT_SIGN_IN = 30;

  /**
   * The reverse proxies in front of the API (addresses or CIDR ranges, comma-separated): their
   * X-Forwarded-For names the client address, which the per-address limits count by.
   */
  @IsOptional()
  @Matches(/^[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*$/, { message: 'TRUST_PROXY must be addresses or CIDR ranges separated by commas, e.g. 10.0.0.0/8' })
  TRUST_PROXY?: string;

  /** When the daily digest (dagoverzicht) goes out, HH:MM in Europe/Amsterdam. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DIGEST_TIME must be HH:MM (24 hours, Europe/Amsterdam), e.g. 07:00' })
  DIGEST_TIME = '07:00';
}

/** Whether the API serves its OpenAPI document (/docs, /docs-json): API_DOCS, else outside production only. */
export function servesApiDocs(env: Environment): boolean {
  return env.API_DOCS ? env.API_DOCS === 'true' : env.NODE_ENV !== 'production';
}

/** Where mail goes and what it says it is from, and where its links point (see the Environment's fields). */
export interface MailSettings {
  smtpUrl: string;
  from: string;
  publicUrl: string;
  /** The domain of MAIL_FROM's address, for Message-IDs. */
  domain: string;
}

/** The default mail server: the Mailpit of `npm start` (and what a developer runs by hand). */
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';

export function mailSettings(env: Environment): MailSettings {
  const address = /<([^>]+)>/.exec(env.MAIL_FROM)?.[1] ?? env.MAIL_FROM;
  return {
    smtpUrl: env.SMTP_URL ?? DEFAULT_SMTP_URL,
    from: env.MAIL_FROM,
    publicUrl: (env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    domain: address.split('@')[1],
  };
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** The Temporal connection settings of this environment (see libs/temporal). */
export function temporalSettings(env: TemporalEnvironment): TemporalSettings {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    ...(env.TEMPORAL_TLS_CERT ? { tlsCertFile: env.TEMPORAL_TLS_CERT } : {}),
    ...(env.TEMPORAL_TLS_KEY ? { tlsKeyFile: env.TEMPORAL_TLS_KEY } : {}),
    ...(env.TEMPORAL_TLS_CA ? { tlsCaFile: env.TEMPORAL_TLS_CA } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { tlsServerName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(env.TEMPORAL_TLS ? { tls: env.TEMPORAL_TLS === 'true' } : {}),
    ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
  };
}

const SECRET = ['DATABASE_URL', 'AUTH_JWT_SECRET', 'TEMPORAL_API_KEY', 'BSN_KEYS', 'BSN_HASH_KEY', 'SMTP_URL'];
const OPTIONAL = [
  'DATABASE_URL',
  'METRICS_PORT',
  'METRICS_HOST',
  'AUTH_JWT_SECRET',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'AUTH_AUDIENCE',
  'AUTH_ISSUER',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_TLS',
  'TEMPORAL_API_KEY',
  'BSN_KEYS',
  'BSN_KEY_CURRENT',
  'BSN_HASH_KEY',
  'SMTP_URL',
  'PUBLIC_URL',
  'WEB_APP_DIR',
  'API_DOCS',
  'TRUST_PROXY',
];

/** Development and test only: production must configure AUTH_JWT_SECRET or OIDC_ISSUER, and refuses this value. */
export const DEVELOPMENT_SECRET = 'placement-engine-development-secret-not-for-production';
/** Development and test only (production must set BSN_KEYS, BSN_KEY_CURRENT and BSN_HASH_KEY, and refuses these). */
export const DEVELOPMENT_BSN_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS1ic24ta2V5LTMyLWJ5dGU=';
export const DEVELOPMENT_BSN_HASH_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1ic24taGFzaC1rZXktMzJi';

/** The audience of tokens outside production, when AUTH_AUDIENCE is not set. */
export const DEVELOPMENT_AUDIENCE = 'placement-engine';

/** The audience every bearer token must carry (production sets its own: validateEnvironment requires it). */
export function authAudience(env: Pick<Environment, 'AUTH_AUDIENCE'>): string {
  return env.AUTH_AUDIENCE ?? DEVELOPMENT_AUDIENCE;
}

/**
 * Fewer different characters (or bytes of a base64 key) than this and a secret is not random: the
 * ones written in this repository's tests and examples ('s'.repeat(32), Buffer.alloc(32, 7)) are such.
 */
const MIN_DISTINCT_SECRET_SYMBOLS = 12;

function looksGenerated(symbols: ArrayLike<string | number>): boolean {
  return new Set(Array.from(symbols)).size >= MIN_DISTINCT_SECRET_SYMBOLS;
}

/**
 * What is wrong with production's secrets: a published development value (anyone could forge a
 * token or read a BSN with it from the public source) or one that is not random, named per variable.
 */
function publishedSecretProblems(env: Environment): string[] {
  const problems: string[] = [];
  const published = 'is a value published in the source code; production needs a secret of its own (e.g. openssl rand -base64 32)';
  const notRandom = 'is not random (too few different characters); production needs a generated secret (e.g. openssl rand -base64 32)';
  const secret = env.AUTH_JWT_SECRET;
  if (secret === DEVELOPMENT_SECRET) problems.push(`AUTH_JWT_SECRET ${published}`);
  else if (secret && !looksGenerated(secret)) problems.push(`AUTH_JWT_SECRET ${notRandom}`);
  const developmentKeys = Object.values(parseKeys(DEVELOPMENT_BSN_KEYS));
  if (env.BSN_KEYS) {
    const keys = Object.values(parseKeys(env.BSN_KEYS));
    if (keys.some((key) => developmentKeys.some((dev) => dev.equals(key)))) problems.push(`BSN_KEYS ${published}`);
    else if (keys.some((key) => !looksGenerated(key))) problems.push(`BSN_KEYS ${notRandom}`);
  }
  if (env.BSN_HASH_KEY) {
    const hashKey = Buffer.from(env.BSN_HASH_KEY, 'base64');
    if (hashKey.equals(Buffer.from(DEVELOPMENT_BSN_HASH_KEY, 'base64'))) problems.push(`BSN_HASH_KEY ${published}`);
    else if (!looksGenerated(hashKey)) problems.push(`BSN_HASH_KEY ${notRandom}`);
  }
  return problems;
}

/** The BSN's field cipher of this environment. */
export function bsnCipher(env: Environment): FieldCipher {
  const keys = parseKeys(env.BSN_KEYS ?? DEVELOPMENT_BSN_KEYS);
  return new FieldCipher(keys, env.BSN_KEY_CURRENT ?? Object.keys(keys)[0], Buffer.from(env.BSN_HASH_KEY ?? DEVELOPMENT_BSN_HASH_KEY, 'base64'));
}

/** Validates the environment against a class; the problems found, naming each variable, and the values. */
function validateAs<T extends object>(type: new () => T, env: NodeJS.ProcessEnv | Record<string, string | undefined>): { config: T; problems: string[] } {
  const known = [...Object.keys(new type()), ...OPTIONAL];
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const config = plainToInstance(type, input);
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.map((e) => {
    const shown = SECRET.includes(e.property) ? '<hidden>' : JSON.stringify(e.value);
    const missing = e.value === undefined;
    const messages = Object.values(e.constraints ?? {}).join('; ');
    return missing ? `${e.property} is missing: ${messages}` : `${e.property} (got ${shown}): ${messages}`;
  });
  return { config, problems };
}

/**
 * Validates only how to reach Temporal (the bench, the drill, the scripts: Temporal clients that
 * are not the API or the worker); throws naming a bad or partial TLS setting like the processes do.
 */
export function validateTemporalEnvironment(env: NodeJS.ProcessEnv | Record<string, string | undefined>): TemporalEnvironment {
  const { config, problems } = validateAs(TemporalEnvironment, env);
  problems.push(...tlsProblems(temporalSettings(config)));
  if (problems.length) throw new InvalidEnvironmentError(problems);
  return Object.freeze(config);
}

/** Validates the environment; throws naming every bad or missing variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Environment {
  const { config, problems } = validateAs(Environment, env);
  if (config.NODE_ENV === 'production' && !config.AUTH_JWT_SECRET && !config.OIDC_ISSUER) {
    problems.push('AUTH_JWT_SECRET or OIDC_ISSUER is missing: production verifies bearer tokens with one of them');
  }
  if (config.NODE_ENV === 'production' && !config.SMTP_URL) {
    problems.push('SMTP_URL is missing: production sends e-mail through its own mail server, e.g. smtp://user:password@smtp.gemeente.nl:587');
  }
  problems.push(...tlsProblems(temporalSettings(config)));
  if (config.NODE_ENV === 'production' && (!config.BSN_KEYS || !config.BSN_HASH_KEY)) {
    problems.push('BSN_KEYS and BSN_HASH_KEY are missing: production encrypts the BSN with keys of its own');
  }
  let bsnKeysValid = true;
  if (config.BSN_KEYS || config.BSN_KEY_CURRENT || config.BSN_HASH_KEY) {
    try {
      bsnCipher(config);
    } catch (error) {
      bsnKeysValid = false;
      problems.push(`BSN_KEYS/BSN_KEY_CURRENT/BSN_HASH_KEY: ${(error as Error).message}`);
    }
  }
  if (config.NODE_ENV === 'production' && bsnKeysValid) problems.push(...publishedSecretProblems(config));
  if (config.NODE_ENV === 'production' && !config.AUTH_AUDIENCE) {
    problems.push('AUTH_AUDIENCE is missing: production accepts only tokens issued for this API (their aud claim), e.g. placement-engine');
  }
  if (config.NODE_ENV === 'production' && config.AUTH_JWT_SECRET && !config.AUTH_ISSUER) {
    problems.push('AUTH_ISSUER is missing: production accepts tokens signed with AUTH_JWT_SECRET only from the issuer they name (their iss claim)');
  }
  if (problems.length) throw new InvalidEnvironmentError(problems);
  return Object.freeze(config);
}
