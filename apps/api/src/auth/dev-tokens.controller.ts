import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { SignedInUserDto } from '../../../../libs/contracts/src/auth.dto';
import { SignInUsersRepository } from '../../../../libs/database/src/repositories/sign-in-users.repository';
import { ApiProblems } from '../common/api-problems.decorator';
import { SIGN_IN } from '../common/rate-limits';
import { ProblemException } from '../problem/problem';
import { Public } from './public.decorator';
import { TokenVerifier } from './token-verifier.service';

export class MintTokenDto {
  @ApiProperty({ format: 'uuid', description: 'A registered, active user (see GET /dev/users)' })
  @IsUUID()
  userId!: string;
}

export class DevUserQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Only users whose name or organisation name contains this text' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class MintedTokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 28800 }) expiresIn!: number;
}

/** A user a development token can be minted for: as GET /me describes a signed-in user. */
export class DevUserDto extends SignedInUserDto {}

/** Development and test only: not registered when NODE_ENV=production. */
@ApiTags('development')
@Controller('dev')
export class DevTokensController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly signInUsers: SignInUsersRepository,
  ) {}

  @Get('users')
  @Public()
  @RouteConfig({ [SIGN_IN]: true })
  @ApiOperation({ summary: 'The active users a development token can be minted for (development only; at most 200)' })
  @ApiOkResponse({ type: [DevUserDto] })
  @ApiProblems(400, 503)
  async users(@Query() query: DevUserQueryDto): Promise<DevUserDto[]> {
    const users = await this.signInUsers.list(query.search, 200);
    return users.map((u) => ({ userId: u.id, name: u.name, organisationId: u.organisationId, organisationName: u.organisationName, organisationType: u.organisationType, roles: u.roles }));
  }

  @Post('tokens')
  @Public()
  @RouteConfig({ [SIGN_IN]: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mint a bearer token for a registered user, with the roles the user holds (development only)' })
  @ApiOkResponse({ type: MintedTokenDto })
  @ApiProblems(400, 503)
  async mint(@Body() dto: MintTokenDto): Promise<MintedTokenDto> {
    const user = await this.signInUsers.find(dto.userId);
    if (!user) throw ProblemException.validation([{ field: 'userId', message: 'no active user with this id', code: 'NOT_FOUND' }]);
    const expiresIn = 8 * 3600;
    const accessToken = await this.verifier.mint(
      { userId: user.subject, organisationId: user.organisationId, organisationType: user.organisationType, roles: user.roles },
      expiresIn,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
