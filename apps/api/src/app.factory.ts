import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { acceptJsonBodiesOnly } from './common/json-body';
import { limitRates } from './common/rate-limits';
import { addSecurityHeaders } from './common/security-headers';
import { recordHttpMetrics } from './metrics/http-metrics';
import { Environment, servesApiDocs, validateEnvironment } from '../../../libs/config/src/environment';
import { metricsBindAddress } from '../../../libs/config/src/metrics';
import { serveOpenApi } from './openapi';
import { serveWebApp } from './web-app';

const BODY_LIMIT_BYTES = 256 * 1024;

/** The API application, configured as in production; tests create it the same way. */
export async function createApiApp(logger: LoggerService | false = false): Promise<NestFastifyApplication> {
  const { TRUST_PROXY: proxies } = validateEnvironment(process.env);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false, ...(proxies ? { trustProxy: proxies.split(',').map((p) => p.trim()) } : {}) });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(), adapter, {
    logger: logger === false ? false : logger,
    abortOnError: false,
    // Nest's parsers would add form bodies (application/x-www-form-urlencoded) to JSON endpoints.
    bodyParser: false,
  });
  app.enableShutdownHooks();
  // JSON only: any other body (form, text/plain) is answered 415 before a handler runs.
  acceptJsonBodiesOnly(app.getHttpAdapter().getInstance());
  const requestLogger = logger === false ? undefined : logger;
  if (requestLogger) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onResponse', (request, reply, done) => {
        requestLogger.log(
          { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
          'HTTP',
        );
        done();
      });
  }
  const env = app.get(Environment);
  const fastify = app.getHttpAdapter().getInstance();
  if (metricsBindAddress(env)) recordHttpMetrics(fastify);
  addSecurityHeaders(fastify, env);
  await limitRates(fastify, env);
  if (servesApiDocs(env)) serveOpenApi(app);
  await serveWebApp(app);
  await app.init();
  return app;
}
