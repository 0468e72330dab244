/**
 * Writes the API's OpenAPI document to a file without a database or Temporal: the app is made in
 * Nest's preview mode (modules and controllers scanned, no provider started). The web app's types
 * are generated from it during `npm run build`, so a client that drifted from the API fails to compile.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApi } from '../apps/api/src/openapi';

async function main(out: string): Promise<void> {
  const env = { DATABASE_URL: 'postgres://preview@127.0.0.1:5432/preview', NODE_ENV: 'development', ...process.env };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(env), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  const document = buildOpenApi(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log(`OpenAPI document written to ${out} (${Object.keys(document.paths).length} paths)`);
}

main(resolve(process.argv[2] ?? 'dist/openapi.json')).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
