import { Injectable } from '@nestjs/common';
import type {
  AccessLogPageDto,
  AccessLogQueryDto,
  CandidateDetailsViewDto,
  DuplicatesDto,
  TimelinePageDto,
  TimelineQueryDto,
} from '../../../../libs/contracts/src/journey-read.dto';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import type { JourneyEntity } from '../../../../libs/database/src/entities';
import { REFERRED_IN_ERROR } from '../../../../libs/domain/src/journey';
import { actingRole, OrganisationType } from '../../../../libs/domain/src/organisation';
import { CARE_PARTS } from '../../../../libs/domain/src/access';
import { caseworkPurpose, type Purpose } from '../../../../libs/domain/src/privacy';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { CandidatesRepository } from '../../../../libs/database/src/repositories/candidates.repository';
import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService, updateIdOf } from '../common/idempotency.service';
import { decodeSequenceCursor, encodeSequenceCursor } from '../common/newest-first-cursor';
import { ProblemException } from '../problem/problem';
import { JourneysRepository, type EventRow } from './journeys.repository';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import type { JourneyActDto, ReassignTaskDto, TaskActResultDto, TransferDto } from '../../../../libs/contracts/src/task.dto';
import {
  exitJourneyUpdate,
  pauseJourneyUpdate,
  reassignTaskUpdate,
  resumeJourneyUpdate,
  transferCareProviderUpdate,
  withdrawJourneyUpdate,
} from '../../../../libs/contracts/src/workflows/journey.messages';

const actorOf = (p: Principal) => ({ organisationId: p.organisationId, userId: p.userId });

export type JourneyAct = 'pause' | 'resume' | 'withdraw' | 'exit' | 'referral-error';
/** A referral made in error is a withdrawal with its own reason for the workflow (REFERRED_IN_ERROR), its own act for the parties. */
const ACT_UPDATES = { pause: pauseJourneyUpdate, resume: resumeJourneyUpdate, withdraw: withdrawJourneyUpdate, exit: exitJourneyUpdate, 'referral-error': withdrawJourneyUpdate };

@Injectable()
export class JourneysService {
  constructor(
    private readonly journeys: JourneysRepository,
    private readonly workflows: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
    private readonly organisations: OrganisationsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly accessLogs: AccessLogRepository,
  ) {}

  /** Pause, resume, withdrawal (consent revoked), a referral made in error or exit; the workflow decides who may. */
  act(principal: Principal, candidateId: string, act: JourneyAct, dto: JourneyActDto, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    const reasonCode = act === 'referral-error' ? REFERRED_IN_ERROR : dto.reasonCode;
    return this.journeyAct(principal, request, candidateId, () =>
      this.workflows.act(candidateId, ACT_UPDATES[act], { actor: actorOf(principal), reasonCode }, updateIdOf(act, principal, request)),
    );
  }

  transfer(principal: Principal, candidateId: string, dto: TransferDto, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.journeyAct(principal, request, candidateId, async () => {
      if ((await this.organisations.kinds([dto.careProviderId])).get(dto.careProviderId)?.type !== OrganisationType.CARE_PROVIDER) {
        throw ProblemException.validation([{ field: 'careProviderId', message: 'no care provider with this id', code: 'NOT_FOUND' }]);
      }
      return this.workflows.act(candidateId, transferCareProviderUpdate, { actor: actorOf(principal), careProviderId: dto.careProviderId }, updateIdOf('transfer', principal, request));
    });
  }

  reassign(principal: Principal, candidateId: string, taskId: string, dto: ReassignTaskDto, request: IdempotentRequest): Promise<Answered<TaskActResultDto>> {
    return this.journeyAct(principal, request, candidateId, async () => {
      if (!(await this.organisations.kinds([dto.organisationId])).has(dto.organisationId)) {
        throw ProblemException.validation([{ field: 'organisationId', message: 'no organisation with this id', code: 'NOT_FOUND' }]);
      }
      return this.workflows.act(
        candidateId,
        reassignTaskUpdate,
        { taskId, actor: actorOf(principal), to: { organisationId: dto.organisationId, role: dto.role, ...(dto.userId ? { userId: dto.userId } : {}) }, reasonCode: dto.reasonCode },
        updateIdOf('reassign', principal, request),
      );
    });
  }

  /** An act on a journey the caller takes part in, once per Idempotency-Key. */
  private journeyAct(principal: Principal, request: IdempotentRequest, candidateId: string, act: () => Promise<TaskActResultDto>): Promise<Answered<TaskActResultDto>> {
    return this.idempotency.run(principal, request, {
      status: 200,
      answer: async () => {
        await this.participantJourney(principal, candidateId);
        return act();
      },
    });
  }

  /** The journey from the read model (the projection the workflow keeps). */
  async get(principal: Principal, candidateId: string): Promise<JourneyDto> {
    const access = await this.access.journey(principal, candidateId);
    const row = access.journey;
    const { person, fields } = await this.access.person(principal, candidateId);
    // Naming the young person is a read of their data: logged with the purpose of the party's casework.
    if (fields.length) await this.access.log(principal, access, { purpose: caseworkPurpose(access.role), endpoint: 'GET /journeys/{candidateId}', fields });
    return Object.assign(new JourneyDto(), {
      candidateId: row.candidateId,
      workflowId: row.workflowId,
      step: row.step,
      status: row.status,
      municipalityId: row.municipalityId,
      careProviderId: row.careProviderId,
      referrerOrganisationId: row.referrerOrganisationId,
      sequence: row.sequence,
      referredAt: row.referredAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      ...(person ? { person } : {}),
    });
  }

  /** What happened, who did it, when; each party sees what concerns it (a host: its own part). */
  async timeline(principal: Principal, candidateId: string, query: TimelineQueryDto): Promise<TimelinePageDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireCategory(access, 'PROGRESS', 'timeline');
    const { role } = access;
    const limit = query.limit ?? 100;
    const visible: EventRow[] = [];
    let after = query.after ?? 0;
    // Read on until a page (and one more, to know there is a next) is visible to this party.
    for (let batch: EventRow[] = []; visible.length <= limit; after = batch[batch.length - 1].sequence) {
      batch = await this.journeys.timeline(candidateId, after, 200);
      for (const e of batch) {
        const shown = this.access.timelineEntry(principal, role, { ...e, actorOrganisationId: e.actor_organisation_id });
        if (shown) visible.push({ ...e, data: shown.data });
      }
      if (batch.length < 200) break;
    }
    const items = visible.slice(0, limit).map((e) => {
      const actor = this.access.actor(principal, e);
      return {
        sequence: e.sequence,
        type: e.type,
        step: e.step,
        occurredAt: e.occurred_at.toISOString(),
        ...(actor ? { actor } : {}),
        ...(e.task_id ? { taskId: e.task_id } : {}),
        data: e.data,
      };
    });
    return { items, ...(visible.length > limit ? { nextCursor: items[items.length - 1].sequence } : {}) };
  }

  /**
   * The young person's personal data, as much as the caller's party needs and the consent allows
   * for the purpose it names; every read is written to the access log first (no log, no data).
   */
  async candidate(principal: Principal, candidateId: string, purpose: Purpose): Promise<CandidateDetailsViewDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireOwnPurpose(access, purpose);
    const row = await this.candidates.find(candidateId);
    if (!row || row.erased_at) throw ProblemException.notFound(`There is no personal data for candidate ${candidateId}.`);
    const fields = this.access.personalData(access, purpose, {
      firstName: row.first_name,
      lastName: row.last_name,
      dateOfBirth: row.date_of_birth,
      email: row.email,
      phone: row.phone,
      situation: row.situation,
      consent: { givenBy: row.consent_given_by, givenAt: row.consent_given_at.toISOString() },
    });
    // Nothing the caller may see for this purpose: the record does not exist for it.
    if (!Object.keys(fields).length) throw ProblemException.notFound(`There is no personal data for you of candidate ${candidateId} (for ${purpose}).`);
    await this.access.log(principal, access, { purpose, endpoint: 'GET /journeys/{candidateId}/candidate', fields: Object.keys(fields) });
    return { candidateId, version: row.version, ...fields } as CandidateDetailsViewDto;
  }

  /**
   * Other open journeys that may be of the same young person (same municipality, name and date of
   * birth): counted for every care part, linked only where the caller takes part. The match reads
   * the other young people's data: each is written to the access log.
   */
  async duplicates(principal: Principal, candidateId: string): Promise<DuplicatesDto> {
    const access = await this.access.journey(principal, candidateId);
    this.access.requireRole(access, CARE_PARTS, 'Looking for the same young person referred twice');
    const others = await this.candidates.openNamesakes(candidateId);
    const candidateIds: string[] = [];
    for (const other of others) {
      await this.accessLogs.record({
        candidateId: other,
        municipalityId: access.journey.municipalityId,
        organisationId: principal.organisationId,
        userId: principal.userId,
        role: actingRole(principal.roles),
        action: 'READ',
        purpose: 'INTAKE',
        endpoint: 'GET /journeys/{candidateId}/duplicates',
        fields: ['firstName', 'lastName', 'dateOfBirth'],
      });
      if (await this.access.journey(principal, other).then(() => true, (e: unknown) => (e instanceof ProblemException && e.getStatus() === 404 ? false : Promise.reject(e)))) {
        candidateIds.push(other);
      }
    }
    return { count: others.length, candidateIds };
  }

  /** Who read which young person's data, for the municipality of those young people: newest first unless `after` asks for chain order. */
  async accessLog(principal: Principal, query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    this.access.accessLogReader(principal);
    if (query.from && query.to && query.from > query.to) throw ProblemException.validation([{ field: 'to', message: 'to must not be before from', code: 'END_BEFORE_START' }]);
    const limit = query.limit ?? 100;
    const position = query.cursor ? decodeSequenceCursor(query.cursor) : query.after !== undefined ? { seq: query.after, ascending: true } : undefined;
    const filter = { candidateId: query.candidate, organisationId: query.organisation, purpose: query.purpose, from: query.from, to: query.to };
    const rows = await this.accessLogs.page(principal.organisationId, filter, position, limit + 1);
    const items = rows.slice(0, limit).map((r) => ({
      id: r.chain_seq,
      occurredAt: r.occurred_at.toISOString(),
      ...(r.candidate_id ? { candidateId: r.candidate_id } : {}),
      ...(r.candidate_ids ? { candidateIds: r.candidate_ids } : {}),
      actor: this.access.actor(principal, r)!,
      ...(r.role ? { role: r.role } : {}),
      action: r.action,
      ...(r.purpose ? { purpose: r.purpose } : {}),
      endpoint: r.endpoint,
      fields: r.fields,
    }));
    const next = rows.length > limit ? { seq: items[items.length - 1].id, ascending: position?.ascending ?? false } : undefined;
    return { items, ...(next ? { nextCursor: encodeSequenceCursor(next) } : {}) };
  }

  /** Another party's journey does not exist for this caller: 404, not 403. */
  private async participantJourney(principal: Principal, candidateId: string): Promise<JourneyEntity> {
    return (await this.access.journey(principal, candidateId)).journey;
  }
}
