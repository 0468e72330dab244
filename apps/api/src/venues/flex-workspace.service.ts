import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  BookingDto,
  CreateBookingDto,
  CreateFlexServiceDto,
  FlexMonthDto,
  FlexMonthListDto,
  FlexMonthQueryDto,
  FlexServiceDto,
  FlexServiceListDto,
  OccupancyDto,
  OccupancyQueryDto,
  RecordFlexRevenueDto,
} from '../../../../libs/contracts/src/venue.dto';
import { OrganisationType, UserRole } from '../../../../libs/domain/src/organisation';
import type { Purpose } from '../../../../libs/domain/src/privacy';
import { flexMonth, seatsFor, type FlexWorkspaceParams, type TenantKind } from '../../../../libs/domain/src/venues/flex-workspace';
import { VenueKind, type FlexWorkspaceData } from '../../../../libs/domain/src/venues/kinds';
import { AccessService, personOf } from '../access/access.service';
import { flexOutflowReviewTaskId } from '../../../../libs/contracts/src/workflows/statements.messages';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { ProblemException, ProblemType, type FieldError } from '../problem/problem';
import { FlexWorkspaceRepository, type ServiceRow } from './flex-workspace.repository';
import { toDatedRule, VenuesRepository, type VenueRow } from './venues.repository';

const currentMonth = (): string => new Date().toISOString().slice(0, 7);

/**
 * The flex-work space: half-day bookings that never exceed a slot's seats (the social share
 * reserved), occupancy per slot, each participant's monthly net revenue against the goal with the
 * contribution due and outflow to consider (rules of the month), and central services at a social
 * and a market rate. The space sees its own; the municipality its area.
 */
@Injectable()
export class FlexWorkspaceService {
  constructor(
    private readonly flex: FlexWorkspaceRepository,
    private readonly venues: VenuesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  /** The space books a seat; a full slot answers 409 and books nothing, also under many requests at once. */
  book(principal: Principal, dto: CreateBookingDto, request: IdempotentRequest): Promise<Answered<BookingDto>> {
    const errors: FieldError[] = [];
    const weekday = new Date(`${dto.day}T12:00:00Z`).getUTCDay();
    if (Number.isNaN(weekday)) errors.push({ field: 'day', message: 'day must be a real date', code: 'FORMAT_DATE' });
    else if (weekday === 0 || weekday === 6) errors.push({ field: 'day', message: 'day must be a working day (Monday to Friday)', code: 'NOT_A_WORKING_DAY' });
    if (dto.tenantKind === 'SOCIAL' && (!dto.candidateId || dto.tenantName)) errors.push({ field: 'candidateId', message: 'a SOCIAL booking names the participant (candidateId) and no tenantName' });
    if (dto.tenantKind === 'MARKET' && (!dto.tenantName || dto.candidateId)) errors.push({ field: 'tenantName', message: 'a MARKET booking names the tenant (tenantName) and no candidateId' });
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const [venue] = await this.venues.inEffect([await this.ownSpace(principal, dto.venueId, tx)], () => dto.day, tx);
        if (dto.candidateId && !(await this.flex.journeyIn(dto.candidateId, venue.municipality_id, tx))) {
          throw ProblemException.validation([{ field: 'candidateId', message: 'candidateId is not a participant of your municipality', code: 'NOT_FOUND' }]);
        }
        const data = venue.venue_data as unknown as FlexWorkspaceData;
        const kind = dto.tenantKind as TenantKind;
        const taken = await this.flex.takeSeat(tx, { venueId: venue.id, day: dto.day, part: dto.part, kind, seats: data.seats, socialSeats: data.socialSeats });
        if (!taken) {
          throw ProblemException.conflict(ProblemType.CONFLICT, `The ${dto.part.toLowerCase()} of ${dto.day} is full for ${kind} tenants (${seatsFor(kind, data.seats, data.socialSeats)} seats); nothing was booked.`);
        }
        const id = randomUUID();
        await this.flex.insertBooking(tx, {
          id, venue_id: venue.id, day: dto.day, part: dto.part, tenant_kind: kind, candidate_id: dto.candidateId ?? null, tenant_name: dto.tenantName ?? null,
          organisationId: principal.organisationId, userId: principal.userId,
        });
        if (dto.candidateId) {
          await this.access.logAbout(principal, { candidateId: dto.candidateId, municipalityId: venue.municipality_id }, { action: 'CHANGE', purpose: 'PLACEMENT', endpoint: 'POST /flex-bookings', fields: ['booking'] }, tx);
        }
        return id;
      },
      answer: async (id) => {
        const b = (await this.flex.booking(id!))!;
        return { id: b.id, venueId: b.venue_id, day: b.day, part: b.part, tenantKind: b.tenant_kind, ...(b.candidate_id ? { candidateId: b.candidate_id } : {}), ...(b.tenant_name ? { tenantName: b.tenant_name } : {}) };
      },
    });
  }

  /** Occupancy per slot: for the space itself and its municipality. */
  async occupancy(principal: Principal, query: OccupancyQueryDto): Promise<OccupancyDto> {
    if (query.to < query.from) throw ProblemException.validation([{ field: 'to', message: 'to must not be before from', code: 'END_BEFORE_START' }]);
    const venue = await this.visibleSpace(principal, query.venueId);
    const slots = await this.flex.slots(venue.id, query.from, query.to);
    return {
      venueId: venue.id,
      slots: slots.map((s) => ({
        day: s.day, part: s.part, seats: s.seats, socialSeats: s.social_seats, bookedSocial: s.booked_social, bookedMarket: s.booked_market,
        occupancyBasisPoints: s.seats ? Math.floor(((s.booked_social + s.booked_market) * 10000) / s.seats) : 0,
      })),
    };
  }

  /** The space states a participant's net revenue of a month; a second one for the month needs a reason (409 without). */
  recordRevenue(principal: Principal, dto: RecordFlexRevenueDto, request: IdempotentRequest): Promise<Answered<FlexMonthDto>> {
    if (dto.month > currentMonth()) throw ProblemException.validation([{ field: 'month', message: 'month must not be in the future', code: 'IN_FUTURE' }]);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.ownSpace(principal, dto.venueId, tx);
        if (!(await this.flex.journeyIn(dto.candidateId, venue.municipality_id, tx))) throw ProblemException.validation([{ field: 'candidateId', message: 'candidateId is not a participant of your municipality', code: 'NOT_FOUND' }]);
        const version = await this.flex.nextRevenueVersion(tx, venue.id, dto.candidateId, dto.month);
        if (version > 1 && !dto.correctionReason) {
          throw ProblemException.conflict(ProblemType.CONFLICT, `There is a revenue statement for ${dto.month} already (version ${version - 1}): a correction needs a correctionReason; nothing was recorded.`);
        }
        const id = randomUUID();
        await this.flex.insertRevenue(tx, {
          id, venue_id: venue.id, municipality_id: venue.municipality_id, candidate_id: dto.candidateId, month: dto.month, version, net_revenue_cents: dto.netRevenueCents,
          correctionReason: version > 1 ? dto.correctionReason! : null, organisationId: principal.organisationId, userId: principal.userId,
        });
        await this.access.logAbout(principal, { candidateId: dto.candidateId, municipalityId: venue.municipality_id }, { action: 'CHANGE', purpose: 'PLACEMENT', endpoint: 'POST /flex-revenue', fields: ['revenue'] }, tx);
        await this.reviewOutflow(tx, venue, dto.candidateId, dto.month);
        return id;
      },
      answer: async (id) => {
        const row = (await this.flex.revenueRow(id!))!;
        return (await this.months({ venueId: row.venue_id }, row.month)).find((m) => m.candidateId === row.candidate_id)!;
      },
    });
  }

  /** The month completes the run above the outflow threshold: the coordinator gets a task to consider outflow (once per run's last month). */
  private async reviewOutflow(tx: EntityManager, venue: VenueRow, candidateId: string, month: string): Promise<void> {
    const rows = await this.flex.revenue({ venueId: venue.id, candidateId }, tx);
    const rules = (await this.venues.rules(venue.municipality_id, 'FLEX_WORKSPACE')).map((r) => toDatedRule<FlexWorkspaceParams>(r));
    if (!flexMonth(rows.map((r) => ({ month: r.month, netRevenueCents: r.net_revenue_cents })), month, rules)?.outflowTask) return;
    await this.venues.openTask(tx, {
      id: flexOutflowReviewTaskId(candidateId, month), type: 'flex.outflow-review', venueId: venue.id, municipalityId: venue.municipality_id, candidateId, month,
      assigneeOrganisationId: venue.municipality_id, dueAt: new Date(Date.now() + 14 * 24 * 60 * 60 * 1000),
    });
  }

  /** Each participant's month: goal, contribution due, outflow to consider. The space its own; a coordinator its area. */
  async revenue(principal: Principal, query: FlexMonthQueryDto): Promise<FlexMonthListDto> {
    const { filter, purpose } = this.scope(principal);
    const items = await this.months(filter, query.month);
    // Who each participant is (the space: the first name, as a host), logged in one entry with the revenue read.
    const people = await this.access.people(principal, items.map((i) => i.candidateId), 'GET /flex-revenue', { hosted: purpose === 'PLACEMENT', fields: ['revenue'] });
    return { items: items.map((i) => ({ ...i, ...personOf(people, i.candidateId) })) };
  }

  createService(principal: Principal, dto: CreateFlexServiceDto, request: IdempotentRequest): Promise<Answered<FlexServiceDto>> {
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.ownSpace(principal, dto.venueId, tx);
        if (!(await this.flex.journeyIn(dto.candidateId, venue.municipality_id, tx))) throw ProblemException.validation([{ field: 'candidateId', message: 'candidateId is not a participant of your municipality', code: 'NOT_FOUND' }]);
        const id = randomUUID();
        await this.flex.insertService(tx, { id, venue_id: venue.id, candidate_id: dto.candidateId, name: dto.name, social_rate_cents: dto.socialRateCents, market_rate_cents: dto.marketRateCents });
        return id;
      },
      answer: async (id) => toService((await this.flex.services({ id: id! }))[0]),
    });
  }

  async services(principal: Principal): Promise<FlexServiceListDto> {
    const { filter } = this.scope(principal);
    return { items: (await this.flex.services(filter)).map(toService) };
  }

  private async months(filter: { municipalityId?: string; venueId?: string }, month?: string): Promise<FlexMonthDto[]> {
    const rows = await this.flex.revenue(filter);
    if (!rows.length) return [];
    const rules = (await this.venues.rules(rows[0].municipality_id, 'FLEX_WORKSPACE')).map((r) => toDatedRule<FlexWorkspaceParams>(r));
    const items: FlexMonthDto[] = [];
    const byParticipant = new Map<string, typeof rows>();
    for (const r of rows) byParticipant.set(`${r.venue_id}:${r.candidate_id}`, [...(byParticipant.get(`${r.venue_id}:${r.candidate_id}`) ?? []), r]);
    for (const list of byParticipant.values()) {
      const results = list.map((r) => ({ month: r.month, netRevenueCents: r.net_revenue_cents }));
      for (const r of list) {
        if (month && r.month !== month) continue;
        const m = flexMonth(results, r.month, rules);
        if (!m) continue;
        items.push({
          venueId: r.venue_id, candidateId: r.candidate_id, month: r.month, version: r.version, netRevenueCents: m.netRevenueCents, goalCents: m.goalCents, goalMet: m.goalMet,
          monthsAboveContribution: m.monthsAboveContribution, contributionDueCents: m.contributionDueCents, monthsAboveOutflow: m.monthsAboveOutflow, outflowToConsider: m.outflowTask,
        });
      }
    }
    return items;
  }

  private scope(principal: Principal): { filter: { municipalityId?: string; venueId?: string }; purpose: Purpose } {
    if (principal.organisationType === OrganisationType.MUNICIPALITY && principal.roles.includes(UserRole.COORDINATOR)) return { filter: { municipalityId: principal.organisationId }, purpose: 'MUNICIPAL_TASK' };
    if (principal.organisationType === OrganisationType.EMPLOYER) return { filter: { venueId: principal.organisationId }, purpose: 'PLACEMENT' };
    throw ProblemException.forbidden("A flex-work space's figures are for the space and its municipality's coordinators.");
  }

  /** The caller's own flex-work space; anything else named as venueId is bad input (400), nothing is written. */
  private async ownSpace(principal: Principal, venueId: string, tx: EntityManager): Promise<VenueRow> {
    const venue = await this.venues.venue(venueId, tx);
    if (!venue || venue.id !== principal.organisationId || venue.venue_kind !== VenueKind.FLEX_WORKSPACE) {
      throw ProblemException.validation([{ field: 'venueId', message: 'venueId is not your flex-work space', code: 'NOT_FOUND' }]);
    }
    return venue;
  }

  private async visibleSpace(principal: Principal, venueId: string): Promise<VenueRow> {
    const venue = await this.venues.venue(venueId);
    const seen = venue && venue.venue_kind === VenueKind.FLEX_WORKSPACE && (venue.id === principal.organisationId || (principal.organisationType === OrganisationType.MUNICIPALITY && venue.municipality_id === principal.organisationId));
    if (!seen) throw ProblemException.notFound(`There is no flex-work space ${venueId}.`);
    return venue;
  }
}

function toService(s: ServiceRow): FlexServiceDto {
  return { id: s.id, venueId: s.venue_id, candidateId: s.candidate_id, name: s.name, socialRateCents: s.social_rate_cents, marketRateCents: s.market_rate_cents };
}
