import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Environment } from '../../../libs/config/src/environment';

/**
 * The web app's pages (apps/web, Dutch paths): the API answers each with the app's index.html and
 * the app routes it in the browser. They never collide with the API's own (English) paths.
 */
export const WEB_APP_PAGES = [
  '/',
  '/inloggen',
  '/inloggen/terug',
  '/taken',
  '/taken/*',
  '/trajecten/*',
  '/meldingen',
  '/meldingsvoorkeuren',
  '/aanmelden',
  '/aanmeldingen',
  '/werkplekken',
  '/plaatsingen',
  '/dashboard',
  '/toegangslog',
  '/toegankelijkheid',
  '/plekken',
  '/plekken/*',
  '/controles',
  '/controles/*',
  '/organisaties',
  '/organisaties/*',
] as const;

/**
 * The built web app to serve: WEB_APP_DIR when set (it must hold index.html), else where `npm run build`
 * puts it, dist/web at the repository's root (from the sources or from dist/); none without a build.
 */
export function webAppRoot(configured?: string): string | undefined {
  if (configured) {
    const dir = resolve(configured);
    if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`WEB_APP_DIR ${dir} holds no index.html (a built web app)`);
    return dir;
  }
  return [resolve(__dirname, '..', '..', '..', 'dist', 'web'), resolve(__dirname, '..', '..', '..', '..', 'dist', 'web')].find((dir) =>
    existsSync(resolve(dir, 'index.html')),
  );
}

/** Whether a request asks for a page (a browser following a link or a typed address) rather than data. */
function asksForPage(accept: string | undefined): boolean {
  return /\btext\/html\b/i.test(accept ?? '');
}

/**
 * Serves the built web app on the API's origin: its files under /assets (hashed names, cached for
 * a year; brotli or gzip as the request accepts, made at build time by apps/web/vite.config.mts) and
 * index.html at each page. An unknown path asked for as a page gets index.html with status 404 (the
 * app shows its "page not found" with a way back); an API client still gets its problem+json 404.
 * Without a build (unit tests) the API runs without it.
 */
export async function serveWebApp(app: NestFastifyApplication, root = webAppRoot(app.get(Environment).WEB_APP_DIR)): Promise<boolean> {
  if (!root) return false;
  const fastify = app.getHttpAdapter().getInstance();
  const index = readFileSync(resolve(root, 'index.html'));
  // The app fetches the OIDC issuer's discovery document and exchanges the sign-in code at its token endpoint.
  const issuer = app.get(Environment).OIDC_ISSUER;
  const connect = ["'self'", ...(issuer ? [new URL(issuer).origin] : [])].join(' ');
  await fastify.register(fastifyStatic, {
    root: resolve(root, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    immutable: true,
    maxAge: '365d',
    preCompressed: true,
  });
  const sendIndex = (reply: FastifyReply, status: number): FastifyReply =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        `default-src 'self'; connect-src ${connect}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
      )
      .send(index);
  for (const page of WEB_APP_PAGES) {
    fastify.get(page, (_request, reply) => {
      void sendIndex(reply, 200);
    });
  }
  // Runs before the router's 404 handler (Nest's, which answers problem+json).
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.is404 && (request.method === 'GET' || request.method === 'HEAD') && asksForPage(request.headers.accept) && !request.url.startsWith('/assets/')) {
      void sendIndex(reply, 404);
      return;
    }
    done();
  });
  return true;
}
