import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Environment } from '../../../../libs/config/src/environment';
import { PROBLEM_CONTENT_TYPE, problemInstance, ProblemException, withCode } from '../problem/problem';

/** A route's config flag (`@RouteConfig({ [SIGN_IN]: true })`): the sign-in and token endpoints, with a stricter limit. */
export const SIGN_IN = 'signIn';

const MINUTE_MS = 60_000;
/** Counters kept at most (the oldest go first): a flood of made-up users or addresses cannot grow memory without end. */
const KEYS_KEPT = 50_000;

/**
 * Fixed one-minute windows per key, answering each request with its own count. The plugin's
 * LocalStore hands out its live counter, so requests that arrive together all read the last one's
 * count: a burst of six against a limit of five was refused whole.
 */
class WindowStore implements FastifyRateLimitStore {
  private readonly windows = new Map<string, { count: number; startedAt: number }>();

  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow = MINUTE_MS): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.startedAt + timeWindow <= now) {
      this.windows.delete(key);
      if (this.windows.size >= KEYS_KEPT) this.windows.delete(this.windows.keys().next().value!);
      window = { count: 0, startedAt: now };
      this.windows.set(key, window);
    }
    window.count += 1;
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  child(): FastifyRateLimitStore {
    return new WindowStore();
  }
}

/**
 * Who a bearer token says the caller is (organisation and subject), unverified: the per-user count
 * runs before the token is checked, and a made-up token still counts against its address too.
 */
function tokenHolder(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(header.slice(7).split('.')[1] ?? '', 'base64url').toString()) as { org?: unknown; sub?: unknown };
    return `${String(claims.org)}/${String(claims.sub)}`;
  } catch {
    return 'unreadable';
  }
}

/**
 * Rate limits (@fastify/rate-limit's counters, in this process's memory): per client address, per
 * signed-in user and, stricter, per address on the sign-in and token endpoints; each a number of
 * requests a minute (RATE_LIMIT_*). Past one, 429 problem+json with Retry-After. Health checks are
 * never limited. With several API instances each counts its own.
 */
export async function limitRates(fastify: FastifyInstance, env: Environment): Promise<void> {
  if (env.RATE_LIMITS === 'off') return;
  await fastify.register(rateLimit, { global: false, store: WindowStore });
  const limit = (name: string, what: string, max: number, key: (request: FastifyRequest) => string | undefined) => {
    const count = fastify.createRateLimit({ max, timeWindow: MINUTE_MS, keyGenerator: (request) => `${name}:${key(request)}` });
    return { what, applies: (request: FastifyRequest) => key(request) !== undefined, count };
  };
  const limits = [
    limit('address', 'from this address', env.RATE_LIMIT_PER_ADDRESS, (request) => request.ip),
    limit('user', 'of this user', env.RATE_LIMIT_PER_USER, tokenHolder),
    limit('sign-in', 'to sign in from this address', env.RATE_LIMIT_SIGN_IN, (request) =>
      (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[SIGN_IN] === true ? request.ip : undefined,
    ),
  ];
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health' || request.url.startsWith('/health/') || request.url.startsWith('/health?')) return;
    for (const { what, applies, count } of limits) {
      if (!applies(request)) continue;
      const result = await count(request);
      if (result.isAllowed || !result.isExceeded) continue;
      const { problem, headers } = ProblemException.tooManyRequests(what, Math.max(1, result.ttlInSeconds));
      return reply.status(429).headers(headers).header('content-type', PROBLEM_CONTENT_TYPE).send({ ...withCode(problem), instance: problemInstance(request.url) });
    }
  });
}
