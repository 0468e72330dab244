import { Global, Module } from '@nestjs/common';
import { Environment, validateEnvironment } from './environment';

/** Provides the validated Environment; start-up stops with a named error when it is bad. */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class ConfigModule {}
