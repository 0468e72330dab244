import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { validateEnvironment } from '../../../libs/config/src/environment';
import { jsonLogger } from '../../../libs/config/src/json-logger';
import { metricsBindAddress } from '../../../libs/config/src/metrics';
import { installTemporalRuntime } from '../../../libs/config/src/temporal-runtime';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  installTemporalRuntime(process.env.LOG_LEVEL, metricsBindAddress(validateEnvironment(process.env)));
  const logger = jsonLogger(process.env.LOG_LEVEL, 'Worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  await app.init();
  await app.get(TemporalWorkerService).whenStopped();
}

// A worker that stopped by itself (or never started) exits non-zero: its supervisor starts it again.
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
