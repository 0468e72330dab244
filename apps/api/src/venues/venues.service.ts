import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  CompleteVenueTaskDto,
  CreateMemberDto,
  CreateVenueDto,
  MemberDto,
  MemberListDto,
  MemberQueryDto,
  RecordRuleDto,
  RecordStatementDto,
  RecordVenueDataDto,
  RuleDto,
  RuleListDto,
  RuleQueryDto,
  SettlementDto,
  SettlementListDto,
  SettlementQueryDto,
  StatementDto,
  VenueDataVersionDto,
  VenueDataVersionListDto,
  VenueDto,
  VenueKindDataDto,
  VenuePageDto,
  VenueQueryDto,
  VenueTaskDto,
  VenueTaskListDto,
  VenueTaskQueryDto,
} from '../../../../libs/contracts/src/venue.dto';
import { outflowReviewTaskId, statementTaskId } from '../../../../libs/contracts/src/workflows/statements.messages';
import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import { OrganisationType, UserRole } from '../../../../libs/domain/src/organisation';
import type { Purpose } from '../../../../libs/domain/src/privacy';
import { consecutiveMonthsAtOrAbove, netResult, settleMonths, type ExemptionParams } from '../../../../libs/domain/src/venues/cooperative';
import { VENUE_KIND_LABELS, VenueKind, type SocialCooperativeData } from '../../../../libs/domain/src/venues/kinds';
import { ruleErrors } from '../../../../libs/domain/src/venues/rule-sets';
import { firstDay } from '../../../../libs/domain/src/venues/rules';
import { AccessService, personOf } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { toCsv } from '../common/csv';
import { ProblemException, ProblemType, type FieldError } from '../problem/problem';
import { toDatedRule, VenuesRepository, withDataOn, type MemberRow, type RuleRow, type StatementRow, type VenueDataVersionRow, type VenueRow, type VenueTaskRow } from './venues.repository';

/** The kind's data each kind takes (the DTO's property), and which are required. */
const KIND_DATA: Record<VenueKind, { property: keyof VenueKindDataDto; required: boolean }> = {
  REGULAR_EMPLOYER: { property: 'regularEmployer', required: false },
  SOCIAL_COOPERATIVE: { property: 'socialCooperative', required: true },
  SOCIAL_FIRM: { property: 'socialFirm', required: false },
  FLEX_WORKSPACE: { property: 'flexWorkspace', required: true },
};

const isMunicipalStaff = (p: Principal): boolean =>
  p.organisationType === OrganisationType.MUNICIPALITY && (p.roles.includes(UserRole.COORDINATOR) || p.roles.includes(UserRole.ADMIN));
const isCoordinator = (p: Principal): boolean => p.organisationType === OrganisationType.MUNICIPALITY && p.roles.includes(UserRole.COORDINATOR);

/** This month, `YYYY-MM` (UTC). */
const currentMonth = (): string => new Date().toISOString().slice(0, 7);
const daysIn = (month: string): number => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/**
 * Placement venues: the municipality registers them with their kind's data and keeps the dated
 * rules their months are settled by; a social cooperative's members join with the municipality's
 * recorded consent, the cooperative states each member's month, the municipality reads the
 * settlement. A venue sees only its own; a municipality its area. Every read or change of a
 * member's data is access-logged with its purpose.
 */
@Injectable()
export class VenuesService {
  constructor(
    private readonly venues: VenuesRepository,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
    private readonly organisations: OrganisationsRepository,
  ) {}

  // ---- Venues ----------------------------------------------------------------------------------

  create(principal: Principal, dto: CreateVenueDto, request: IdempotentRequest): Promise<Answered<VenueDto>> {
    if (!isMunicipalStaff(principal)) throw ProblemException.forbidden("Only a municipality's coordinator or admin registers a venue in its area.");
    const kind = dto.kind as VenueKind;
    const spec = KIND_DATA[kind];
    const errors = kindDataErrors(kind, dto, spec.required);
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const id = randomUUID();
        const data = { ...((dto[spec.property] as object | undefined) ?? {}) } as Record<string, unknown>;
        await this.venues.insertVenue(tx, { id, name: dto.name, kind, data, municipalityId: principal.organisationId });
        return id;
      },
      answer: async (id) => toVenue((await this.venues.venue(id!))!),
    });
  }

  async list(principal: Principal, query: VenueQueryDto): Promise<VenuePageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.venues.venues({ ...(await this.scope(principal)), kind: query.kind, after: query.cursor, limit: limit + 1 });
    const items = (await this.venues.inEffect(rows.slice(0, limit), today)).map(toVenue);
    return { items, ...(rows.length > limit ? { nextCursor: items[items.length - 1].id } : {}) };
  }

  async get(principal: Principal, id: string): Promise<VenueDto> {
    const scope = await this.scope(principal);
    const [row] = scope.id && scope.id !== id ? [] : await this.venues.venues({ ...scope, id, limit: 1 });
    if (!row) throw ProblemException.notFound(`There is no venue ${id}.`);
    return toVenue((await this.venues.inEffect([row], today))[0]);
  }

  /**
   * A dated version of a venue's kind data (the whole of its kind's property), valid from a day,
   * with who and why: the months from then are settled with it, the earlier ones as before.
   * The municipality's coordinator or admin, for a venue of its area (404 for any other).
   */
  recordData(principal: Principal, id: string, dto: RecordVenueDataDto, request: IdempotentRequest): Promise<Answered<VenueDataVersionDto>> {
    if (!isMunicipalStaff(principal)) throw ProblemException.forbidden("Only a municipality's coordinator or admin corrects a venue's data.");
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.venues.venue(id, tx);
        if (!venue || venue.municipality_id !== principal.organisationId) throw ProblemException.notFound(`There is no venue ${id}.`);
        const errors = kindDataErrors(venue.venue_kind, dto, true);
        if (errors.length) throw ProblemException.validation(errors);
        const versionId = randomUUID();
        const data = { ...(dto[KIND_DATA[venue.venue_kind].property] as object) } as Record<string, unknown>;
        await this.venues.insertDataVersion(tx, { id: versionId, venueId: venue.id, validFrom: dto.validFrom, data, reason: dto.reason, organisationId: principal.organisationId, userId: principal.userId });
        return versionId;
      },
      answer: async (versionId) => toDataVersion((await this.venues.dataVersions([id])).find((v) => v.id === versionId)!),
    });
  }

  /** Every dated version of a venue's kind data: the venue itself and its municipality. */
  async dataVersions(principal: Principal, id: string): Promise<VenueDataVersionListDto> {
    await this.get(principal, id);
    return { items: (await this.venues.dataVersions([id])).map(toDataVersion) };
  }

  /** A host sees itself only; anyone else the venues of its municipality. */
  private async scope(principal: Principal): Promise<{ municipalityId?: string; id?: string }> {
    if (principal.organisationType === OrganisationType.EMPLOYER) return { id: principal.organisationId };
    if (principal.organisationType === OrganisationType.MUNICIPALITY) return { municipalityId: principal.organisationId };
    return { municipalityId: await this.municipalityOf(principal) };
  }

  private async municipalityOf(principal: Principal): Promise<string> {
    if (principal.organisationType === OrganisationType.MUNICIPALITY) return principal.organisationId;
    return (await this.organisations.kinds([principal.organisationId])).get(principal.organisationId)?.municipalityId ?? '00000000-0000-0000-0000-000000000000';
  }

  // ---- Dated rules -----------------------------------------------------------------------------

  async rules(principal: Principal, query: RuleQueryDto): Promise<RuleListDto> {
    const municipalityId = await this.municipalityOf(principal);
    return { items: (await this.venues.rules(municipalityId, query.ruleSet)).map(toRule) };
  }

  /** A new rule of the municipality, or a correction (a new version of the same validity, with who and why). Never an overwrite. */
  recordRule(principal: Principal, dto: RecordRuleDto, request: IdempotentRequest): Promise<Answered<RuleDto>> {
    if (!isMunicipalStaff(principal)) throw ProblemException.forbidden("Only a municipality's coordinator or admin keeps its rules.");
    const params = Object.fromEntries(Object.entries(dto.params).filter(([, v]) => v !== undefined)) as Record<string, unknown>;
    const errors: FieldError[] = ruleErrors(dto.ruleSet, dto.variant, params);
    if (dto.validTo && dto.validTo < dto.validFrom) errors.push({ field: 'validTo', message: 'validTo must not be before validFrom', code: 'END_BEFORE_START' });
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const id = randomUUID();
        const recorded = await this.venues.insertRule(tx, {
          id, municipalityId: principal.organisationId, ruleSet: dto.ruleSet, variant: dto.variant, validFrom: dto.validFrom, validTo: dto.validTo, params, reason: dto.reason,
          organisationId: principal.organisationId, userId: principal.userId,
        });
        if (recorded.correction && !dto.reason) {
          throw ProblemException.validation([{ field: 'reason', message: `a rule of ${dto.ruleSet}/${dto.variant} valid from ${dto.validFrom} exists: a correction (version ${recorded.version}) needs a reason` }]);
        }
        return id;
      },
      answer: async (id) => toRule((await this.venues.rule(id!))!),
    });
  }

  // ---- Social cooperative: members ---------------------------------------------------------------

  /** A member on social assistance joins a cooperative only with the municipality's recorded consent. */
  createMember(principal: Principal, dto: CreateMemberDto, request: IdempotentRequest): Promise<Answered<MemberDto>> {
    if (!isCoordinator(principal)) throw ProblemException.forbidden("Only a municipality's coordinator records a member's joining (its consent).");
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const venue = await this.venues.venue(dto.venueId, tx);
        if (!venue || venue.municipality_id !== principal.organisationId || venue.venue_kind !== VenueKind.SOCIAL_COOPERATIVE) {
          throw ProblemException.validation([{ field: 'venueId', message: 'venueId is not a social cooperative of your municipality', code: 'NOT_FOUND' }]);
        }
        const access = await this.access.journey(principal, dto.candidateId, tx);
        const errors: FieldError[] = [];
        if (dto.consent.decisionDate > today()) errors.push({ field: 'consent.decisionDate', message: 'consent.decisionDate must not be in the future', code: 'IN_FUTURE' });
        if (dto.joinedOn < dto.consent.decisionDate) errors.push({ field: 'joinedOn', message: "joinedOn must not be before the municipality's decision (consent.decisionDate)", code: 'BEFORE_MUNICIPAL_DECISION' });
        if (errors.length) throw ProblemException.validation(errors);
        const id = randomUUID();
        const added = await this.venues.insertMember(tx, {
          id, venue_id: venue.id, municipality_id: principal.organisationId, candidate_id: dto.candidateId, joined_on: dto.joinedOn,
          decision_date: dto.consent.decisionDate, legal_basis: dto.consent.legalBasis, plan_reference: dto.consent.planReference,
          single_parent: dto.singleParent, medical_hour_limitation: dto.medicalHourLimitation, recordedByOrganisationId: principal.organisationId, recordedByUserId: principal.userId,
        });
        if (!added) throw ProblemException.conflict(ProblemType.CONFLICT, `Candidate ${dto.candidateId} is a member of this cooperative already.`);
        await this.access.log(principal, access, { action: 'CHANGE', purpose: 'MUNICIPAL_TASK', endpoint: 'POST /cooperative-members', fields: ['membership'] }, tx);
        return id;
      },
      answer: async (id) => toMember((await this.venues.member(id!))!, true),
    });
  }

  async members(principal: Principal, query: MemberQueryDto): Promise<MemberListDto> {
    const { filter, municipal } = this.memberScope(principal);
    const rows = await this.venues.members({ ...filter, ...(query.venueId && !filter.venueId ? { venueId: query.venueId } : {}) });
    const shown = query.venueId && filter.venueId && query.venueId !== filter.venueId ? [] : rows;
    // Who each member is (a cooperative: the first name, as a host), logged in one entry with the membership read.
    const people = await this.access.people(principal, shown.map((m) => m.candidate_id), 'GET /cooperative-members', { hosted: !municipal, fields: ['membership'] });
    return { items: shown.map((m) => ({ ...toMember(m, municipal), ...personOf(people, m.candidate_id) })) };
  }

  /** A cooperative sees its own members (for placement); a municipality the members of its area (its public task). */
  private memberScope(principal: Principal): { filter: { municipalityId?: string; venueId?: string }; purpose: Purpose; municipal: boolean } {
    if (principal.organisationType === OrganisationType.MUNICIPALITY && principal.roles.includes(UserRole.COORDINATOR)) {
      return { filter: { municipalityId: principal.organisationId }, purpose: 'MUNICIPAL_TASK', municipal: true };
    }
    if (principal.organisationType === OrganisationType.EMPLOYER) return { filter: { venueId: principal.organisationId }, purpose: 'PLACEMENT', municipal: false };
    throw ProblemException.forbidden("A cooperative's members are for the cooperative and its municipality's coordinators.");
  }

  // ---- Social cooperative: monthly statements ------------------------------------------------------

  /**
   * The cooperative's statement of a member's month. A month in the future, hours beyond 168 a
   * week or reserve spending on anything but investment or training: 400. A second statement of a
   * month is a correction: without a reason 409. Nothing is written unless all holds.
   */
  recordStatement(principal: Principal, dto: RecordStatementDto, request: IdempotentRequest): Promise<Answered<StatementDto>> {
    if (principal.organisationType !== OrganisationType.EMPLOYER) throw ProblemException.forbidden('Only the cooperative states its members’ months.');
    const errors: FieldError[] = [];
    if (dto.month > currentMonth()) errors.push({ field: 'month', message: 'month must not be in the future', code: 'IN_FUTURE' });
    if (dto.hoursWorked > daysIn(dto.month) * 24) errors.push({ field: 'hoursWorked', message: `hoursWorked must not exceed 168 hours a week (${daysIn(dto.month) * 24} in ${dto.month})`, code: 'MAX', params: { max: daysIn(dto.month) * 24 } });
    if (dto.reserveSpendingCents > 0 && !dto.reserveSpendingPurpose) errors.push({ field: 'reserveSpendingPurpose', message: 'reserveSpendingPurpose (INVESTMENT or TRAINING) is required when the reserve is spent', code: 'REQUIRED' });
    if (errors.length) throw ProblemException.validation(errors);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const member = await this.venues.member(dto.memberId, tx);
        if (!member || member.venue_id !== principal.organisationId) throw ProblemException.validation([{ field: 'memberId', message: 'memberId is not a member of your cooperative', code: 'NOT_FOUND' }]);
        if (dto.month < member.joined_on.slice(0, 7)) throw ProblemException.validation([{ field: 'month', message: `month must not be before the member joined (${member.joined_on})`, code: 'END_BEFORE_START' }]);
        const version = await this.venues.nextStatementVersion(tx, member.id, dto.month);
        if (version > 1 && !dto.correctionReason) {
          throw ProblemException.conflict(ProblemType.CONFLICT, `There is a statement for ${dto.month} already (version ${version - 1}): a correction needs a correctionReason; nothing was recorded.`);
        }
        const id = randomUUID();
        const figures = {
          hoursWorked: dto.hoursWorked, revenueInvoicedCents: dto.revenueInvoicedCents, revenueReceivedCents: dto.revenueReceivedCents, declaredCostsCents: dto.declaredCostsCents,
          reserveDepositCents: dto.reserveDepositCents, reserveSpendingCents: dto.reserveSpendingCents, payoutCents: dto.payoutCents,
        };
        await this.venues.insertStatement(tx, {
          id, member_id: member.id, venue_id: member.venue_id, municipality_id: member.municipality_id, month: dto.month, version,
          hours_worked_hundredths: Math.round(dto.hoursWorked * 100), revenue_invoiced_cents: dto.revenueInvoicedCents, revenue_received_cents: dto.revenueReceivedCents,
          declared_costs_cents: dto.declaredCostsCents, reserve_deposit_cents: dto.reserveDepositCents, reserve_spending_cents: dto.reserveSpendingCents,
          reserve_spending_purpose: dto.reserveSpendingPurpose ?? null, payout_cents: dto.payoutCents, net_result_cents: netResult(figures),
          correction_reason: version > 1 ? dto.correctionReason! : null, recordedByOrganisationId: principal.organisationId, recordedByUserId: principal.userId,
        });
        await this.access.logAbout(principal, { candidateId: member.candidate_id, municipalityId: member.municipality_id }, { action: 'CHANGE', purpose: 'PLACEMENT', endpoint: 'POST /cooperative-statements', fields: ['statement'] }, tx);
        await this.venues.completeTask(tx, statementTaskId(member.id, dto.month));
        await this.reviewOutflow(tx, member, dto.month);
        return id;
      },
      answer: async (id) => toStatement((await this.venues.statement(id!))!),
    });
  }

  /** Every version of a member's statements: the cooperative's own members, the municipality's area. */
  async statements(principal: Principal, memberId: string): Promise<StatementDto[]> {
    const { filter, purpose } = this.memberScope(principal);
    const [member] = await this.venues.members({ ...filter, memberId });
    if (!member) throw ProblemException.notFound(`There is no member ${memberId}.`);
    await this.logReads(principal, [member], purpose, 'GET /cooperative-members/{id}/statements', ['statement']);
    return (await this.venues.statements([member.id])).map(toStatement);
  }

  /**
   * After a month's statement: when the member's net result has now stood at or above the
   * cooperative's benefit level for its configured months in a row, the coordinator gets a task to
   * consider a move off the benefit (once per run's last month).
   */
  private async reviewOutflow(tx: EntityManager, member: MemberRow, month: string): Promise<void> {
    const venue = await this.venues.venue(member.venue_id, tx);
    if (!venue) return;
    const versions = await this.venues.dataVersions([venue.id], tx);
    const dataIn = (m: string) => withDataOn(venue, versions, firstDay(m)).venue_data as Partial<SocialCooperativeData>;
    const data = dataIn(month);
    if (data.benefitLevelCents === undefined || data.outflowAfterMonths === undefined) return;
    const newest = newestPerMonth(await this.venues.statements([member.id], tx));
    const results = newest.map((s) => ({ month: s.month, netResultCents: s.net_result_cents }));
    if (consecutiveMonthsAtOrAbove(results, (m) => dataIn(m).benefitLevelCents ?? Infinity, month) !== data.outflowAfterMonths) return;
    await this.venues.openTask(tx, {
      id: outflowReviewTaskId(member.id, month), type: 'cooperative.outflow-review', venueId: member.venue_id, municipalityId: member.municipality_id, memberId: member.id, candidateId: member.candidate_id, month,
      assigneeOrganisationId: member.municipality_id, dueAt: new Date(Date.now() + 14 * 24 * 60 * 60 * 1000),
    });
  }

  // ---- A venue's monthly work as tasks ------------------------------------------------------------

  /** The caller's organisation's venue tasks: a cooperative's statements due, a coordinator's reviews and late statements. */
  async tasks(principal: Principal, query: VenueTaskQueryDto): Promise<VenueTaskListDto> {
    return { items: (await this.venues.tasks(principal.organisationId, query.status ?? 'OPEN')).map(toTask) };
  }

  /** The coordinator decides an outflow review, once per Idempotency-Key; a statement task closes with its statement (409 here). */
  completeTask(principal: Principal, id: string, dto: CompleteVenueTaskDto, request: IdempotentRequest): Promise<Answered<VenueTaskDto>> {
    return this.idempotency.run(principal, request, {
      status: 200,
      write: async (tx) => {
        const [task] = await this.venues.tasks(principal.organisationId, undefined, id, tx);
        if (!task) throw ProblemException.notFound(`There is no task ${id} for your organisation.`);
        if (!task.type.endsWith('.outflow-review')) throw ProblemException.conflict(ProblemType.CONFLICT, 'A statement task is completed by recording the statement (POST /cooperative-statements).');
        if (!(await this.venues.completeTask(tx, id, dto.outcome))) throw ProblemException.conflict(ProblemType.CONFLICT, `Task ${id} is completed already.`);
        return id;
      },
      answer: async (taskId) => toTask((await this.venues.tasks(principal.organisationId, undefined, taskId))[0]),
    });
  }

  // ---- Settlement --------------------------------------------------------------------------------

  /**
   * The income settlement per member and month, from each month's newest statement and the rules
   * in force on its first day: the exemption applied, the amount set off against the benefit, the
   * months of exemption used, and whether the run at or above the benefit level is complete. For
   * the municipality's coordinators (its public task).
   */
  async settlements(principal: Principal, query: SettlementQueryDto): Promise<SettlementListDto> {
    if (!isCoordinator(principal)) throw ProblemException.forbidden("The income settlement is the municipality's: for its coordinators.");
    const members = await this.venues.members({ municipalityId: principal.organisationId, ...(query.memberId ? { memberId: query.memberId } : {}) });
    if (!members.length) return { items: [] };
    const [statements, ruleRows, births, venueRows] = await Promise.all([
      this.venues.statements(members.map((m) => m.id)),
      this.venues.rules(principal.organisationId, 'EARNINGS_EXEMPTION'),
      this.venues.datesOfBirth(members.map((m) => m.candidate_id)),
      this.venues.venues({ municipalityId: principal.organisationId, kind: VenueKind.SOCIAL_COOPERATIVE, limit: 10000 }),
    ]);
    const rules = ruleRows.map((r) => toDatedRule<ExemptionParams>(r));
    const versions = await this.venues.dataVersions(venueRows.map((v) => v.id));
    const venues = new Map(venueRows.map((v) => [v.id, v]));
    const dataIn = (venueId: string, month: string) => (venues.has(venueId) ? withDataOn(venues.get(venueId)!, versions, firstDay(month)).venue_data : {}) as Partial<SocialCooperativeData>;
    const items: SettlementDto[] = [];
    const read: MemberRow[] = [];
    for (const m of members) {
      const newest = newestPerMonth(statements.filter((s) => s.member_id === m.id));
      if (!newest.length) continue;
      read.push(m);
      const dob = births.get(m.candidate_id) ?? null;
      const settled = settleMonths(
        newest.map((s) => ({ month: s.month, netResultCents: s.net_result_cents, age: ageOn(dob, firstDay(s.month)) })),
        { singleParent: m.single_parent, medicalHourLimitation: m.medical_hour_limitation },
        rules,
      );
      const results = newest.map((s) => ({ month: s.month, netResultCents: s.net_result_cents }));
      for (const [i, s] of settled.entries()) {
        if (query.month && s.month !== query.month) continue;
        const venueData = dataIn(m.venue_id, s.month);
        const run = consecutiveMonthsAtOrAbove(results, (month) => dataIn(m.venue_id, month).benefitLevelCents ?? Infinity, s.month);
        items.push({
          memberId: m.id,
          candidateId: m.candidate_id,
          month: s.month,
          statementVersion: newest[i].version,
          netResultCents: s.netResultCents,
          incomeCents: s.incomeCents,
          ...(s.variant ? { variant: s.variant, ruleId: s.ruleId, ruleVersion: s.ruleVersion } : {}),
          exemptionCents: s.exemptionCents,
          setOffCents: s.setOffCents,
          capReached: s.capReached,
          lastExemptionMonth: s.lastExemptionMonth,
          monthsUsed: s.monthsUsed,
          monthsAtOrAboveBenefit: run,
          outflowToConsider: venueData.outflowAfterMonths !== undefined && run === venueData.outflowAfterMonths,
        });
      }
    }
    await this.logReads(principal, read, 'MUNICIPAL_TASK', 'GET /cooperative-settlements', ['settlement']);
    return { items };
  }

  /** The monthly settlement report of the municipality, as CSV (cents, one row per member). */
  async settlementsCsv(principal: Principal, query: SettlementQueryDto): Promise<string> {
    const { items } = await this.settlements(principal, query);
    const members = new Map((await this.venues.members({ municipalityId: principal.organisationId })).map((m) => [m.id, m]));
    const header = [
      'month', 'venue_id', 'member_id', 'candidate_id', 'statement_version', 'net_result_cents', 'income_cents', 'variant', 'rule_id', 'rule_version',
      'exemption_cents', 'set_off_cents', 'cap_reached', 'last_exemption_month', 'months_used_standard', 'months_used_single_parent', 'months_used_medical',
      'months_at_or_above_benefit', 'outflow_to_consider',
    ];
    const rows = items.map((s) => [
      s.month, members.get(s.memberId)?.venue_id, s.memberId, s.candidateId, s.statementVersion, s.netResultCents, s.incomeCents, s.variant, s.ruleId, s.ruleVersion,
      s.exemptionCents, s.setOffCents, s.capReached, s.lastExemptionMonth, s.monthsUsed.STANDARD, s.monthsUsed.SINGLE_PARENT, s.monthsUsed.MEDICAL,
      s.monthsAtOrAboveBenefit, s.outflowToConsider,
    ]);
    return toCsv(header, rows);
  }

  private async logReads(principal: Principal, members: MemberRow[], purpose: Purpose, endpoint: string, fields: string[]): Promise<void> {
    for (const m of members) {
      await this.access.logAbout(principal, { candidateId: m.candidate_id, municipalityId: m.municipality_id }, { action: 'READ', purpose, endpoint, fields });
    }
  }
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** The kind's data must be the venue's own kind's property (required where `required`), no other kind's. */
function kindDataErrors(kind: VenueKind, dto: VenueKindDataDto, required: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const [k, spec] of Object.entries(KIND_DATA) as [VenueKind, (typeof KIND_DATA)[VenueKind]][]) {
    if (k !== kind && dto[spec.property] !== undefined) errors.push({ field: spec.property, message: `${spec.property} belongs to a ${k} venue, not a ${kind}` });
  }
  const own = KIND_DATA[kind].property;
  if (required && dto[own] === undefined) errors.push({ field: own, message: `${own} is required for a ${kind} venue`, code: 'REQUIRED' });
  if (dto.flexWorkspace && dto.flexWorkspace.socialSeats > dto.flexWorkspace.seats) errors.push({ field: 'flexWorkspace.socialSeats', message: 'flexWorkspace.socialSeats must not exceed flexWorkspace.seats' });
  return errors;
}

function toDataVersion(v: VenueDataVersionRow): VenueDataVersionDto {
  return {
    id: v.id, venueId: v.venue_id, version: v.version, validFrom: v.valid_from, data: v.data, reason: v.reason,
    recordedByOrganisationId: v.recorded_by_organisation_id, recordedAt: new Date(v.recorded_at).toISOString(),
  };
}

/** Whole years on a day; an unknown date of birth meets no minimum age. */
function ageOn(dateOfBirth: string | null, day: string): number {
  if (!dateOfBirth) return -1;
  const years = Number(day.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return day.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

/** Each month's newest version, months in order. */
function newestPerMonth(statements: StatementRow[]): StatementRow[] {
  const byMonth = new Map<string, StatementRow>();
  for (const s of statements) if ((byMonth.get(s.month)?.version ?? 0) < s.version) byMonth.set(s.month, s);
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

function toVenue(r: VenueRow): VenueDto {
  const spec = KIND_DATA[r.venue_kind];
  return {
    id: r.id,
    name: r.name,
    kind: r.venue_kind,
    kindLabel: VENUE_KIND_LABELS[r.venue_kind].nl,
    municipalityId: r.municipality_id,
    active: r.active,
    ...(spec.required || Object.keys(r.venue_data).length ? { [spec.property]: r.venue_data } : {}),
  };
}

function toTask(t: VenueTaskRow): VenueTaskDto {
  return {
    id: t.id,
    type: t.type,
    venueId: t.venue_id,
    ...(t.member_id ? { memberId: t.member_id } : {}),
    candidateId: t.candidate_id,
    month: t.month,
    status: t.status,
    dueAt: new Date(t.due_at).toISOString(),
    ...(t.escalated_at ? { escalatedAt: new Date(t.escalated_at).toISOString() } : {}),
    ...(t.completed_at ? { completedAt: new Date(t.completed_at).toISOString() } : {}),
    ...(t.outcome ? { outcome: t.outcome } : {}),
  };
}

function toRule(r: RuleRow): RuleDto {
  return {
    id: r.id,
    ruleSet: r.rule_set,
    variant: r.variant,
    validFrom: r.valid_from,
    ...(r.valid_to ? { validTo: r.valid_to } : {}),
    version: r.version,
    scope: r.municipality_id ? 'MUNICIPALITY' : 'NATIONAL',
    params: Object.fromEntries(Object.entries(r.params).filter(([, v]) => v !== null)),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.recorded_by_organisation_id ? { recordedByOrganisationId: r.recorded_by_organisation_id } : {}),
    recordedAt: r.recorded_at.toISOString(),
  };
}

function toMember(m: MemberRow, municipal: boolean): MemberDto {
  return {
    id: m.id,
    venueId: m.venue_id,
    candidateId: m.candidate_id,
    joinedOn: m.joined_on,
    ...(municipal
      ? { consent: { decisionDate: m.decision_date, legalBasis: m.legal_basis, planReference: m.plan_reference }, singleParent: m.single_parent, medicalHourLimitation: m.medical_hour_limitation }
      : {}),
  };
}

function toStatement(s: StatementRow): StatementDto {
  return {
    id: s.id,
    memberId: s.member_id,
    month: s.month,
    version: s.version,
    hoursWorked: s.hours_worked_hundredths / 100,
    revenueInvoicedCents: s.revenue_invoiced_cents,
    revenueReceivedCents: s.revenue_received_cents,
    declaredCostsCents: s.declared_costs_cents,
    reserveDepositCents: s.reserve_deposit_cents,
    reserveSpendingCents: s.reserve_spending_cents,
    ...(s.reserve_spending_purpose ? { reserveSpendingPurpose: s.reserve_spending_purpose } : {}),
    payoutCents: s.payout_cents,
    netResultCents: s.net_result_cents,
    ...(s.correction_reason ? { correctionReason: s.correction_reason } : {}),
    recordedAt: new Date(s.recorded_at).toISOString(),
  };
}
