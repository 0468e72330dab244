import { Environment, validateEnvironment } from '../../../libs/config/src/environment';
import { jsonLogger } from '../../../libs/config/src/json-logger';
import { metricsBindAddress } from '../../../libs/config/src/metrics';
import { installTemporalRuntime } from '../../../libs/config/src/temporal-runtime';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const env: Environment = validateEnvironment(process.env);
  // With METRICS_PORT, the SDK runtime's Prometheus exporter serves the API's HTTP metrics.
  const metrics = metricsBindAddress(env);
  if (metrics) installTemporalRuntime(env.LOG_LEVEL, metrics);
  const app = await createApiApp(jsonLogger(env.LOG_LEVEL, 'Api'));
  await app.listen(env.PORT, env.HOST);
  app.get(Environment);
  console.log(JSON.stringify({ level: 'log', context: 'Api', message: `API listening on http://${env.HOST}:${env.PORT}` }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
