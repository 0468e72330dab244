import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JourneyDto, type CreateReferralDto, type ReferralCreatedDto, type ReferralPageDto, type ReferralQueryDto } from '../../../../libs/contracts/src/referral.dto';
import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import { consentDateProblem, dateOfBirthProblem, dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { journeyWorkflowId } from '../../../../libs/domain/src/journey';
import { actingRole, OrganisationType, REFERRER_TYPES } from '../../../../libs/domain/src/organisation';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import { decodeNewestFirstCursor, encodeNewestFirstCursor } from '../common/newest-first-cursor';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { fieldProblem, ProblemException, type FieldError } from '../problem/problem';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { ReferralsRepository } from './referrals.repository';

@Injectable()
export class ReferralsService {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly journeys: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
    private readonly organisations: OrganisationsRepository,
    private readonly access: AccessService,
  ) {}

  /**
   * Records the referral and starts the young person's journey, once per Idempotency-Key: a
   * retry after a failure starts the journey of the referral the first attempt recorded.
   */
  refer(principal: Principal, dto: CreateReferralDto, request: IdempotentRequest): Promise<Answered<ReferralCreatedDto>> {
    if (!REFERRER_TYPES.includes(principal.organisationType)) {
      throw ProblemException.forbidden('Only care providers and schools refer young people.');
    }
    const today = dutchDate();
    const dates = [
      fieldProblem('candidate.dateOfBirth', dateOfBirthProblem(dto.candidate.dateOfBirth, today)),
      fieldProblem('consent.givenAt', consentDateProblem(dto.consent.givenAt, today)),
    ].filter((e) => !!e);
    if (dates.length) throw ProblemException.validation(dates);
    return this.idempotency.run(principal, request, {
      status: 201,
      write: async (tx) => {
        const careProviderId = await this.careProviderOf(principal, dto);
        const candidateId = randomUUID();
        await this.referrals.create(tx, { candidateId, referralId: randomUUID(), referrerOrganisationId: principal.organisationId, userId: principal.userId, role: actingRole(principal.roles), careProviderId, dto });
        return candidateId;
      },
      answer: async (candidateId) => {
        const referral = (await this.referrals.find(candidateId!))!;
        const snapshot = await this.journeys.startJourney({
          candidateId: candidateId!,
          municipalityId: referral.municipalityId,
          careProviderId: referral.careProviderId,
          referrerOrganisationId: referral.referrerOrganisationId,
          referrerUserId: principal.userId,
          referredAt: referral.referredAt.toISOString(),
        });
        return { candidateId: candidateId!, journey: JourneyDto.fromSnapshot(snapshot, journeyWorkflowId(candidateId!)) };
      },
    });
  }

  /**
   * The referrals a party deals with, newest first: a municipality those of its area (to accept or
   * reject through the intake.accept task), a referrer its own, a care provider those it supports.
   */
  async list(principal: Principal, query: ReferralQueryDto): Promise<ReferralPageDto> {
    const column =
      principal.organisationType === OrganisationType.MUNICIPALITY
        ? 'municipality_id'
        : principal.organisationType === OrganisationType.SCHOOL
          ? 'referrer_organisation_id'
          : principal.organisationType === OrganisationType.CARE_PROVIDER
            ? 'care_provider_id'
            : undefined;
    if (!column) throw ProblemException.forbidden('Employers take no part in referrals.');
    const limit = query.limit ?? 50;
    const before = query.cursor ? decodeNewestFirstCursor(query.cursor) : undefined;
    const rows = await this.referrals.list({ column, organisationId: principal.organisationId, intake: query.intake, before, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const people = await this.access.people(principal, page.map((r) => r.candidate_id), 'GET /referrals');
    const items = page.map((r) => ({
      referralId: r.id,
      candidateId: r.candidate_id,
      referrerOrganisationId: r.referrer_organisation_id,
      municipalityId: r.municipality_id,
      ...(r.care_provider_id ? { careProviderId: r.care_provider_id } : {}),
      consent: { givenBy: r.consent_given_by as 'CANDIDATE', givenAt: r.consent_given_at.toISOString() },
      referredAt: r.created_at.toISOString(),
      intake: r.intake,
      step: r.step,
      status: r.status,
      ...(people.has(r.candidate_id) ? { person: people.get(r.candidate_id) } : {}),
    }));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, ...(last ? { nextCursor: encodeNewestFirstCursor(last) } : {}) };
  }

  /**
   * The care provider a referral names, by the rule: a referral is made in the referrer's own
   * municipality; a care provider refers its own clients (it is the care provider, named or left
   * out), so it never hands another provider a client and tasks that provider did not accept; a
   * school may name a care provider of its municipality (one that already supports the young
   * person; the municipality's intake decides), or none (it then does the care provider's tasks).
   */
  private async careProviderOf(principal: Principal, dto: CreateReferralDto): Promise<string | undefined> {
    const found = await this.organisations.kinds([principal.organisationId, dto.municipalityId, ...(dto.careProviderId ? [dto.careProviderId] : [])]);
    const area = found.get(principal.organisationId)?.municipalityId;
    const errors: FieldError[] = [];
    if (found.get(dto.municipalityId)?.type !== OrganisationType.MUNICIPALITY || dto.municipalityId !== area) {
      errors.push({ field: 'municipalityId', message: "municipalityId must be the municipality your organisation works in" });
    }
    let careProviderId = dto.careProviderId;
    if (principal.organisationType === OrganisationType.CARE_PROVIDER) {
      if (careProviderId && careProviderId !== principal.organisationId) {
        errors.push({ field: 'careProviderId', message: 'a care provider refers its own clients: careProviderId must be your organisation, or left out' });
      }
      careProviderId = principal.organisationId;
    } else if (careProviderId) {
      const named = found.get(careProviderId);
      if (named?.type !== OrganisationType.CARE_PROVIDER || named.municipalityId !== area) {
        errors.push({ field: 'careProviderId', message: 'no care provider with this id in your municipality', code: 'NOT_FOUND' });
      }
    }
    if (errors.length) throw ProblemException.validation(errors);
    return careProviderId;
  }
}
