import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrganisationType, USER_ROLES } from '../../domain/src/organisation';

export class OidcClientConfigDto {
  @ApiProperty({ example: 'https://login.example.nl/realms/gemeente', description: 'The issuer; its discovery document is at /.well-known/openid-configuration' })
  issuer!: string;
  @ApiProperty({ example: 'placement-web', description: "The web app's public client id (authorization code with PKCE, S256)" }) clientId!: string;
  @ApiProperty({ example: 'openid', description: 'The scope to ask for' }) scope!: string;
}

/** How the web app signs users in: at the configured OIDC issuer, or outside production without one as a picked registered user. */
export class AuthConfigDto {
  @ApiProperty({ description: 'Development without an OIDC issuer: the web app signs in as a registered user by minting a token (GET /dev/users, POST /dev/tokens)' })
  developmentSignIn!: boolean;
  @ApiPropertyOptional({ type: OidcClientConfigDto, description: 'Present when OIDC_ISSUER and OIDC_CLIENT_ID are set' })
  oidc?: OidcClientConfigDto;
}

/** The signed-in user as the directory knows it. */
export class SignedInUserDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: Object.values(OrganisationType) }) organisationType!: string;
  @ApiProperty({ enum: USER_ROLES, isArray: true, description: 'The roles of the token that the user still holds' }) roles!: string[];
}
