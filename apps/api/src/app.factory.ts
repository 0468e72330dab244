import 'reflect-metadata';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { recordHttpMetrics } from './metrics/http-metrics';
import { Environment } from '../../../libs/config/src/environment';
import { metricsBindAddress } from '../../../libs/config/src/metrics';
import { serveOpenApi } from './openapi';
import { serveWebApp } from './web-app';

const BODY_LIMIT_BYTES = 256 * 1024;

/** The API application, configured as in production; tests create it the same way. */
export async function createApiApp(logger: LoggerService | false = false): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(), adapter, {
    logger: logger === false ? false : logger,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  // JSON only: any other body (text/plain included) is answered 415 before a handler runs.
  app.getHttpAdapter().getInstance().removeContentTypeParser(['text/plain']);
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
  if (metricsBindAddress(app.get(Environment))) recordHttpMetrics(app.getHttpAdapter().getInstance());
  serveOpenApi(app);
  await serveWebApp(app);
  await app.init();
  return app;
}
