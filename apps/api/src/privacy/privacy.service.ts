import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { bsnCipher, Environment } from '../../../../libs/config/src/environment';
import { isValidBsn, type FieldCipher } from '../../../../libs/config/src/field-cipher';
import type {
  BsnDto,
  ChainVerificationDto,
  ConsentLedgerDto,
  ConsentRecordedDto,
  ErasureDto,
  FoundByBsnDto,
  PartyAccessDto,
  PlainAccessLogDto,
  RecordBsnDto,
  RecordConsentDto,
  RectifiedDto,
  RectifyCandidateDto,
  RetentionDto,
} from '../../../../libs/contracts/src/privacy.dto';
import { AccessLogRepository, type AccessLogRow } from '../../../../libs/database/src/repositories/access-log.repository';
import { CandidatesRepository, RECTIFIABLE, type RectifiableField } from '../../../../libs/database/src/repositories/candidates.repository';
import { ConsentsRepository, type StoredConsent } from '../../../../libs/database/src/repositories/consents.repository';
import { ErasuresRepository, type ErasureRecord } from '../../../../libs/database/src/repositories/erasures.repository';
import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import { CARE_PARTS, type JourneyRole } from '../../../../libs/domain/src/access';
import { consentDateProblem, dateOfBirthProblem, dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { JourneyStatus } from '../../../../libs/domain/src/journey';
import { FIELD_LABELS, USER_ROLE_LABELS } from '../../../../libs/domain/src/labels';
import { actingRole, isHostType, OrganisationType, type UserRole } from '../../../../libs/domain/src/organisation';
import { ACCESS_ACTIONS, allowedCategories, CATEGORY_CODES, effectiveConsent, FIELD_CATEGORY, losses, PURPOSES, type ConsentGrant, type Purpose } from '../../../../libs/domain/src/privacy';
import { changeConsentUpdate, withdrawJourneyUpdate } from '../../../../libs/contracts/src/workflows/journey.messages';
import { AccessService, type JourneyAccess } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService, updateIdOf } from '../common/idempotency.service';
import { fieldProblem, ProblemException, ProblemType, type FieldError } from '../problem/problem';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { PrivacyRepository } from './privacy.repository';
import type { YoungPersonExport } from './export-document';

/** Who handles the young person's own rights and consent: the parties that support them. */
const CLOSED: readonly string[] = [JourneyStatus.WITHDRAWN, JourneyStatus.EXITED, JourneyStatus.COMPLETED];

/**
 * The young person's privacy: the consent ledger, rectification, the export of everything held
 * (AVG art. 15 and 20), their own view of the access log, erasure, the BSN and the municipality's
 * retention period. Every read or change of personal data is access-logged with its purpose.
 */
@Injectable()
export class PrivacyService {
  private readonly cipher: FieldCipher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly consents: ConsentsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly erasures: ErasuresRepository,
    private readonly accessLogs: AccessLogRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly privacy: PrivacyRepository,
    private readonly workflows: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
    private readonly env: Environment,
  ) {
    this.cipher = bsnCipher(env);
  }

  // ---- Consent ---------------------------------------------------------------------------------

  /** The ledger, every version, and what each party may see now. */
  async consentLedger(principal: Principal, candidateId: string, purpose: Purpose): Promise<ConsentLedgerDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, CARE_PARTS, 'The consent ledger');
    this.access.requirePurpose(access, purpose);
    const versions = await this.consents.all(candidateId);
    await this.access.log(principal, access, { action: 'READ', purpose, endpoint: 'GET /journeys/{candidateId}/consents', fields: ['consent'] });
    const current = versions.at(-1);
    return { candidateId, ...(current ? { current: toVersionDto(current) } : {}), versions: versions.map(toVersionDto), parties: await this.partyAccess(access, current) };
  }

  /**
   * A new version of the consent. Takes effect on the next request of every party; the workflow
   * gives the open tasks of parties that lost data to the coordinator, and withdrawing everything
   * withdraws the journey. Once per Idempotency-Key: a retry records no second version.
   */
  recordConsent(principal: Principal, candidateId: string, dto: RecordConsentDto, request: IdempotentRequest): Promise<Answered<ConsentRecordedDto>> {
    const future = fieldProblem('givenAt', consentDateProblem(dto.givenAt, dutchDate()));
    if (future) throw ProblemException.validation([future]);
    return this.idempotency.run(principal, request, {
      status: 201,
      answer: async () => {
        const access = await this.access.journey(principal, candidateId);
        this.access.requireRole(access, CARE_PARTS, 'Recording consent');
        await this.validateConsent(access, dto);
        const grants: ConsentGrant[] = dto.withdrawAll
          ? []
          : dto.grants.map((g) => ({ to: g.to.organisationId ? { organisationId: g.to.organisationId } : { role: g.to.role! }, categories: g.categories, purposes: g.purposes }));
        const version = await this.dataSource.transaction(async (tx) => {
          const recorded = await this.consents.append(
            tx,
            candidateId,
            { givenBy: dto.givenBy, givenAt: dto.givenAt, grants, withdrawnAll: !!dto.withdrawAll, recordedBy: { organisationId: principal.organisationId, subject: principal.userId } },
            `${principal.organisationId}:${request.key}`,
          );
          if (recorded.added) {
            await this.access.log(principal, access, { action: 'CHANGE', purpose: 'RIGHTS_REQUEST', endpoint: 'POST /journeys/{candidateId}/consents', fields: ['consent'] }, tx);
          }
          return recorded.version;
        });
        const ledger = await this.consents.all(candidateId);
        const after = ledger.find((v) => v.version === version)!;
        const before = ledger.find((v) => v.version === version - 1);
        const lost = losses(before, after, parties(access));
        const open = !CLOSED.includes(access.journey.status);
        const actor = { organisationId: principal.organisationId, userId: principal.userId };
        if (open && after.withdrawnAll) {
          await this.workflows.act(candidateId, withdrawJourneyUpdate, { actor, reasonCode: 'CONSENT_REVOKED' }, updateIdOf('consent-withdraw', principal, request));
        } else if (open && lost.length) {
          await this.workflows.act(candidateId, changeConsentUpdate, { actor, version, losses: lost }, updateIdOf('consent', principal, request));
        }
        return { version, lost, journeyWithdrawn: open && after.withdrawnAll };
      },
    });
  }

  private async validateConsent(access: JourneyAccess, dto: RecordConsentDto): Promise<void> {
    const errors: FieldError[] = [];
    if (Date.parse(dto.givenAt) > Date.now() + 60_000) errors.push({ field: 'givenAt', message: 'givenAt must not be in the future', code: 'IN_FUTURE' });
    if (dto.withdrawAll && dto.grants.length) errors.push({ field: 'grants', message: 'grants must be empty when withdrawAll is true' });
    const named = dto.grants.flatMap((g) => (g.to.organisationId ? [g.to.organisationId] : []));
    const known = await this.organisations.kinds(named);
    const journeyParties = new Set(parties(access).map((p) => p.organisationId));
    const seen = new Set<string>();
    dto.grants.forEach((g, i) => {
      const field = `grants[${i}].to`;
      if (!!g.to.role === !!g.to.organisationId) errors.push({ field, message: `${field} must name either a role or an organisationId` });
      const id = g.to.organisationId;
      if (id) {
        const kind = known.get(id);
        const host = !!kind && isHostType(kind.type) && kind.municipalityId === access.journey.municipalityId;
        if (!journeyParties.has(id) && !host) errors.push({ field: `${field}.organisationId`, message: `${field}.organisationId is not a party of this journey nor a workplace of its municipality` });
        if (id === access.journey.municipalityId) errors.push({ field: `${field}.organisationId`, message: `${field}.organisationId: the municipality processes on its legal basis, not consent` });
      }
      const key = id ?? g.to.role ?? '';
      if (seen.has(key)) errors.push({ field, message: `${field} is named twice` });
      seen.add(key);
    });
    if (errors.length) throw ProblemException.validation(errors);
  }

  /** Each party of the journey and what it may see under this consent. */
  private async partyAccess(access: JourneyAccess, consent: StoredConsent | undefined): Promise<PartyAccessDto[]> {
    const list = parties(access);
    const names = await this.organisations.kinds(list.map((p) => p.organisationId));
    const effective = effectiveConsent(consent, access.journey.status);
    return list.map((p) => ({
      organisationId: p.organisationId,
      ...(names.get(p.organisationId) ? { organisationName: names.get(p.organisationId)!.name } : {}),
      role: p.role,
      categories: allowedCategories(effective, p.role, p.organisationId),
      legalBasis: p.role === 'MUNICIPALITY' ? 'PUBLIC_TASK' : 'CONSENT',
    }));
  }

  // ---- Rectification ---------------------------------------------------------------------------

  /** A correction on the version last read, once per Idempotency-Key; the access log and the history commit with it. */
  rectify(principal: Principal, candidateId: string, dto: RectifyCandidateDto, request: IdempotentRequest): Promise<Answered<RectifiedDto>> {
    const changes = Object.fromEntries(
      (Object.keys(RECTIFIABLE) as RectifiableField[]).filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]!]),
    ) as Partial<Record<RectifiableField, string>>;
    const fields = Object.keys(changes);
    return this.idempotency.run(principal, request, {
      status: 200,
      write: async (tx) => {
        const access = await this.access.journey(principal, candidateId, tx);
        this.access.requireRole(access, CARE_PARTS, 'Correcting personal data');
        this.access.requirePurpose(access, 'RECTIFICATION');
        if (!fields.length) throw ProblemException.validation([{ field: 'body', message: `name at least one field to correct: ${Object.keys(RECTIFIABLE).join(', ')}` }]);
        const born = changes.dateOfBirth && fieldProblem('dateOfBirth', dateOfBirthProblem(changes.dateOfBirth, dutchDate(), dutchDate(access.journey.referredAt)));
        if (born) throw ProblemException.validation([born]);
        if (!(await this.candidates.rectify(tx, candidateId, dto.version, changes, { organisationId: principal.organisationId, userId: principal.userId, reason: dto.reason }))) {
          const now = await this.candidates.find(candidateId, tx);
          if (!now || now.erased_at) throw ProblemException.notFound(`There is no personal data of candidate ${candidateId} (erased).`);
          throw ProblemException.conflict(ProblemType.CONFLICT, `The data changed since version ${dto.version} (it is at version ${now.version}): read it again and correct that; nothing was changed.`);
        }
        await this.access.log(principal, access, { action: 'CHANGE', purpose: 'RECTIFICATION', endpoint: 'PATCH /journeys/{candidateId}/candidate', fields }, tx);
        return candidateId;
      },
      answer: async () => ({ candidateId, version: dto.version + 1, fields }),
    });
  }

  // ---- The young person's own view: export and access log ---------------------------------------

  /** Everything held about the young person (AVG art. 15 and 20), for the young person. */
  async export(principal: Principal, candidateId: string): Promise<YoungPersonExport> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, CARE_PARTS, 'The export of everything held');
    this.access.requirePurpose(access, 'RIGHTS_REQUEST');
    await this.access.log(principal, access, { action: 'EXPORT', purpose: 'RIGHTS_REQUEST', endpoint: 'GET /journeys/{candidateId}/export', fields: ['everything'] });
    const [row, referral, consents, events, tasks, rectifications, log, erasure, closedAt, sealed] = await Promise.all([
      this.candidates.find(candidateId),
      this.privacy.referral(candidateId),
      this.consents.all(candidateId),
      this.privacy.events(candidateId),
      this.privacy.tasks(candidateId),
      this.candidates.rectifications(candidateId),
      this.accessLogOf(access),
      this.erasures.find(candidateId),
      this.privacy.closedAt(candidateId),
      this.candidates.sealedBsn(candidateId),
    ]);
    const j = access.journey;
    // What the party that hands the export over may see: all of it for the municipality; a care
    // party whose consent was narrowed hands over that part, and says where the rest is.
    const categories = access.categories('RIGHTS_REQUEST');
    const complete = categories.length === CATEGORY_CODES.length;
    const may = (field: string) => categories.includes(FIELD_CATEGORY[field]);
    const bsn = sealed && may('bsn') ? (access.role === 'MUNICIPALITY' ? { bsn: this.cipher.decrypt(sealed) } : { bsnRecorded: true }) : {};
    const personal = row && !row.erased_at
      ? Object.fromEntries(
          Object.entries({ firstName: row.first_name, lastName: row.last_name, dateOfBirth: row.date_of_birth, email: row.email, phone: row.phone, situation: row.situation }).filter(
            ([field, value]) => value != null && may(field),
          ),
        )
      : undefined;
    const progress = categories.includes('PROGRESS');
    return {
      exportedAt: new Date().toISOString(),
      candidateId,
      complete,
      ...(personal ? { personalData: { ...personal, ...bsn, version: row!.version } } : {}),
      referral: referral && {
        referredAt: referral.created_at.toISOString(),
        referrer: { organisationId: referral.referrer_organisation_id, name: referral.referrer_name },
        ...(referral.care_provider_id ? { careProvider: { organisationId: referral.care_provider_id, name: referral.care_provider_name } } : {}),
      },
      journey: { step: j.step, status: j.status, referredAt: j.referredAt.toISOString(), ...(closedAt ? { closedAt: closedAt.toISOString() } : {}), ...(j.route ? { route: j.route } : {}) },
      consents: consents.map(toVersionDto),
      timeline: (progress ? events : []).map((e) => ({
        sequence: e.sequence,
        type: e.type,
        step: e.step,
        occurredAt: e.occurred_at.toISOString(),
        ...(e.task_id ? { taskId: e.task_id } : {}),
        ...(e.actor_organisation_id ? { organisation: { organisationId: e.actor_organisation_id, name: e.actor_organisation_name } } : {}),
        data: e.data,
      })),
      tasks: (progress ? tasks : []).map((t) => ({
        taskId: t.task_id,
        type: t.type,
        step: t.step,
        status: t.status,
        organisation: { organisationId: t.assignee_organisation_id, name: t.assignee_organisation_name },
        createdAt: t.created_at.toISOString(),
        ...(t.closed_at ? { closedAt: t.closed_at.toISOString() } : {}),
      })),
      rectifications: rectifications.filter((r) => may(r.field)).map((r) => ({
        field: r.field,
        oldValue: r.old_value,
        newValue: r.new_value,
        reason: r.reason,
        organisationId: r.organisation_id,
        at: r.occurred_at.toISOString(),
      })),
      accessLog: log.map(plainEntry),
      ...(erasure ? { erasure: toErasureDto(erasure) } : {}),
    };
  }

  /** Who looked at the young person's data, when and why, in plain Dutch (for the young person). */
  async plainAccessLog(principal: Principal, candidateId: string): Promise<PlainAccessLogDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, CARE_PARTS, "The young person's access log");
    this.access.requirePurpose(access, 'RIGHTS_REQUEST');
    await this.access.log(principal, access, { action: 'READ', purpose: 'RIGHTS_REQUEST', endpoint: 'GET /journeys/{candidateId}/access-log', fields: ['accessLog'] });
    return { candidateId, items: (await this.accessLogOf(access)).map(plainEntry) };
  }

  private async accessLogOf(access: JourneyAccess): Promise<AccessLogRow[]> {
    const rows: AccessLogRow[] = [];
    for (let after = 0; ; ) {
      const page = await this.accessLogs.page(access.journey.municipalityId, { candidateId: access.journey.candidateId }, { seq: after, ascending: true }, 1000);
      rows.push(...page);
      if (page.length < 1000) return rows;
      after = page[page.length - 1].chain_seq;
    }
  }

  /** Walks the municipality's access log chain. */
  async verifyAccessLog(principal: Principal): Promise<ChainVerificationDto> {
    this.access.accessLogReader(principal);
    const check = await this.accessLogs.verify(principal.organisationId);
    return {
      intact: !check.broken,
      checked: check.checked,
      ...(check.broken ? { firstBroken: { id: check.broken.chainSeq, problem: check.broken.problem, code: check.broken.code } } : {}),
      ...(check.head ? { head: check.head } : {}),
    };
  }

  // ---- Erasure and retention -------------------------------------------------------------------

  /** Erasure on request: the municipality, for a closed journey (a running one needs the data). */
  erase(principal: Principal, candidateId: string, ground: string, request: IdempotentRequest): Promise<Answered<ErasureDto>> {
    return this.idempotency.run(principal, request, { status: 200, answer: () => this.eraseNow(principal, candidateId, ground) });
  }

  private async eraseNow(principal: Principal, candidateId: string, ground: string): Promise<ErasureDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, ['MUNICIPALITY'], 'Erasure');
    if (!CLOSED.includes(access.journey.status)) {
      throw ProblemException.conflict(
        ProblemType.CONFLICT,
        `The journey is ${access.journey.status.toLowerCase()}: a running journey needs the young person's data. Withdraw or end it first; nothing was erased.`,
      );
    }
    const record = await this.erasures.erase(candidateId, 'REQUEST', { organisationId: principal.organisationId, userId: principal.userId, role: actingRole(principal.roles), ground });
    if (!record) throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    return toErasureDto(record);
  }

  async retention(principal: Principal): Promise<RetentionDto> {
    this.municipality(principal, 'The retention period');
    return this.erasures.retention(principal.organisationId, this.env.RETENTION_DAYS_DEFAULT);
  }

  async setRetention(principal: Principal, days: number | null): Promise<RetentionDto> {
    this.municipality(principal, 'The retention period');
    await this.erasures.setRetention(principal.organisationId, days);
    return this.erasures.retention(principal.organisationId, this.env.RETENTION_DAYS_DEFAULT);
  }

  // ---- BSN -------------------------------------------------------------------------------------

  /** Records the BSN: the municipality only, encrypted, with its keyed hash for lookups. */
  async recordBsn(principal: Principal, candidateId: string, dto: RecordBsnDto): Promise<void> {
    const access = await this.bsnAccess(principal, candidateId);
    if (!isValidBsn(dto.bsn)) throw ProblemException.validation([{ field: 'bsn', message: 'bsn does not pass the eleven test (elfproef)', code: 'FORMAT_BSN' }]);
    const hash = this.cipher.hash(dto.bsn);
    const other = await this.candidates.findByBsnHash(access.journey.municipalityId, hash);
    if (other && other !== candidateId) throw ProblemException.conflict(ProblemType.CONFLICT, 'Another young person of this municipality has this BSN; nothing was recorded.');
    const row = await this.candidates.find(candidateId);
    if (!row || row.erased_at) throw ProblemException.notFound(`There is no personal data of candidate ${candidateId} (erased).`);
    await this.dataSource.transaction(async (tx) => {
      await this.candidates.setBsn(tx, candidateId, this.cipher.encrypt(dto.bsn), hash);
      await this.access.log(principal, access, { action: 'CHANGE', purpose: dto.purpose, endpoint: 'PUT /journeys/{candidateId}/bsn', fields: ['bsn'] }, tx);
    });
  }

  async bsn(principal: Principal, candidateId: string, purpose: Purpose): Promise<BsnDto> {
    const access = await this.bsnAccess(principal, candidateId);
    const sealed = await this.candidates.sealedBsn(candidateId);
    if (!sealed) throw ProblemException.notFound(`No BSN is recorded for candidate ${candidateId}.`);
    await this.access.log(principal, access, { action: 'READ', purpose, endpoint: 'GET /journeys/{candidateId}/bsn', fields: ['bsn'] });
    return { candidateId, bsn: this.cipher.decrypt(sealed) };
  }

  /** Finds the municipality's young person with this BSN (the BSN in the body, never in a URL). */
  async findByBsn(principal: Principal, dto: RecordBsnDto): Promise<FoundByBsnDto> {
    this.municipality(principal, 'Finding a young person by BSN');
    if (!isValidBsn(dto.bsn)) throw ProblemException.validation([{ field: 'bsn', message: 'bsn does not pass the eleven test (elfproef)', code: 'FORMAT_BSN' }]);
    const candidateId = await this.candidates.findByBsnHash(principal.organisationId, this.cipher.hash(dto.bsn));
    if (!candidateId) throw ProblemException.notFound('No young person of your municipality has this BSN.');
    const access = await this.access.journey(principal, candidateId);
    await this.access.log(principal, access, { action: 'READ', purpose: dto.purpose, endpoint: 'POST /journeys/find-by-bsn', fields: ['bsn'] });
    return { candidateId };
  }

  private async bsnAccess(principal: Principal, candidateId: string): Promise<JourneyAccess> {
    this.municipality(principal, 'The BSN');
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, ['MUNICIPALITY'], 'The BSN');
    return access;
  }

  private municipality(principal: Principal, what: string): void {
    if (principal.organisationType !== OrganisationType.MUNICIPALITY) throw ProblemException.forbidden(`${what} is the municipality's alone.`);
  }

}

/** The journey's parties and their part. */
function parties(access: JourneyAccess): { organisationId: string; role: JourneyRole }[] {
  const j = access.journey;
  const list: { organisationId: string; role: JourneyRole }[] = [{ organisationId: j.municipalityId, role: 'MUNICIPALITY' }];
  if (j.careProviderId) list.push({ organisationId: j.careProviderId, role: 'CARE_PROVIDER' });
  if (j.referrerOrganisationId !== j.careProviderId) list.push({ organisationId: j.referrerOrganisationId, role: 'REFERRER' });
  for (const id of j.employerIds) if (!list.some((p) => p.organisationId === id)) list.push({ organisationId: id, role: 'HOST' });
  return list;
}

function toVersionDto(v: StoredConsent): ConsentLedgerDto['versions'][number] {
  return { version: v.version, givenBy: v.givenBy, givenAt: v.givenAt, grants: v.grants, withdrawnAll: v.withdrawnAll, recordedBy: v.recordedBy, recordedAt: v.recordedAt };
}

function toErasureDto(r: ErasureRecord): ErasureDto {
  return { candidateId: r.candidateId, reason: r.reason, ...(r.ground ? { ground: r.ground } : {}), erased: r.erased, erasedAt: r.erasedAt };
}

/** One access, as the young person reads it: which organisation in which role, what, which data, why. */
function plainEntry(r: AccessLogRow): PlainAccessLogDto['items'][number] {
  const role = r.role && USER_ROLE_LABELS[r.role as UserRole] ? USER_ROLE_LABELS[r.role as UserRole].nl : undefined;
  const organisation = r.endpoint === 'retention schedule' ? `${r.actor_organisation_name ?? 'de gemeente'} (automatisch, bewaartermijn)` : r.actor_organisation_name ?? (r.endpoint === 'retention schedule' ? 'de gemeente (automatisch)' : 'een organisatie');
  return {
    when: r.occurred_at.toISOString(),
    who: role ? `${organisation} (${role})` : organisation,
    what: ACCESS_ACTIONS[r.action]?.nl ?? r.action,
    which: r.fields.map((f) => FIELD_LABELS[f]?.nl ?? f).join(', '),
    why: r.purpose ? PURPOSES[r.purpose].nl : 'niet vastgelegd (van vóór de vastlegging van het doel)',
  };
}
