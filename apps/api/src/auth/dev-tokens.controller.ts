import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { SignedInUserDto } from '../../../../libs/contracts/src/auth.dto';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
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

interface UserRow {
  id: string;
  subject: string;
  name: string;
  roles: string[];
  organisation_id: string;
  organisation_name: string;
  type: OrganisationType;
}

const USERS = `SELECT u.id, u.subject, u.name, u.roles, u.organisation_id, o.name AS organisation_name, o.type
  FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.active AND o.active`;

/** Development and test only: not registered when NODE_ENV=production. */
@ApiTags('development')
@Controller('dev')
export class DevTokensController {
  constructor(
    private readonly verifier: TokenVerifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('users')
  @Public()
  @RouteConfig({ [SIGN_IN]: true })
  @ApiOperation({ summary: 'The active users a development token can be minted for (development only; at most 200)' })
  @ApiOkResponse({ type: [DevUserDto] })
  @ApiProblems(400, 503)
  async users(@Query() query: DevUserQueryDto): Promise<DevUserDto[]> {
    const search = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
    const rows: UserRow[] = await this.dataSource.query(`${USERS} AND (u.name ILIKE $1 OR o.name ILIKE $1) ORDER BY o.name, u.name LIMIT 200`, [search]);
    return rows.map((r) => ({ userId: r.id, name: r.name, organisationId: r.organisation_id, organisationName: r.organisation_name, organisationType: r.type, roles: r.roles }));
  }

  @Post('tokens')
  @Public()
  @RouteConfig({ [SIGN_IN]: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Mint a bearer token for a registered user, with the roles the user holds (development only)' })
  @ApiOkResponse({ type: MintedTokenDto })
  @ApiProblems(400, 503)
  async mint(@Body() dto: MintTokenDto): Promise<MintedTokenDto> {
    const rows: UserRow[] = await this.dataSource.query(`${USERS} AND u.id = $1`, [dto.userId]);
    const user = rows[0];
    if (!user) throw ProblemException.validation([{ field: 'userId', message: 'no active user with this id', code: 'NOT_FOUND' }]);
    const expiresIn = 8 * 3600;
    const accessToken = await this.verifier.mint(
      { userId: user.subject, organisationId: user.organisation_id, organisationType: user.type, roles: user.roles },
      expiresIn,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
