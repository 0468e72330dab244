import { Environment, validateEnvironment } from '../../../libs/config/src/environment';
import { jsonLogger } from '../../../libs/config/src/json-logger';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const env: Environment = validateEnvironment(process.env);
  const app = await createApiApp(jsonLogger(env.LOG_LEVEL, 'Api'));
  await app.listen(env.PORT, env.HOST);
  app.get(Environment);
  console.log(JSON.stringify({ level: 'log', context: 'Api', message: `API listening on http://${env.HOST}:${env.PORT}` }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
