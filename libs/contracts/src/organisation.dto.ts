import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { OrganisationType, USER_ROLES } from '../../domain/src/organisation';
import { Int, Pattern, SUBJECT, toInt } from './field-rules';

/** Organisations a municipality registers in its area; municipalities themselves are provisioned. */
const REGISTRABLE = [OrganisationType.CARE_PROVIDER, OrganisationType.SCHOOL, OrganisationType.EMPLOYER];

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Fietsherstel Het Wiel', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ enum: REGISTRABLE, description: 'zorgaanbieder, school or werkgever' }) @IsIn(REGISTRABLE) type!: string;
}

export class UpdateOrganisationDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ description: 'false deactivates the organisation: its users can no longer sign in' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: "A municipality only (its admin): true makes the funding decision (analyse.decision) need another coordinator than the one who proposed the match" })
  @IsOptional()
  @IsBoolean()
  fourEyesFunding?: boolean;
  @ApiProperty({ description: 'The version this change is based on; a stale one gives 409' }) @Int(1) version!: number;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: Object.values(OrganisationType) }) type!: string;
  @ApiProperty({ format: 'uuid', description: 'The municipality whose area it works in (itself for a municipality)' }) municipalityId!: string;
  @ApiProperty() active!: boolean;
  @ApiPropertyOptional({ description: 'A municipality: the funding decision needs a second coordinator (four eyes)' }) fourEyesFunding?: boolean;
  @ApiProperty({ type: 'integer' }) version!: number;
}

export class OrganisationQueryDto {
  @ApiPropertyOptional({ enum: Object.values(OrganisationType) }) @IsOptional() @IsIn(Object.values(OrganisationType)) type?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'From the previous page' }) @IsOptional() @IsUUID() cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items!: OrganisationDto[];
  @ApiPropertyOptional({ format: 'uuid' }) nextCursor?: string;
}

const rolesProperty = { enum: USER_ROLES, isArray: true, description: 'Roles the organisation type allows (a municipality: coordinator, admin; ...)' };

export class CreateUserDto {
  @ApiProperty({ example: 'Petra de Wit', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'p.dewit@zoetermeer.nl', maxLength: 254 }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: "The identity provider's subject (sub) for this user; defaults to the user's id", maxLength: 200 })
  @IsOptional()
  @Pattern(SUBJECT, 'subject must be 1 to 200 visible ASCII characters')
  subject?: string;
  @ApiProperty(rolesProperty) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(USER_ROLES.length) @ArrayUnique() @IsIn(USER_ROLES, { each: true }) roles!: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ maxLength: 254 }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional(rolesProperty) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(USER_ROLES.length) @ArrayUnique() @IsIn(USER_ROLES, { each: true }) roles?: string[];
  @ApiPropertyOptional({ description: 'false deactivates the user: tokens stop working at once' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ description: 'The version this change is based on; a stale one gives 409' }) @Int(1) version!: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() email?: string;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiPropertyOptional({ description: 'The mail server refused this address for good (its answer): no e-mail goes there until the address is changed' })
  emailProblem?: string;
  @ApiPropertyOptional({ format: 'date-time' }) emailProblemAt?: string;
}

export class UserQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'From the previous page' }) @IsOptional() @IsUUID() cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiPropertyOptional({ format: 'uuid' }) nextCursor?: string;
}

/** The first admin (beheerder) of a municipality being registered: it registers the rest. */
export class MunicipalityAdminDto {
  @ApiProperty({ example: 'Ahmed Bouali', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'a.bouali@delft.nl', maxLength: 254 }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: "The identity provider's subject (sub) for this user; defaults to the user's id", maxLength: 200 })
  @IsOptional()
  @Pattern(SUBJECT, 'subject must be 1 to 200 visible ASCII characters')
  subject?: string;
}

/** A municipality (gemeente) and its first admin, registered by a platform admin. */
export class RegisterMunicipalityDto {
  @ApiProperty({ example: 'Gemeente Delft', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ type: MunicipalityAdminDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MunicipalityAdminDto)
  admin!: MunicipalityAdminDto;
}

export class RegisteredMunicipalityDto {
  @ApiProperty({ type: OrganisationDto }) municipality!: OrganisationDto;
  @ApiProperty({ type: UserDto, description: "The municipality's first admin (roles: admin)" }) admin!: UserDto;
}

export class MunicipalityQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'From the previous page' }) @IsOptional() @IsUUID() cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Transform(toInt) @Int(1, 200) limit?: number;
}
