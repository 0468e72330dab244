import { applyDecorators, SetMetadata } from '@nestjs/common';
import { CASE_ROLES, type UserRole } from '../../../../libs/domain/src/organisation';
import { ApiProblems } from '../common/api-problems.decorator';

export const REQUIRED_ROLES = 'requiredRoles';

/** The caller needs at least one of these roles (checked by the AuthGuard; 403 otherwise). */
export const RequireRoles = (...roles: UserRole[]): ClassDecorator & MethodDecorator => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiProblems(403));

/** Journeys, tasks and referrals: for the roles that do casework, not for admins alone. */
export const CaseWork = (): ClassDecorator & MethodDecorator => RequireRoles(...CASE_ROLES);
