import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { DevTokensController } from './dev-tokens.controller';
import { SessionController } from './session.controller';
import { TokenVerifier } from './token-verifier.service';
import { UserDirectory } from './user-directory.service';

/** Bearer authentication for every route; how to sign in and who is signed in; the token-minting endpoint outside production only. */
@Module({})
export class AuthModule {
  static forEnvironment(nodeEnv: string): DynamicModule {
    return {
      module: AuthModule,
      providers: [TokenVerifier, UserDirectory, { provide: APP_GUARD, useClass: AuthGuard }],
      controllers: nodeEnv === 'production' ? [SessionController] : [SessionController, DevTokensController],
      exports: [TokenVerifier],
    };
  }
}
