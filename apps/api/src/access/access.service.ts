import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessLogRepository, type AccessLogEntry } from '../../../../libs/database/src/repositories/access-log.repository';
import type { ActorDto } from '../../../../libs/contracts/src/journey-read.dto';
import {
  hostMayActOnOwnTask,
  hostPartRunning,
  journeyRole,
  personalFields,
  personSummary,
  summaryFields,
  readsAccessLog,
  seesUserNames,
  taskContextParts,
  visibleTimelineEntry,
  type JourneyRole,
  type PersonalField,
  type TaskContextPart,
  type TimelineFacts,
} from '../../../../libs/domain/src/access';
import { actingRole } from '../../../../libs/domain/src/organisation';
import type { JourneyEntity } from '../../../../libs/database/src/entities';
import type { ActorRow } from '../../../../libs/database/src/repositories/actors';
import { ConsentsRepository, type StoredConsent } from '../../../../libs/database/src/repositories/consents.repository';
import { allowedCategories, caseworkPurpose, effectiveConsent, purposesOf, FIELD_CATEGORY, type ConsentVersion, type DataCategory, type Purpose } from '../../../../libs/domain/src/privacy';
import type { PersonDto } from '../../../../libs/contracts/src/person.dto';
import type { JourneyStep } from '../../../../libs/domain/src/journey';
import { PeopleRepository, type PersonRow } from './people.repository';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem';
import { daysSince } from '../../../../libs/domain/src/candidate-dates';

/**
 * The one access check of the API: every read of a journey, its timeline, its tasks and the young
 * person's data asks here, and the rules it applies are libs/domain/src/access.ts.
 */
/** The caller's access to one journey: its part, the consent, and the categories of data that leaves it. */
export interface JourneyAccess {
  journey: JourneyEntity;
  role: JourneyRole;
  consent?: StoredConsent;
  categories(purpose?: Purpose): DataCategory[];
}

/** A list row's `person` from what AccessService.people found: none when the young person is not to be named. */
export function personOf(people: ReadonlyMap<string, PersonDto>, candidateId: string | null | undefined): { person?: PersonDto } {
  const person = candidateId ? people.get(candidateId) : undefined;
  return person ? { person } : {};
}

/** What a list read adds to the names it shows. */
export interface ListRead {
  /** The caller hosts every young person listed (a venue's members, participants or workers), whether or not the journey names it. */
  hosted?: boolean;
  /** The list's own personal data of each young person (a venue's register), logged in the same entry as the names. */
  fields?: readonly string[];
}

@Injectable()
export class AccessService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly accessLogs: AccessLogRepository,
    private readonly peopleRows: PeopleRepository,
  ) {}

  /**
   * Who the young people of a list page are, as far as the caller's part and the consent allow,
   * in one query; the list read is access-logged once (per municipality whose young people it
   * shows, each its own chain), naming the young people shown and the purpose. A young person the
   * caller takes no part with, or whose consent no longer covers it, is not named. A venue's list
   * (`list`) names its young people as their host, and logs its own data of them in the same entry.
   */
  async people(principal: Principal, candidateIds: readonly string[], endpoint: string, list: ListRead = {}): Promise<Map<string, PersonDto>> {
    const found = await this.summaries(principal, candidateIds, list.hosted);
    const logs = new Map<string, { municipalityId: string; purpose: Purpose; candidateIds: string[]; fields: Set<string> }>();
    for (const [candidateId, one] of found) {
      const fields = [...one.fields, ...(list.fields ?? [])];
      if (!fields.length) continue;
      const key = `${one.municipalityId}:${one.purpose}`;
      const log = logs.get(key) ?? { municipalityId: one.municipalityId, purpose: one.purpose, candidateIds: [], fields: new Set<string>() };
      log.candidateIds.push(candidateId);
      fields.forEach((f) => log.fields.add(f));
      logs.set(key, log);
    }
    for (const log of logs.values()) {
      await this.accessLogs.record({
        candidateIds: log.candidateIds,
        municipalityId: log.municipalityId,
        organisationId: principal.organisationId,
        userId: principal.userId,
        role: actingRole(principal.roles),
        purpose: log.purpose,
        endpoint,
        fields: [...log.fields],
      });
    }
    return new Map([...found].flatMap(([id, one]) => (one.person ? [[id, one.person] as const] : [])));
  }

  /**
   * Who one young person is, for a page about them; the caller logs the read with the page's
   * other personal data (fields), in one entry.
   */
  async person(principal: Principal, candidateId: string): Promise<{ person?: PersonDto; fields: string[] }> {
    const one = (await this.summaries(principal, [candidateId])).get(candidateId);
    return one ? { person: one.person, fields: one.fields } : { fields: [] };
  }

  /** The person summaries the caller may see, with the municipality, purpose and personal fields each shows. */
  private async summaries(principal: Principal, candidateIds: readonly string[], hosted = false): Promise<Map<string, { person?: PersonDto; municipalityId: string; purpose: Purpose; fields: string[] }>> {
    const rows = await this.peopleRows.find([...new Set(candidateIds)]);
    const roles = new Map(
      rows.map((row) => [
        row.candidate_id,
        journeyRole(principal, { municipalityId: row.municipality_id, careProviderId: row.care_provider_id, referrerOrganisationId: row.referrer_organisation_id, employerIds: row.employer_ids }) ??
          (hosted ? ('HOST' as const) : undefined),
      ]),
    );
    const hostFacts = hosted ? new Map() : await this.peopleRows.hostFacts(undefined, rows.filter((row) => roles.get(row.candidate_id) === 'HOST').map((row) => row.candidate_id));
    const found = new Map<string, { person?: PersonDto; municipalityId: string; purpose: Purpose; fields: string[] }>();
    for (const row of rows) {
      const role = roles.get(row.candidate_id);
      if (!role) continue;
      // A host whose part ended no longer learns who the young person is (its own answers stay on its
      // list); a venue's own members, participants and workers (`hosted`) are its part while listed.
      if (role === 'HOST' && !hosted && !hostPartRunning(principal.organisationId, row.status, hostFacts.get(row.candidate_id) ?? [])) continue;
      const purpose = caseworkPurpose(role);
      const categories = allowedCategories(effectiveConsent(consentOf(row), row.status), role, principal.organisationId, purpose);
      if (!categories.length) {
        found.set(row.candidate_id, { municipalityId: row.municipality_id, purpose, fields: [] });
        continue;
      }
      const summary = personSummary(role, categories.includes('IDENTITY'), { firstName: row.first_name, lastName: row.last_name, dateOfBirth: row.date_of_birth }, row.today);
      // A host learns where the young person is only when that is itself.
      const host = role !== 'HOST' || row.host_id === principal.organisationId;
      const person: PersonDto = {
        ...summary,
        ...(role !== 'HOST' ? { referredAt: row.referred_at.toISOString() } : {}),
        ...(row.referrer_name ? { referrerName: row.referrer_name } : {}),
        step: row.step as JourneyStep,
        ...(row.host_name && host ? { hostName: row.host_name } : {}),
        daysRunning: daysSince(row.referred_at, row.today),
      };
      found.set(row.candidate_id, { person, municipalityId: row.municipality_id, purpose, fields: summaryFields(summary) });
    }
    return found;
  }

  /**
   * Writes the access log's record of the caller's read or change of the young person's data (in
   * the caller's transaction when given): who, in which role, what, why, through which endpoint.
   */
  log(principal: Principal, access: JourneyAccess, entry: Pick<AccessLogEntry, 'action' | 'purpose' | 'endpoint' | 'fields'>, tx?: EntityManager): Promise<void> {
    return this.logAbout(principal, { candidateId: access.journey.candidateId, municipalityId: access.journey.municipalityId }, entry, tx);
  }

  /**
   * The same record for a read or change of a young person's data held by a venue (a member's
   * statement, a worker in a register, a participant's booking), named by candidate and municipality.
   */
  logAbout(principal: Principal, about: { candidateId: string; municipalityId: string }, entry: Pick<AccessLogEntry, 'action' | 'purpose' | 'endpoint' | 'fields'>, tx?: EntityManager): Promise<void> {
    return this.accessLogs.record(
      {
        ...about,
        organisationId: principal.organisationId,
        userId: principal.userId,
        role: actingRole(principal.roles),
        ...entry,
      },
      tx,
    );
  }

  /**
   * The journey and the caller's part in it; a journey it takes no part in, or whose consent no
   * longer covers it, does not exist for it (404). Inside a command's transaction, pass its
   * manager: the reads then use the transaction's connection instead of taking a second one from
   * the pool (which, under many concurrent commands, could wait for ever).
   */
  async journey(principal: Principal, candidateId: string, tx?: EntityManager, options: { ownTask?: boolean } = {}): Promise<JourneyAccess> {
    // Both read at once (one round trip's wait instead of two); the consent is only used for a party of the journey.
    // Inside a transaction both go through its one connection, one after the other, as its driver queues them.
    const [journey, current] = await Promise.all([this.peopleRows.journey(candidateId, tx), this.consents.current(candidateId, tx)]);
    const role = journey ? journeyRole(principal, journey) : undefined;
    if (!journey || !role) throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    // A host takes part while it is asked: before, and once its part ended, the journey does not exist for it.
    // An act on a task of its own (the caller checks the assignee) rests on hostMayActOnOwnTask.
    if (role === 'HOST' && !(options.ownTask ? hostMayActOnOwnTask(journey.status) : hostPartRunning(principal.organisationId, journey.status, (await this.peopleRows.hostFacts(tx, [candidateId])).get(candidateId)!))) {
      throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    }
    // A withdrawn journey ends every party's access (the municipality keeps what the law keeps).
    const consent = effectiveConsent(current, journey.status);
    const categories = (purpose?: Purpose) => allowedCategories(consent, role, principal.organisationId, purpose);
    // Consent withdrawn for this party (or entirely): the journey no longer exists for it.
    if (!categories().length) throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    return { journey, role, consent, categories };
  }

  /** A part of the young person's data under consent: 404 when the caller may not see that category (the record does not exist for it). */
  requireCategory(access: JourneyAccess, category: DataCategory, what: string): void {
    if (!access.categories().includes(category)) throw ProblemException.notFound(`There is no ${what} for you on this journey.`);
  }

  /** A task exists for its assignee organisation only (404 for anyone else). */
  task<T extends { assignee_organisation_id: string }>(principal: Principal, task: T | undefined, taskId: string): T {
    if (!task || task.assignee_organisation_id !== principal.organisationId) throw ProblemException.notFound(`There is no task ${taskId} for your organisation on this journey.`);
    return task;
  }

  /** The young person's personal data this part may read for this purpose under the consent, and nothing else. */
  personalData<T extends Partial<Record<PersonalField, unknown>>>(access: JourneyAccess, purpose: Purpose, data: T): Partial<T> {
    const allowed = personalFields(access.role) as readonly string[];
    const categories = access.categories(purpose);
    return Object.fromEntries(Object.entries(data).filter(([field, value]) => allowed.includes(field) && categories.includes(FIELD_CATEGORY[field]) && value != null)) as Partial<T>;
  }

  /** The parts of a task's context the caller's organisation may see under the consent. */
  taskContext<T extends Partial<Record<TaskContextPart, unknown>>>(principal: Principal, access: JourneyAccess, purpose: Purpose, context: T): Partial<T> {
    const allowed = taskContextParts(principal.organisationType) as readonly string[];
    const categories = access.categories(purpose);
    return Object.fromEntries(
      Object.entries(context).filter(([part, value]) => allowed.includes(part) && value !== undefined && (!FIELD_CATEGORY[part] || categories.includes(FIELD_CATEGORY[part]))),
    ) as Partial<T>;
  }

  /** A timeline entry as this part may see it, or undefined. */
  timelineEntry<T extends TimelineFacts>(principal: Principal, role: JourneyRole, entry: T): T | undefined {
    return visibleTimelineEntry(role, principal, entry) as T | undefined;
  }

  /** Who acted, as this reader may see it: the user only where the rules allow. */
  actor(reader: Principal, row: ActorRow): ActorDto | undefined {
    if (!row.actor_organisation_id) return undefined;
    const role = actingRole(row.actor_user_roles ?? []);
    return {
      organisationId: row.actor_organisation_id,
      ...(row.actor_organisation_name ? { organisationName: row.actor_organisation_name } : {}),
      ...(role ? { role } : {}),
      ...(row.actor_user_id && seesUserNames(reader, row.actor_organisation_id) ? { userId: row.actor_user_id, userName: row.actor_user_name ?? undefined } : {}),
    };
  }

  /** The access log is the municipality's (403 for anyone else). */
  accessLogReader(principal: Principal): void {
    if (!readsAccessLog(principal)) throw ProblemException.forbidden('Only a municipality reads its access log.');
  }

  /** The caller's part must be one of these (403: it takes part in the journey, but not this way). */
  requireRole(access: JourneyAccess, roles: readonly JourneyRole[], what: string): void {
    if (!roles.includes(access.role)) throw ProblemException.forbidden(`${what}: not for your part in this journey.`);
  }

  /**
   * The purpose a read names must be one its part has at all (400 with the field, nothing read):
   * the coordinator does not read "to support the young person", a care worker not "for the
   * municipality's public task".
   */
  requireOwnPurpose(access: JourneyAccess, purpose: Purpose): void {
    const own = purposesOf(access.role);
    if (!own.includes(purpose)) throw ProblemException.validation([{ field: 'purpose', message: `purpose must be one of ${own.join(', ')} for your part in this journey`, code: 'ENUM' }]);
  }

  /** The consent must allow this purpose for this party (403 otherwise). */
  requirePurpose(access: JourneyAccess, purpose: Purpose): void {
    if (!access.categories(purpose).length) throw ProblemException.forbidden(`The young person's consent does not allow your organisation the purpose ${purpose}.`);
  }
}

/** The current consent as the rules read it (grants and whether everything was withdrawn). */
function consentOf(row: PersonRow): ConsentVersion | undefined {
  if (row.consent_version == null) return undefined;
  return { version: row.consent_version, givenBy: 'CANDIDATE', givenAt: '', grants: row.consent_grants ?? [], withdrawnAll: !!row.consent_withdrawn_all };
}
