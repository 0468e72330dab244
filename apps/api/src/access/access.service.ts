import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActorDto } from '../../../../libs/contracts/src/journey-read.dto';
import {
  journeyRole,
  personalFields,
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
import { JourneyEntity as JourneyEntityClass } from '../../../../libs/database/src/entities';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem';

/**
 * The one access check of the API: every read of a journey, its timeline, its tasks and the young
 * person's data asks here, and the rules it applies are libs/domain/src/access.ts.
 */
@Injectable()
export class AccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The journey and the caller's part in it; a journey it takes no part in does not exist for it (404). */
  async journey(principal: Principal, candidateId: string): Promise<{ journey: JourneyEntity; role: JourneyRole }> {
    const journey = await this.dataSource.getRepository(JourneyEntityClass).findOne({ where: { candidateId } });
    const role = journey ? journeyRole(principal, journey) : undefined;
    if (!journey || !role) throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    return { journey, role };
  }

  /** A task exists for its assignee organisation only (404 for anyone else). */
  task<T extends { assignee_organisation_id: string }>(principal: Principal, task: T | undefined, taskId: string): T {
    if (!task || task.assignee_organisation_id !== principal.organisationId) throw ProblemException.notFound(`There is no task ${taskId} for your organisation on this journey.`);
    return task;
  }

  /** The young person's personal data this part may read, and nothing else. */
  personalData<T extends Partial<Record<PersonalField, unknown>>>(role: JourneyRole, data: T): Partial<T> {
    const allowed = personalFields(role) as readonly string[];
    return Object.fromEntries(Object.entries(data).filter(([field]) => allowed.includes(field))) as Partial<T>;
  }

  /** The parts of a task's context the caller's organisation may see. */
  taskContext<T extends Partial<Record<TaskContextPart, unknown>>>(principal: Principal, context: T): Partial<T> {
    const allowed = taskContextParts(principal.organisationType) as readonly string[];
    return Object.fromEntries(Object.entries(context).filter(([part, value]) => allowed.includes(part) && value !== undefined)) as Partial<T>;
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
    if (!readsAccessLog(principal)) {
      throw new ProblemException({ type: 'about:blank', title: 'Forbidden', status: HttpStatus.FORBIDDEN, detail: 'Only a municipality reads its access log.' });
    }
  }
}
