import type { FastifyInstance } from 'fastify';
import { Environment } from '../../../../libs/config/src/environment';

/** What the browser may do with the app and its pages (see serveWebApp for the page's own CSP). */
const ALWAYS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
};

/** Production is reached over TLS only (the proxy in front terminates it: docs/deployment.md); browsers ignore this over http. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every response, the API's and the web app's alike; a response that says nothing of
 * caching is not stored anywhere (API answers carry personal data), while the web app's assets
 * and pages set their own caching.
 */
export function addSecurityHeaders(fastify: FastifyInstance, env: Environment): void {
  const headers = { ...ALWAYS, ...(env.NODE_ENV === 'production' ? { 'strict-transport-security': HSTS } : {}) };
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    void reply.headers(headers);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
