import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  ChangeFirmWorkerDto,
  CreateFirmWorkerDto,
  EndFirmWorkerDto,
  FirmWorkerDto,
  FirmWorkerListDto,
  InclusionListDto,
  InclusionQueryDto,
  InclusionShareDto,
} from '../../../../libs/contracts/src/venue.dto';
import { OrganisationType, UserRole } from '../../../../libs/domain/src/organisation';
import { VenueKind, type SocialFirmData } from '../../../../libs/domain/src/venues/kinds';
import { firstDay } from '../../../../libs/domain/src/venues/rules';
import { inclusionShare, workerInMonth, workerOn, type EmploymentForm, type RegisteredWorker, type SocialFirmParams, type WorkerChange } from '../../../../libs/domain/src/venues/social-firm';
import { AccessService, personOf } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { toCsv } from '../common/csv';
import { ProblemException, ProblemType, type FieldError } from '../problem/problem';
import { SocialFirmRepository, type FirmWorkerRow, type WorkerChangeRow } from './social-firm.repository';
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
    if (dto.endedOn && dto.endedOn < dto.startedOn) errors.push({ field: 'endedOn', message: 'endedOn must not be before startedOn', code: 'END_BEFORE_START' });
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.venues.venue(dto.venueId, tx);
        if (!venue || venue.id !== principal.organisationId || venue.venue_kind !== VenueKind.SOCIAL_FIRM) {
          throw ProblemException.validation([{ field: 'venueId', message: 'venueId is not your Social Firm', code: 'NOT_FOUND' }]);
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
      answer: async (id) => this.worker(id!),
    });
  }

  /**
   * New terms of an entry from a day (form, hours), with why: a change beside the registration,
   * never an overwrite. Not before the start (400), not after the end (409).
   */
  changeWorker(principal: Principal, id: string, dto: ChangeFirmWorkerDto, request: IdempotentRequest): Promise<Answered<FirmWorkerDto>> {
    if (dto.employmentForm === undefined && dto.contractHoursPerWeek === undefined && dto.paidHoursPerWeek === undefined) {
      throw ProblemException.validation([{ field: 'paidHoursPerWeek', message: 'a change names at least one of employmentForm, contractHoursPerWeek, paidHoursPerWeek' }]);
    }
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const { worker, changes } = await this.ownWorker(principal, id, tx);
        if (dto.effectiveFrom < worker.started_on) throw ProblemException.validation([{ field: 'effectiveFrom', message: `effectiveFrom must not be before the worker started (${worker.started_on})`, code: 'END_BEFORE_START' }]);
        const end = workerOn(toRegistered(worker), changes.map(toChange), dto.effectiveFrom).endedOn;
        if (end && dto.effectiveFrom > end) throw ProblemException.conflict(ProblemType.CONFLICT, `The employment of ${worker.worker_reference} ended on ${end}; nothing was recorded.`);
        return this.recordChange(principal, tx, worker, {
          effective_from: dto.effectiveFrom, employment_form: dto.employmentForm ?? null, ends: false, reason: dto.reason,
          contract_hours_hundredths: dto.contractHoursPerWeek === undefined ? null : Math.round(dto.contractHoursPerWeek * 100),
          paid_hours_hundredths: dto.paidHoursPerWeek === undefined ? null : Math.round(dto.paidHoursPerWeek * 100),
        });
      },
      answer: async () => this.worker(id),
    });
  }

  /** The end of an entry's employment on its last day, with why; once (409 after), not before the start nor before a later change of terms (400). */
  endWorker(principal: Principal, id: string, dto: EndFirmWorkerDto, request: IdempotentRequest): Promise<Answered<FirmWorkerDto>> {
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const { worker, changes } = await this.ownWorker(principal, id, tx);
        const end = workerOn(toRegistered(worker), changes.map(toChange), dto.endedOn).endedOn;
        if (end) throw ProblemException.conflict(ProblemType.CONFLICT, `The employment of ${worker.worker_reference} ended on ${end} already; nothing was recorded.`);
        if (dto.endedOn < worker.started_on) throw ProblemException.validation([{ field: 'endedOn', message: `endedOn must not be before the worker started (${worker.started_on})`, code: 'END_BEFORE_START' }]);
        const later = changes.find((c) => c.effective_from > dto.endedOn);
        if (later) throw ProblemException.validation([{ field: 'endedOn', message: `endedOn must not be before the change of terms from ${later.effective_from}`, code: 'END_BEFORE_START' }]);
        return this.recordChange(principal, tx, worker, { effective_from: dto.endedOn, employment_form: null, contract_hours_hundredths: null, paid_hours_hundredths: null, ends: true, reason: dto.reason });
      },
      answer: async () => this.worker(id),
    });
  }

  /** The firm's own entry and its changes, the entry locked; anyone else's does not exist (404). */
  private async ownWorker(principal: Principal, id: string, tx: EntityManager): Promise<{ worker: FirmWorkerRow; changes: WorkerChangeRow[] }> {
    const worker = await this.firm.lockWorker(tx, id);
    if (!worker || worker.venue_id !== principal.organisationId) throw ProblemException.notFound(`There is no worker ${id} in your register.`);
    return { worker, changes: await this.firm.changes([id], tx) };
  }

  private async recordChange(
    principal: Principal,
    tx: EntityManager,
    worker: FirmWorkerRow,
    c: Pick<WorkerChangeRow, 'effective_from' | 'employment_form' | 'contract_hours_hundredths' | 'paid_hours_hundredths' | 'ends' | 'reason'>,
  ): Promise<string> {
    const id = randomUUID();
    await this.firm.insertChange(tx, { ...c, id, worker_id: worker.id, venue_id: worker.venue_id, recorded_by_organisation_id: principal.organisationId, recorded_by_user_id: principal.userId });
    if (worker.candidate_id) {
      await this.access.logAbout(principal, { candidateId: worker.candidate_id, municipalityId: worker.municipality_id }, { action: 'CHANGE', purpose: 'PLACEMENT', endpoint: 'POST /social-firm-workers/{id}/changes', fields: ['register'] }, tx);
    }
    return id;
  }

  private async worker(id: string): Promise<FirmWorkerDto> {
    const [row] = await this.firm.workers({ id });
    return toWorker(row, await this.firm.changes([id]));
  }

  /** The firm's own register (journeys placed at it entered); no one else's. */
  async workers(principal: Principal): Promise<FirmWorkerListDto> {
    const venue = principal.organisationType === OrganisationType.EMPLOYER ? await this.venues.venue(principal.organisationId) : undefined;
    if (!venue || venue.venue_kind !== VenueKind.SOCIAL_FIRM) throw ProblemException.forbidden("A Social Firm's register is the firm's own.");
    await this.firm.enterPlacedJourneys(venue.id);
    const rows = await this.firm.workers({ venueId: venue.id });
    // Who each placed worker is (the first name, as a host), logged in one entry with the register read.
    const people = await this.access.people(principal, rows.flatMap((w) => (w.candidate_id ? [w.candidate_id] : [])), 'GET /social-firm-workers', { hosted: true, fields: ['register'] });
    const changes = await this.firm.changes(rows.map((r) => r.id));
    return { items: rows.map((r) => ({ ...toWorker(r, changes.filter((c) => c.worker_id === r.id)), ...personOf(people, r.candidate_id) })) };
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
    const listed = (await this.venues.venues({ municipalityId, kind: VenueKind.SOCIAL_FIRM, limit: 10000 })).filter((v) => !venueIds || venueIds.includes(v.id));
    const firms = await this.venues.inEffect(listed, () => firstDay(query.month));
    const rules = (await this.venues.rules(municipalityId, 'SOCIAL_FIRM')).map((r) => toDatedRule<SocialFirmParams>(r));
    const items: InclusionShareDto[] = [];
    for (const v of firms) {
      await this.firm.enterPlacedJourneys(v.id);
      const workers = await this.firm.workers({ venueId: v.id });
      const changes = await this.firm.changes(workers.map((w) => w.id));
      const share = inclusionShare(
        workers.map((w) => workerInMonth(toRegistered(w), changes.filter((c) => c.worker_id === w.id).map(toChange), query.month)),
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

function toRegistered(w: FirmWorkerRow): RegisteredWorker {
  return {
    employmentForm: w.employment_form as EmploymentForm, contractHoursHundredths: w.contract_hours_hundredths, paidHoursHundredths: w.paid_hours_hundredths,
    inTargetGroupRegister: w.in_target_group_register, startedOn: w.started_on, ...(w.ended_on ? { endedOn: w.ended_on } : {}),
  };
}

function toChange(c: WorkerChangeRow): WorkerChange {
  return {
    effectiveFrom: c.effective_from, version: c.version, ...(c.employment_form ? { employmentForm: c.employment_form as EmploymentForm } : {}),
    ...(c.contract_hours_hundredths !== null ? { contractHoursHundredths: c.contract_hours_hundredths } : {}),
    ...(c.paid_hours_hundredths !== null ? { paidHoursHundredths: c.paid_hours_hundredths } : {}), ...(c.ends ? { ends: true } : {}),
  };
}

/** The entry with the terms in effect today and every change of it. */
function toWorker(w: FirmWorkerRow, changes: WorkerChangeRow[]): FirmWorkerDto {
  const today = new Date().toISOString().slice(0, 10);
  const now = workerOn(toRegistered(w), changes.map(toChange), today);
  return {
    id: w.id,
    venueId: w.venue_id,
    ...(w.candidate_id ? { candidateId: w.candidate_id } : {}),
    workerReference: w.worker_reference,
    employmentForm: now.employmentForm,
    contractHoursPerWeek: now.contractHoursHundredths / 100,
    paidHoursPerWeek: now.paidHoursHundredths / 100,
    inTargetGroupRegister: w.in_target_group_register,
    ...(w.register_basis ? { registerBasis: w.register_basis } : {}),
    startedOn: w.started_on,
    ...(now.endedOn ? { endedOn: now.endedOn } : {}),
    changes: changes.map((c) => ({
      id: c.id,
      version: c.version,
      effectiveFrom: c.effective_from,
      ...(c.employment_form ? { employmentForm: c.employment_form } : {}),
      ...(c.contract_hours_hundredths !== null ? { contractHoursPerWeek: c.contract_hours_hundredths / 100 } : {}),
      ...(c.paid_hours_hundredths !== null ? { paidHoursPerWeek: c.paid_hours_hundredths / 100 } : {}),
      ends: c.ends,
      reason: c.reason,
      recordedByOrganisationId: c.recorded_by_organisation_id,
      recordedAt: new Date(c.recorded_at).toISOString(),
    })),
  };
}
