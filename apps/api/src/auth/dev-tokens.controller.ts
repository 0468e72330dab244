import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import type { OrganisationType } from '../../../../libs/domain/src/organisation';
import { ApiProblems } from '../common/api-problems.decorator';
import { ProblemException } from '../problem/problem';
import { ROLES } from './principal';
import { Public } from './public.decorator';
import { TokenVerifier } from './token-verifier.service';

export class MintTokenDto {
  @ApiProperty({ format: 'uuid', description: 'An existing organisation' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ example: 'coordinator-1', description: 'The user (sub)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  userId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles!: string[];
}

export class MintedTokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 28800 }) expiresIn!: number;
}

/** Development and test only: not registered when NODE_ENV=production. */
@ApiTags('development')
@Controller('dev/tokens')
export class DevTokensController {
  constructor(
    private readonly verifier: TokenVerifier,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Mint a bearer token for a user of an existing organisation (development only)' })
  @ApiOkResponse({ type: MintedTokenDto })
  @ApiProblems(400)
  async mint(@Body() dto: MintTokenDto): Promise<MintedTokenDto> {
    const rows: { type: OrganisationType }[] = await this.dataSource.query('SELECT type FROM organisations WHERE id = $1', [dto.organisationId]);
    if (!rows.length) throw ProblemException.validation([{ field: 'organisationId', message: 'no organisation with this id' }]);
    const expiresIn = 8 * 3600;
    const accessToken = await this.verifier.mint(
      { userId: dto.userId, organisationId: dto.organisationId, organisationType: rows[0].type, roles: dto.roles },
      expiresIn,
    );
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
