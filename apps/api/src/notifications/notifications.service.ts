import { Injectable } from '@nestjs/common';
import type {
  NotificationDto,
  NotificationPageDto,
  NotificationPreferencesDto,
  NotificationQueryDto,
  UnreadCountDto,
} from '../../../../libs/contracts/src/notification.dto';
import { NotificationsRepository, type NotificationRow } from '../../../../libs/database/src/repositories/notifications.repository';
import { AccessService } from '../access/access.service';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { decodeNewestFirstCursor, encodeNewestFirstCursor } from '../common/newest-first-cursor';
import { ProblemException } from '../problem/problem';

/** The signed-in user's own notifications and preferences: nobody sees another user's (404). */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly access: AccessService,
  ) {}

  async list(principal: Principal, query: NotificationQueryDto): Promise<NotificationPageDto> {
    const userId = await this.userOf(principal);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(userId, { unread: query.unread, before: query.cursor ? decodeNewestFirstCursor(query.cursor) : undefined, limit: limit + 1 });
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    const page = rows.slice(0, limit);
    // Who each is about, as far as the reader's part and the consent allow: one access-log entry for the page.
    const people = await this.access.people(principal, page.map((r) => r.candidate_id), 'GET /notifications');
    const items = page.map((r) => {
      const person = people.get(r.candidate_id);
      return { ...toDto(r), ...(person ? { person } : {}) };
    });
    return { items, ...(last ? { nextCursor: encodeNewestFirstCursor(last) } : {}) };
  }

  async unreadCount(principal: Principal): Promise<UnreadCountDto> {
    return { unread: await this.repo.unreadCount(await this.userOf(principal)) };
  }

  /** Marks one of the user's notifications read; the same Idempotency-Key again answers the first result. */
  async markRead(principal: Principal, id: string, request: IdempotentRequest): Promise<Answered<NotificationDto>> {
    const userId = await this.userOf(principal);
    if (!(await this.repo.find(userId, id))) throw ProblemException.notFound(`There is no notification ${id}.`);
    return this.idempotency.run(principal, ownRequest(request, userId), {
      status: 200,
      write: async (tx) => {
        await this.repo.markRead(tx, userId, id);
        return id;
      },
      answer: async () => toDto((await this.repo.find(userId, id))!),
    });
  }

  /** Marks all the user's notifications read; answers the unread count after it (those that arrived since). */
  async markAllRead(principal: Principal, request: IdempotentRequest): Promise<Answered<UnreadCountDto>> {
    const userId = await this.userOf(principal);
    return this.idempotency.run(principal, ownRequest(request, userId), {
      status: 200,
      write: async (tx) => {
        await this.repo.markAllRead(tx, userId);
        return userId;
      },
      answer: async () => ({ unread: await this.repo.unreadCount(userId) }),
    });
  }

  async preferences(principal: Principal): Promise<NotificationPreferencesDto> {
    return this.repo.preferences(await this.userOf(principal));
  }

  async savePreferences(principal: Principal, dto: NotificationPreferencesDto, request: IdempotentRequest): Promise<Answered<NotificationPreferencesDto>> {
    const userId = await this.userOf(principal);
    return this.idempotency.run(principal, ownRequest(request, userId), {
      status: 200,
      write: async (tx) => {
        await this.repo.savePreferences(tx, userId, { language: dto.language, kinds: { ...dto.kinds }, dailyDigest: dto.dailyDigest });
        return userId;
      },
      answer: () => this.repo.preferences(userId),
    });
  }

  /** The caller's user id (the guard admitted only registered users). */
  private async userOf(principal: Principal): Promise<string> {
    const id = await this.repo.userId(principal.organisationId, principal.userId);
    if (!id) throw ProblemException.notFound('Your user is not registered.');
    return id;
  }
}

/** Keys are kept per organisation; these commands are a user's own, so the key binds the user too. */
function ownRequest(request: IdempotentRequest, userId: string): IdempotentRequest {
  return { ...request, params: { ...request.params, user: userId } };
}

function toDto(r: NotificationRow): NotificationDto {
  return {
    id: r.id,
    kind: r.kind,
    eventType: r.event_type,
    candidateId: r.candidate_id,
    ...(r.task_id ? { taskId: r.task_id } : {}),
    ...(r.task_type ? { taskType: r.task_type } : {}),
    ...(r.due_at ? { dueAt: r.due_at.toISOString() } : {}),
    title: r.title,
    link: r.link,
    delivery: r.delivery,
    occurredAt: r.occurred_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    read: r.read_at !== null,
    ...(r.read_at ? { readAt: r.read_at.toISOString() } : {}),
  };
}
