import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureWebAppBuilt } from '../support/browser';
import { startApi } from '../support/stack';

const WEB = resolve(__dirname, '..', '..', 'dist', 'web');

/** How the API delivers the built web app: compressed assets negotiated per request, and its own page for an unknown address. */
describe('the web app, as delivered', () => {
  let api: NestFastifyApplication;
  const assets = () => readdirSync(resolve(WEB, 'assets')).filter((file) => /\.(js|css)$/.test(file));

  beforeAll(async () => {
    ensureWebAppBuilt();
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('sends each script and style sheet as brotli or gzip as the request accepts, cached for a year and varying on Accept-Encoding', async () => {
    expect(assets().some((file) => file.endsWith('.js'))).toBe(true);
    expect(assets().some((file) => file.endsWith('.css'))).toBe(true);
    for (const file of assets()) {
      const original = readFileSync(resolve(WEB, 'assets', file));
      const type = file.endsWith('.js') ? /javascript/ : /text\/css/;
      const get = (encoding?: string) => api.inject({ method: 'GET', url: `/assets/${file}`, headers: encoding ? { 'accept-encoding': encoding } : {} });
      for (const [accept, encoding, decode] of [
        ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
        ['br', 'br', brotliDecompressSync],
        ['gzip, deflate', 'gzip', gunzipSync],
      ] as const) {
        const response = await get(accept);
        expect(response.statusCode).toBe(200);
        expect(response.headers).toMatchObject({
          'content-encoding': encoding,
          'content-type': expect.stringMatching(type),
          vary: expect.stringMatching(/accept-encoding/i),
          'cache-control': expect.stringMatching(/max-age=31536000.*immutable/),
        });
        // Half or less; a file of a few hundred bytes (the bundler's runtime) does not shrink that far.
        expect(response.rawPayload.length).toBeLessThan(original.length > 2048 ? original.length / 2 : original.length);
        expect(decode(response.rawPayload).equals(original)).toBe(true);
      }
      for (const accept of [undefined, 'identity']) {
        const plain = await get(accept);
        expect(plain.statusCode).toBe(200);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers).toMatchObject({ vary: expect.stringMatching(/accept-encoding/i), 'cache-control': expect.stringMatching(/max-age=31536000.*immutable/) });
        expect(plain.rawPayload.equals(original)).toBe(true);
      }
    }
  });

  it('answers an unknown address asked for as a page with the app (its "page not found") and status 404', async () => {
    const index = readFileSync(resolve(WEB, 'index.html'), 'utf8');
    for (const url of ['/dashbord', '/taken-overzicht/123', '/oud/adres?x=1']) {
      const response = await api.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
      expect(response.statusCode).toBe(404);
      expect(response.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'x-content-type-options': 'nosniff',
      });
      expect(response.body).toBe(index);
    }
    // A known page is still the app with 200.
    expect((await api.inject({ method: 'GET', url: '/dashboard', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('keeps problem+json for an unknown path asked for as data, and for a missing asset', async () => {
    for (const [url, accept] of [
      ['/dashbord', 'application/json'],
      ['/oud/adres', 'application/json'],
      ['/dashbord', undefined],
      ['/assets/index-missing.js', 'text/html'],
    ] as const) {
      const response = await api.inject({ method: 'GET', url, headers: accept ? { accept } : {} });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 404 });
    }
    const post = await api.inject({ method: 'POST', url: '/dashbord', headers: { accept: 'text/html', 'content-type': 'application/json' }, payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the web app of WEB_APP_DIR instead of dist/web when set (the bench serves an earlier build beside the current one)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'placement-web-app-'));
    try {
      mkdirSync(join(other, 'assets'));
      writeFileSync(join(other, 'index.html'), '<!doctype html><title>an earlier build</title>');
      writeFileSync(join(other, 'assets', 'index-earlier.js'), 'console.log("earlier");');
      const second = await startApi({ WEB_APP_DIR: other });
      try {
        const page = await second.inject({ method: 'GET', url: '/taken', headers: { accept: 'text/html' } });
        expect(page.statusCode).toBe(200);
        expect(page.body).toBe('<!doctype html><title>an earlier build</title>');
        expect((await second.inject({ method: 'GET', url: '/assets/index-earlier.js' })).body).toBe('console.log("earlier");');
        expect((await second.inject({ method: 'GET', url: `/assets/${assets()[0]}` })).statusCode).toBe(404);
      } finally {
        await second.close();
      }
      rmSync(join(other, 'index.html'));
      await expect(startApi({ WEB_APP_DIR: other })).rejects.toThrow(/WEB_APP_DIR .* holds no index\.html/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
