import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type {
  CreateWorkplaceDto,
  PlacementPageDto,
  UpdateWorkplaceDto,
  WorkplaceDto,
  WorkplacePageDto,
  WorkplaceQueryDto,
} from '../../../../libs/contracts/src/workplace.dto';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { ProblemException, ProblemType } from '../problem/problem';
import { WorkplacesRepository, type WorkplaceRow } from './workplaces.repository';

const forbidden = (detail: string): ProblemException =>
  ProblemException.forbidden(detail);

@Injectable()
export class WorkplacesService {
  constructor(
    private readonly workplaces: WorkplacesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessService,
  ) {}

  private async municipalityOf(organisationId: string): Promise<string | undefined> {
    return (await this.organisations.kinds([organisationId])).get(organisationId)?.municipalityId;
  }

  /** An employer offers a workplace; the same Idempotency-Key again gives the same one. */
  create(principal: Principal, dto: CreateWorkplaceDto, request: IdempotentRequest): Promise<Answered<WorkplaceDto>> {
    if (principal.organisationType !== OrganisationType.EMPLOYER) throw forbidden('Only employers offer workplaces.');
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const municipalityId = await this.municipalityOf(principal.organisationId);
        if (!municipalityId) throw forbidden('Your organisation is not registered.');
        const id = randomUUID();
        await this.workplaces.create(tx, { id, employerId: principal.organisationId, municipalityId, dto });
        return id;
      },
      answer: (id) => this.current(id!),
    });
  }

  async list(principal: Principal, query: WorkplaceQueryDto): Promise<WorkplacePageDto> {
    const limit = query.limit ?? 50;
    const scope = await this.visibleScope(principal);
    if (scope.employerId && query.employer && query.employer !== scope.employerId) return { items: [] };
    const rows = await this.workplaces.list({ ...scope, ...(query.employer ? { employerId: query.employer } : {}), active: query.active, after: query.after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const taken = await this.workplaces.occupancy(page.map((r) => r.id));
    const items = page.map((r) => toDto(r, taken.get(r.id) ?? 0));
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  async get(principal: Principal, id: string): Promise<WorkplaceDto> {
    return this.withOccupancy(await this.visible(principal, id));
  }

  /**
   * Why a workplace cannot be chosen for a match with this host (another host's, off the list, or
   * full); undefined when it can.
   */
  async unavailable(workplaceId: string, employerId: string): Promise<string | undefined> {
    const row = await this.workplaces.find(workplaceId);
    if (!row || row.employer_id !== employerId) return 'must be a workplace of the chosen host';
    if (!row.active) return 'is off the list';
    const taken = (await this.workplaces.occupancy([row.id])).get(row.id) ?? 0;
    return taken >= row.capacity ? 'has no free place' : undefined;
  }

  /** Changes a workplace once per Idempotency-Key; the same request again answers the change as made. */
  async update(principal: Principal, id: string, dto: UpdateWorkplaceDto, request: IdempotentRequest): Promise<Answered<WorkplaceDto>> {
    const current = await this.visible(principal, id);
    if (current.employer_id !== principal.organisationId) throw forbidden('Only the employer that offers a workplace changes it.');
    return this.idempotency.run(principal, request, {
      status: 200,
      write: async (tx) => {
        if (!(await this.workplaces.update(tx, id, dto))) {
          throw ProblemException.conflict(ProblemType.CONFLICT, `The workplace is at version ${current.version}, not ${dto.version}: read it again and retry.`);
        }
        return id;
      },
      answer: () => this.current(id),
    });
  }

  /** The employer's running placements and jobs; for a municipality, all of its own. */
  async placements(principal: Principal): Promise<PlacementPageDto> {
    const filter =
      principal.organisationType === OrganisationType.EMPLOYER
        ? { employerId: principal.organisationId }
        : principal.organisationType === OrganisationType.MUNICIPALITY
          ? { municipalityId: principal.organisationId }
          : undefined;
    if (!filter) throw forbidden('Placements are listed for employers and municipalities.');
    const rows = await this.workplaces.placements(filter);
    const people = await this.access.people(principal, rows.map((r) => r.candidate_id), 'GET /placements');
    return {
      items: rows.map((r) => ({
        candidateId: r.candidate_id,
        employerId: r.current_employer_id,
        step: r.step,
        status: r.status,
        ...(r.proposed_route ? { proposedRoute: r.proposed_route } : {}),
        ...(r.route ? { route: r.route } : {}),
        ...(r.start_date ? { startDate: r.start_date } : {}),
        ...(r.paid_work_since ? { paidWorkSince: r.paid_work_since.toISOString() } : {}),
        updatedAt: r.updated_at.toISOString(),
        ...(people.has(r.candidate_id) ? { person: people.get(r.candidate_id) } : {}),
      })),
    };
  }

  /** Employers see their own; everyone else the workplaces of their municipality. */
  private async visibleScope(principal: Principal): Promise<{ employerId?: string; municipalityId?: string }> {
    if (principal.organisationType === OrganisationType.EMPLOYER) return { employerId: principal.organisationId };
    if (principal.organisationType === OrganisationType.MUNICIPALITY) return { municipalityId: principal.organisationId };
    return { municipalityId: (await this.municipalityOf(principal.organisationId)) ?? '00000000-0000-0000-0000-000000000000' };
  }

  private async visible(principal: Principal, id: string): Promise<WorkplaceRow> {
    const row = await this.workplaces.find(id);
    const scope = await this.visibleScope(principal);
    const seen = row && (scope.employerId ? row.employer_id === scope.employerId : row.municipality_id === scope.municipalityId);
    if (!seen) throw ProblemException.notFound(`There is no workplace ${id}.`);
    return row;
  }

  private async current(id: string): Promise<WorkplaceDto> {
    return this.withOccupancy((await this.workplaces.find(id))!);
  }

  private async withOccupancy(row: WorkplaceRow): Promise<WorkplaceDto> {
    return toDto(row, (await this.workplaces.occupancy([row.id])).get(row.id) ?? 0);
  }
}

function toDto(r: WorkplaceRow, occupied: number): WorkplaceDto {
  return {
    id: r.id,
    employerId: r.employer_id,
    title: r.title,
    location: r.location,
    hoursPerWeek: r.hours_per_week,
    capacity: r.capacity,
    occupied,
    supportOnSite: r.support_on_site,
    active: r.active,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
  };
}
