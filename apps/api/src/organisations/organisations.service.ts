import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  CreateOrganisationDto,
  CreateUserDto,
  OrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  UpdateOrganisationDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
  UserQueryDto,
  MunicipalityQueryDto,
  RegisterMunicipalityDto,
  RegisteredMunicipalityDto,
} from '../../../../libs/contracts/src/organisation.dto';
import { OrganisationType, ROLES_BY_ORGANISATION_TYPE, UserRole } from '../../../../libs/domain/src/organisation';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { ProblemException, ProblemType } from '../problem/problem';
import { OrganisationsRepository, type OrganisationRow, type UserRow } from '../../../../libs/database/src/repositories/organisations.repository';

const forbidden = (detail: string): ProblemException =>
  ProblemException.forbidden(detail);
const stale = (what: string): ProblemException =>
  ProblemException.conflict(ProblemType.CONFLICT, `The ${what} was changed since you read it (version): read it again and retry.`);

const isAdmin = (p: Principal): boolean => p.roles.includes(UserRole.ADMIN);
const isMunicipalityAdmin = (p: Principal): boolean => p.organisationType === OrganisationType.MUNICIPALITY && isAdmin(p);
const isPlatformAdmin = (p: Principal): boolean => p.organisationType === OrganisationType.PLATFORM && p.roles.includes(UserRole.PLATFORM_ADMIN);

/**
 * Organisations and their users. A municipality's admin registers the care providers, schools and
 * employers of its area and manages any of their users; an organisation's own admin manages its
 * own users. Everyone sees the organisations of their municipality (an employer: only itself).
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly repo: OrganisationsRepository,
    private readonly idempotency: IdempotencyService,
  ) {}

  async list(principal: Principal, query: OrganisationQueryDto): Promise<OrganisationPageDto> {
    const limit = query.limit ?? 50;
    if (principal.organisationType === OrganisationType.EMPLOYER) {
      const own = await this.repo.organisation(principal.organisationId);
      const shown = own && (!query.type || own.type === query.type) && (!query.cursor || own.id > query.cursor);
      return { items: shown ? [toOrganisation(own)] : [] };
    }
    const municipalityId = await this.municipalityOf(principal);
    const rows = await this.repo.organisations({ municipalityId, type: query.type, after: query.cursor, limit: limit + 1 });
    const items = rows.slice(0, limit).map(toOrganisation);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  async get(principal: Principal, id: string): Promise<OrganisationDto> {
    return toOrganisation(await this.visible(principal, id));
  }

  create(principal: Principal, dto: CreateOrganisationDto, request: IdempotentRequest): Promise<Answered<OrganisationDto>> {
    if (!isMunicipalityAdmin(principal)) throw forbidden("Only a municipality's admin registers organisations in its area.");
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const id = randomUUID();
        await this.repo.insertOrganisation(tx, { id, name: dto.name, type: dto.type as OrganisationType, municipality_id: principal.organisationId });
        return id;
      },
      answer: async (id) => toOrganisation((await this.repo.organisation(id!))!),
    });
  }

  async update(principal: Principal, id: string, dto: UpdateOrganisationDto, request: IdempotentRequest): Promise<Answered<OrganisationDto>> {
    const org = await this.visible(principal, id);
    const ownAdmin = org.id === principal.organisationId && isAdmin(principal);
    const areaAdmin = isMunicipalityAdmin(principal) && org.municipality_id === principal.organisationId;
    if (!ownAdmin && !areaAdmin) throw forbidden("Only the organisation's admin or its municipality's admin changes it.");
    if (dto.active !== undefined && (org.id === principal.organisationId || !areaAdmin)) {
      throw forbidden("Only the municipality's admin activates or deactivates an organisation of its area, never its own.");
    }
    if (dto.fourEyesFunding !== undefined && !(org.type === OrganisationType.MUNICIPALITY && ownAdmin)) {
      throw forbidden("Only a municipality's admin sets whether its funding decision needs a second coordinator.");
    }
    return this.idempotency.run(principal, request, {
      status: 200,
      write: async (tx) => {
        if (!(await this.repo.updateOrganisation(tx, id, dto))) throw stale('organisation');
        return id;
      },
      answer: async () => toOrganisation((await this.repo.organisation(id))!),
    });
  }

  async users(principal: Principal, organisationId: string, query: UserQueryDto): Promise<UserPageDto> {
    await this.manageable(principal, organisationId);
    const limit = query.limit ?? 50;
    const rows = await this.repo.users(organisationId, query.cursor, limit + 1);
    const items = rows.slice(0, limit).map(toUser);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  async user(principal: Principal, organisationId: string, userId: string): Promise<UserDto> {
    await this.manageable(principal, organisationId);
    return toUser(await this.existingUser(organisationId, userId));
  }

  async createUser(principal: Principal, organisationId: string, dto: CreateUserDto, request: IdempotentRequest): Promise<Answered<UserDto>> {
    const org = await this.manageable(principal, organisationId);
    checkRoles(org, dto.roles);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const id = randomUUID();
        const row = { id, organisation_id: organisationId, subject: dto.subject ?? id, name: dto.name, email: dto.email ?? null, roles: dto.roles };
        if (!(await this.repo.insertUser(tx, row))) {
          throw ProblemException.conflict(ProblemType.CONFLICT, `The organisation already has a user with subject "${row.subject}".`);
        }
        return id;
      },
      answer: async (id) => toUser((await this.repo.user(organisationId, id!))!),
    });
  }

  async updateUser(principal: Principal, organisationId: string, userId: string, dto: UpdateUserDto, request: IdempotentRequest): Promise<Answered<UserDto>> {
    const org = await this.manageable(principal, organisationId);
    const user = await this.existingUser(organisationId, userId);
    if (dto.roles) checkRoles(org, dto.roles);
    const self = user.organisation_id === principal.organisationId && user.subject === principal.userId;
    if (self && (dto.active === false || (dto.roles && !dto.roles.includes(UserRole.ADMIN)))) {
      throw ProblemException.conflict(ProblemType.CONFLICT, 'You cannot deactivate yourself or take away your own admin role: ask another admin.');
    }
    return this.idempotency.run(principal, request, {
      status: 200,
      write: async (tx) => {
        if (!(await this.repo.updateUser(tx, userId, dto))) throw stale('user');
        return userId;
      },
      answer: async () => toUser((await this.repo.user(organisationId, userId))!),
    });
  }

  /**
   * A platform admin registers a municipality with its first admin, who registers the area's
   * organisations and users from then on. The municipality is its own area.
   */
  registerMunicipality(principal: Principal, dto: RegisterMunicipalityDto, request: IdempotentRequest): Promise<Answered<RegisteredMunicipalityDto>> {
    requirePlatformAdmin(principal);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const id = randomUUID();
        await this.repo.insertOrganisation(tx, { id, name: dto.name, type: OrganisationType.MUNICIPALITY, municipality_id: id });
        const adminId = randomUUID();
        const admin = { id: adminId, organisation_id: id, subject: dto.admin.subject ?? adminId, name: dto.admin.name, email: dto.admin.email ?? null, roles: [UserRole.ADMIN] };
        await this.repo.insertUser(tx, admin);
        return id;
      },
      answer: async (id) => ({
        municipality: toOrganisation((await this.repo.organisation(id!))!),
        admin: toUser((await this.repo.users(id!, undefined, 1))[0]),
      }),
    });
  }

  async municipalities(principal: Principal, query: MunicipalityQueryDto): Promise<OrganisationPageDto> {
    requirePlatformAdmin(principal);
    const limit = query.limit ?? 50;
    const rows = await this.repo.municipalities(query.cursor, limit + 1);
    const items = rows.slice(0, limit).map(toOrganisation);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  /** The municipality whose organisations the principal sees. */
  private async municipalityOf(principal: Principal): Promise<string> {
    if (principal.organisationType === OrganisationType.MUNICIPALITY) return principal.organisationId;
    const own = await this.repo.organisation(principal.organisationId);
    return own?.municipality_id ?? principal.organisationId;
  }

  /** An organisation the principal may see (a platform admin: also every municipality); anything else does not exist for it (404). */
  private async visible(principal: Principal, id: string): Promise<OrganisationRow> {
    const org = await this.repo.organisation(id);
    const seen =
      org &&
      (org.id === principal.organisationId ||
        (org.type === OrganisationType.MUNICIPALITY && isPlatformAdmin(principal)) ||
        (principal.organisationType !== OrganisationType.EMPLOYER && org.municipality_id === (await this.municipalityOf(principal))));
    if (!seen) throw ProblemException.notFound(`There is no organisation ${id}.`);
    return org;
  }

  /** An organisation whose users the principal manages: 404 if unseen, 403 if seen but not managed. */
  private async manageable(principal: Principal, id: string): Promise<OrganisationRow> {
    const org = await this.visible(principal, id);
    const ownAdmin = org.id === principal.organisationId && isAdmin(principal);
    const areaAdmin = isMunicipalityAdmin(principal) && org.municipality_id === principal.organisationId;
    if (!ownAdmin && !areaAdmin) throw forbidden("Only the organisation's admin or its municipality's admin manages its users.");
    return org;
  }

  private async existingUser(organisationId: string, userId: string): Promise<UserRow> {
    const user = await this.repo.user(organisationId, userId);
    if (!user) throw ProblemException.notFound(`There is no user ${userId} in this organisation.`);
    return user;
  }
}

function requirePlatformAdmin(principal: Principal): void {
  if (!isPlatformAdmin(principal)) throw forbidden('Only a platform admin registers municipalities.');
}

function checkRoles(org: OrganisationRow, roles: string[]): void {
  const allowed = ROLES_BY_ORGANISATION_TYPE[org.type] as readonly string[];
  const wrong = roles.filter((r) => !allowed.includes(r));
  if (wrong.length) {
    throw ProblemException.validation([{ field: 'roles', message: `a ${org.type} grants only ${allowed.join(', ')}; not ${wrong.join(', ')}`, code: 'ENUM' }]);
  }
}

function toOrganisation(r: OrganisationRow): OrganisationDto {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    municipalityId: r.municipality_id,
    active: r.active,
    ...(r.type === OrganisationType.MUNICIPALITY ? { fourEyesFunding: r.four_eyes_funding } : {}),
    version: r.version,
  };
}

function toUser(r: UserRow): UserDto {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    subject: r.subject,
    name: r.name,
    ...(r.email ? { email: r.email } : {}),
    roles: r.roles,
    active: r.active,
    version: r.version,
    ...(r.email_problem ? { emailProblem: r.email_problem } : {}),
    ...(r.email_problem_at ? { emailProblemAt: r.email_problem_at.toISOString() } : {}),
  };
}
