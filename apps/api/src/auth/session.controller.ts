import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthConfigDto, SignedInUserDto } from '../../../../libs/contracts/src/auth.dto';
import { Environment } from '../../../../libs/config/src/environment';
import { ApiProblems } from '../common/api-problems.decorator';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { Public } from './public.decorator';
import { UserDirectory } from './user-directory.service';

/** What a client needs to sign a user in, and who the signed-in user is. */
@ApiTags('auth')
@Controller()
export class SessionController {
  constructor(
    private readonly env: Environment,
    private readonly users: UserDirectory,
  ) {}

  @Get('auth/config')
  @Public()
  @ApiOperation({ summary: 'How to sign in: the OIDC issuer and client id of the web app, or (in development without one) the development sign-in' })
  @ApiOkResponse({ type: AuthConfigDto })
  config(): AuthConfigDto {
    const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId } = this.env;
    // With an issuer the web app signs in there only, in development as in production (`npm start` runs one).
    if (issuer && clientId) return { developmentSignIn: false, oidc: { issuer, clientId, scope: 'openid' } };
    return { developmentSignIn: this.env.NODE_ENV !== 'production' };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user: name, organisation and the roles the token carries that the user holds' })
  @ApiOkResponse({ type: SignedInUserDto })
  @ApiProblems(401, 503)
  me(@CurrentPrincipal() principal: Principal): Promise<SignedInUserDto> {
    return this.users.describe(principal);
  }
}
