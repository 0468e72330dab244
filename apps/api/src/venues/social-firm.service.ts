import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CreateFirmWorkerDto, FirmWorkerDto, FirmWorkerListDto, InclusionListDto, InclusionQueryDto, InclusionShareDto } from '../../../../libs/contracts/src/venue.dto';
import { OrganisationType, UserRole } from '../../../../libs/domain/src/organisation';
import { VenueKind, type SocialFirmData } from '../../../../libs/domain/src/venues/kinds';
import { inclusionShare, type EmploymentForm, type SocialFirmParams } from '../../../../libs/domain/src/venues/social-firm';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { toCsv } from '../pipeline/pipeline.csv';
import { ProblemException, ProblemType, type FieldError } from '../problem/problem';
import { SocialFirmRepository, type FirmWorkerRow } from './social-firm.repository';
import { toDatedRule, VenuesRepository } from './venues.repository';

/**
 * A Social Firm's register and its inclusion share. The firm keeps and sees only its own workers;
 * the municipality sees the figures of its area's firms (share, hours, banenafspraak jobs), not
 * the workers.
 */
@Injectable()
export class SocialFirmService {
  constructor(
    private readonly firm: SocialFirmRepository,
    private readonly venues: VenuesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  register(principal: Principal, dto: CreateFirmWorkerDto, request: IdempotentRequest): Promise<Answered<FirmWorkerDto>> {
    const errors: FieldError[] = [];
    if (!dto.inTargetGroupRegister && dto.registerBasis) errors.push({ field: 'registerBasis', message: 'registerBasis is only for a worker in the target-group register' });
    if (dto.endedOn && dto.endedOn < dto.startedOn) errors.push({ field: 'endedOn', message: 'endedOn must not be before startedOn' });
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.venues.venue(dto.venueId, tx);
        if (!venue || venue.id !== principal.organisationId || venue.venue_kind !== VenueKind.SOCIAL_FIRM) {
          throw ProblemException.validation([{ field: 'venueId', message: 'venueId is not your Social Firm' }]);
        }
        const id = randomUUID();
        const added = await this.firm.insert(tx, {
          id, venue_id: venue.id, municipality_id: venue.municipality_id, candidate_id: null, worker_reference: dto.workerReference, employment_form: dto.employmentForm,
          contract_hours_hundredths: Math.round(dto.contractHoursPerWeek * 100), paid_hours_hundredths: Math.round(dto.paidHoursPerWeek * 100),
          in_target_group_register: dto.inTargetGroupRegister, register_basis: dto.registerBasis ?? null, started_on: dto.startedOn, ended_on: dto.endedOn ?? null,
        });
        if (!added) throw ProblemException.conflict(ProblemType.CONFLICT, `The register has a worker ${dto.workerReference} already.`);
        return id;
      },
      answer: async (id) => toWorker((await this.firm.workers({ id: id! }))[0]),
    });
  }

  /** The firm's own register (journeys placed at it entered); no one else's. */
  async workers(principal: Principal): Promise<FirmWorkerListDto> {
    const venue = principal.organisationType === OrganisationType.EMPLOYER ? await this.venues.venue(principal.organisationId) : undefined;
    if (!venue || venue.venue_kind !== VenueKind.SOCIAL_FIRM) throw ProblemException.forbidden("A Social Firm's register is the firm's own.");
    await this.firm.enterPlacedJourneys(venue.id);
    const rows = await this.firm.workers({ venueId: venue.id });
    for (const r of rows.filter((w) => w.candidate_id)) {
      await this.access.logAbout(principal, { candidateId: r.candidate_id!, municipalityId: r.municipality_id }, { action: 'READ', purpose: 'PLACEMENT', endpoint: 'GET /social-firm-workers', fields: ['register'] });
    }
    return { items: rows.map(toWorker) };
  }

  /** The month's inclusion share per firm: a firm its own, a coordinator every firm of its area. */
  async inclusion(principal: Principal, query: InclusionQueryDto): Promise<InclusionListDto> {
    let municipalityId: string;
    let venueIds: string[] | undefined;
    if (principal.organisationType === OrganisationType.MUNICIPALITY && principal.roles.includes(UserRole.COORDINATOR)) {
      municipalityId = principal.organisationId;
      if (query.venueId) venueIds = [query.venueId];
    } else if (principal.organisationType === OrganisationType.EMPLOYER) {
      const own = await this.venues.venue(principal.organisationId);
      if (!own || own.venue_kind !== VenueKind.SOCIAL_FIRM || (query.venueId && query.venueId !== own.id)) throw ProblemException.forbidden('A Social Firm sees its own figures only.');
      municipalityId = own.municipality_id;
      venueIds = [own.id];
    } else {
      throw ProblemException.forbidden("A Social Firm's figures are for the firm and its municipality's coordinators.");
    }
    const firms = (await this.venues.venues({ municipalityId, kind: VenueKind.SOCIAL_FIRM, limit: 10000 })).filter((v) => !venueIds || venueIds.includes(v.id));
    const rules = (await this.venues.rules(municipalityId, 'SOCIAL_FIRM')).map((r) => toDatedRule<SocialFirmParams>(r));
    const items: InclusionShareDto[] = [];
    for (const v of firms) {
      await this.firm.enterPlacedJourneys(v.id);
      const workers = await this.firm.workers({ venueId: v.id });
      const share = inclusionShare(
        workers.map((w) => ({ employmentForm: w.employment_form as EmploymentForm, paidHoursHundredths: w.paid_hours_hundredths, inTargetGroupRegister: w.in_target_group_register, startedOn: w.started_on, ...(w.ended_on ? { endedOn: w.ended_on } : {}) })),
        query.month,
        rules,
        (v.venue_data as Partial<SocialFirmData>).inclusionTargetBasisPoints,
      );
      if (!share) continue;
      items.push({
        venueId: v.id, venueName: v.name, month: query.month, headcount: share.headcount, inclusionHeadcount: share.inclusionHeadcount, headcountShareBasisPoints: share.headcountShareBasisPoints,
        hoursPerWeek: share.hoursHundredths / 100, inclusionHoursPerWeek: share.inclusionHoursHundredths / 100, hoursShareBasisPoints: share.hoursShareBasisPoints,
        targetBasisPoints: share.targetBasisPoints, marketBasisPoints: share.marketBasisPoints, targetMet: share.targetMet, jobsAgreementJobs: share.jobsAgreementJobsHundredths / 100,
      });
    }
    return { items };
  }

  async inclusionCsv(principal: Principal, query: InclusionQueryDto): Promise<string> {
    const { items } = await this.inclusion(principal, query);
    const header = ['month', 'venue_id', 'venue_name', 'headcount', 'inclusion_headcount', 'headcount_share_pct', 'hours_per_week', 'inclusion_hours_per_week', 'hours_share_pct', 'target_pct', 'market_pct', 'target_met', 'jobs_agreement_jobs'];
    const pct = (bp: number): number => bp / 100;
    return toCsv(header, items.map((i) => [i.month, i.venueId, i.venueName, i.headcount, i.inclusionHeadcount, pct(i.headcountShareBasisPoints), i.hoursPerWeek, i.inclusionHoursPerWeek, pct(i.hoursShareBasisPoints), pct(i.targetBasisPoints), pct(i.marketBasisPoints), i.targetMet, i.jobsAgreementJobs]));
  }
}

function toWorker(w: FirmWorkerRow): FirmWorkerDto {
  return {
    id: w.id,
    venueId: w.venue_id,
    ...(w.candidate_id ? { candidateId: w.candidate_id } : {}),
    workerReference: w.worker_reference,
    employmentForm: w.employment_form,
    contractHoursPerWeek: w.contract_hours_hundredths / 100,
    paidHoursPerWeek: w.paid_hours_hundredths / 100,
    inTargetGroupRegister: w.in_target_group_register,
    ...(w.register_basis ? { registerBasis: w.register_basis } : {}),
    startedOn: w.started_on,
    ...(w.ended_on ? { endedOn: w.ended_on } : {}),
  };
}
