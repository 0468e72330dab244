import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { bearer, createParties, referralBody, sql, startApi, startWorker } from '../support/stack';
import { testRun } from '../support/test-run';

const OUT = resolve(__dirname, '..', '..', 'dist', 'typed-client', testRun().runId);

/** A client written against the generated types: refers a young person and reads the journey. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Referral = components['schemas']['CreateReferralDto'];

export async function referAndRead(baseUrl: string, authorization: string, referral: Referral, key: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization } });
  // A 503 asks to send the same request again (same key: the referral is made once).
  let created = await client.POST('/referrals', { body: referral, params: { header: { 'Idempotency-Key': key } } });
  for (let tries = 1; created.response.status === 503 && tries < 30; tries++) {
    await new Promise((r) => setTimeout(r, 1000 * Number(created.response.headers.get('retry-after') ?? 1)));
    created = await client.POST('/referrals', { body: referral, params: { header: { 'Idempotency-Key': key } } });
  }
  if (!created.data) throw new Error(\`referral failed: \${created.response.status}\`);
  const journey = await client.GET('/journeys/{candidateId}', { params: { path: { candidateId: created.data.candidateId } } });
  const problem = await client.GET('/journeys/{candidateId}', { params: { path: { candidateId: 'not-a-uuid' } } });
  return { candidateId: created.data.candidateId, step: journey.data?.step, problemStatus: problem.error?.status };
}
`;

/** The same client with two mistakes the types must catch. */
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './api';

export async function wrong(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  await client.POST('/referrals', { body: { municipalityId: 'x' }, params: { header: { 'Idempotency-Key': 'k' } } });
  await client.GET('/journeys/{candidateId}/no-such-thing', {});
}
`;

function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** OpenAPI exact enough that a client generated from /docs-json type-checks and works. */
describe('a typed client generated from the OpenAPI document', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;

  beforeAll(async () => {
    [worker, api] = await Promise.all([startWorker(), startApi()]);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const doc = (await api.inject({ method: 'GET', url: '/docs-json' })).json();
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'openapi.json'), JSON.stringify(doc));
    // openapi-typescript's own command (it is an ES module; jest's CommonJS runtime cannot load it in-process)
    const cli = join(require.resolve('openapi-typescript/package.json'), '..', 'bin', 'cli.js');
    execFileSync(process.execPath, [cli, join(OUT, 'openapi.json'), '--output', join(OUT, 'api.d.ts')], { stdio: 'pipe' });
    writeFileSync(join(OUT, 'client.ts'), CLIENT);
    writeFileSync(join(OUT, 'wrong.ts'), WRONG);
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it('type-checks a client written against it, and rejects one with mistakes', () => {
    expect(typeErrors(join(OUT, 'client.ts'))).toEqual([]);
    const errors = typeErrors(join(OUT, 'wrong.ts'));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.join('\n')).toMatch(/candidate|consent|situation/);
  });

  it('works against the running API', async () => {
    const db = await sql();
    try {
      const parties = await createParties(db);
      const { referAndRead } = (await import(join(OUT, 'client.ts'))) as {
        referAndRead: (baseUrl: string, authorization: string, referral: unknown, key: string) => Promise<{ candidateId: string; step?: string; problemStatus?: number }>;
      };
      const authorization = await bearer(api, parties.careProviderId, ['support-worker']);
      const result = await referAndRead(await api.getUrl(), authorization, referralBody(parties), `typed-client-${parties.careProviderId}`);
      expect(result).toEqual({ candidateId: expect.stringMatching(/^[0-9a-f-]{36}$/), step: 'CONNECT', problemStatus: 400 });
    } finally {
      await db.end();
    }
  });
});
