import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CASE_ROLES, type OrganisationType } from '../../../domain/src/organisation';
import { DEFAULT_PREFERENCES, type NotificationPreferences } from '../../../domain/src/notifications';
import { isOpenTask } from '../sql/conditions';

/** A user who may be told something, with its choices (the defaults when it never chose). */
export interface Recipient {
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  subject: string;
  roles: string[];
  email: string | null;
  /** Why the mail server refused the address, if it did: no mail goes there until it is changed. */
  emailProblem: string | null;
  preferences: NotificationPreferences;
}

export interface NotificationRow {
  id: string;
  user_id: string;
  candidate_id: string;
  sequence: number;
  kind: string;
  event_type: string;
  task_id: string | null;
  task_type: string | null;
  due_at: Date | null;
  delivery: string;
  title: string;
  link: string;
  occurred_at: Date;
  created_at: Date;
  /** created_at to the microsecond, for cursors. */
  created_key: string;
  read_at: Date | null;
}

export interface NewNotification {
  id: string;
  userId: string;
  candidateId: string;
  sequence: number;
  kind: string;
  eventType: string;
  taskId?: string;
  taskType?: string;
  dueAt?: string;
  delivery: string;
  title: string;
  link: string;
  occurredAt: string;
}

export interface NewMail {
  id: string;
  /** What the mail tells whom, once: `event:<candidate>:<sequence>:<user>`, `digest:<user>:<day>`. */
  key: string;
  userId: string;
  to: string;
  language: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface OutboxMail {
  id: string;
  user_id: string;
  to_address: string;
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  attempts: number;
}

/** An overdue task for a user's digest, with what access needs to decide whether the first name may be shown. */
export interface OverdueTaskRow {
  candidate_id: string;
  task_id: string;
  type: string;
  due_at: Date;
  escalated: boolean;
  municipality_id: string;
  care_provider_id: string | null;
  referrer_organisation_id: string;
  employer_ids: string[];
  journey_status: string;
  first_name: string | null;
}

const NOTIFICATION = `id, user_id, candidate_id, sequence, kind, event_type, task_id, task_type, due_at, delivery, title, link, occurred_at, created_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key, read_at`;

interface RecipientRow {
  id: string;
  organisation_id: string;
  organisation_type: OrganisationType;
  subject: string;
  roles: string[];
  email: string | null;
  email_problem: string | null;
  language: string | null;
  kinds: Record<string, string> | null;
  daily_digest: boolean | null;
}

const RECIPIENT = `u.id, u.organisation_id, o.type AS organisation_type, u.subject, u.roles, u.email, u.email_problem, p.language, p.kinds, p.daily_digest`;
const RECIPIENT_FROM = `FROM users u JOIN organisations o ON o.id = u.organisation_id LEFT JOIN notification_preferences p ON p.user_id = u.id`;

/** All I/O of notifications: who is told, in-app notifications, preferences, the mail outbox, digests. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** The active casework users of active organisations among these, with their choices. */
  async recipients(organisationIds: string[]): Promise<Recipient[]> {
    const rows: RecipientRow[] = await this.dataSource.query(
      `SELECT ${RECIPIENT} ${RECIPIENT_FROM}
       WHERE u.organisation_id = ANY($1::uuid[]) AND u.active AND o.active AND u.roles && $2::text[]
       ORDER BY u.id`,
      [organisationIds, CASE_ROLES],
    );
    return rows.map(toRecipient);
  }

  /** Users with an address who want a daily digest (see wantsDigest). */
  async digestRecipients(): Promise<Recipient[]> {
    const rows: RecipientRow[] = await this.dataSource.query(
      `SELECT ${RECIPIENT} ${RECIPIENT_FROM}
       WHERE u.active AND o.active AND u.email IS NOT NULL AND u.email_problem IS NULL
         AND (p.daily_digest OR EXISTS (SELECT 1 FROM jsonb_each_text(p.kinds) k WHERE k.value = 'DIGEST'))
       ORDER BY u.id`,
    );
    return rows.map(toRecipient);
  }

  /**
   * Writes notifications and their mails; what exists already (a repeat, a retry) is left as it is.
   * Each is stamped when written (clock_timestamp, not the transaction's start), so notices of
   * several events written together still list newest first in the order given.
   */
  async record(notifications: NewNotification[], mails: NewMail[]): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const n of notifications) {
        await tx.query(
          `INSERT INTO notifications (id, user_id, candidate_id, sequence, kind, event_type, task_id, task_type, due_at, delivery, title, link, occurred_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp())
           ON CONFLICT (candidate_id, sequence, user_id) DO NOTHING`,
          [n.id, n.userId, n.candidateId, n.sequence, n.kind, n.eventType, n.taskId ?? null, n.taskType ?? null, n.dueAt ?? null, n.delivery, n.title, n.link, n.occurredAt],
        );
      }
      for (const m of mails) await this.queueMail(tx, m);
    });
  }

  /** Queues a mail unless one with its key was queued before; true when this one was. */
  async queueMail(tx: EntityManager | DataSource, m: NewMail): Promise<boolean> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO mail_outbox (id, key, user_id, to_address, language, subject, text_body, html_body, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [m.id, m.key, m.userId, m.to, m.language, m.subject, m.text, m.html, m.messageId],
    );
    return inserted.length === 1;
  }

  /** The open tasks of the user's organisation past their due date, unclaimed or claimed by the user. */
  overdueTasks(user: { organisationId: string; subject: string }, asOf: string): Promise<OverdueTaskRow[]> {
    return this.dataSource.query(
      `SELECT t.candidate_id, t.task_id, t.type, t.due_at, t.escalated,
              j.municipality_id, j.care_provider_id, j.referrer_organisation_id, j.employer_ids, j.status AS journey_status, c.first_name
       FROM human_tasks t JOIN journeys j ON j.candidate_id = t.candidate_id LEFT JOIN candidates c ON c.id = t.candidate_id
       WHERE t.assignee_organisation_id = $1 AND ${isOpenTask('t.status')} AND t.due_at < $3 AND t.sequence <= j.committed_sequence
         AND (t.assignee_user_id IS NULL OR t.assignee_user_id = $2)
       ORDER BY t.due_at, t.candidate_id, t.task_id`,
      [user.organisationId, user.subject, asOf],
    );
  }

  /** The user's notifications routed into the digest and not listed in one yet. */
  undigested(userId: string, asOf: string): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${NOTIFICATION} FROM notifications
       WHERE user_id = $1 AND delivery = 'DIGEST' AND digested_on IS NULL AND created_at <= $2 ORDER BY created_at, id`,
      [userId, asOf],
    );
  }

  /** Queues a user's digest of a day once, and marks the notifications it lists; false when it was queued before. */
  queueDigest(mail: NewMail, day: string, notificationIds: string[]): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.queueMail(tx, mail))) return false;
      if (notificationIds.length) await tx.query(`UPDATE notifications SET digested_on = $2 WHERE id = ANY($1::uuid[])`, [notificationIds, day]);
      return true;
    });
  }

  // --- the journeys' notices, for the notice dispatcher (see journey_notices) ---

  /**
   * Takes the committed notices (at or below their journey's committed sequence), oldest first,
   * locked for this transaction (other dispatchers skip them), hands them to `tell` per journey and
   * deletes them in the same transaction. `tell` must be idempotent: a crash before the commit
   * hands them again. Returns how many were told.
   */
  async tellCommittedNotices(
    tell: (candidateId: string, parties: unknown, notices: unknown[]) => Promise<void>,
    { limit = 100, candidateId }: { limit?: number; candidateId?: string } = {},
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: { candidate_id: string; sequence: number; notice: unknown; parties: unknown }[] = await tx.query(
        `SELECT n.candidate_id, n.sequence, n.notice, n.parties FROM journey_notices n JOIN journeys j ON j.candidate_id = n.candidate_id
         WHERE n.sequence <= j.committed_sequence AND ($2::uuid IS NULL OR n.candidate_id = $2)
         ORDER BY n.written_at, n.candidate_id, n.sequence LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
        [limit, candidateId ?? null],
      );
      const byJourney = new Map<string, typeof rows>();
      for (const row of rows) byJourney.set(row.candidate_id, [...(byJourney.get(row.candidate_id) ?? []), row]);
      for (const [candidateId, told] of byJourney) {
        told.sort((a, b) => a.sequence - b.sequence);
        await tell(candidateId, told[told.length - 1].parties, told.map((r) => r.notice));
        await tx.query(`DELETE FROM journey_notices WHERE candidate_id = $1 AND sequence = ANY ($2::int[])`, [candidateId, told.map((r) => r.sequence)]);
      }
      return rows.length;
    });
  }

  // --- the mail outbox, for the dispatcher ---

  /**
   * Takes the next mail due, locked for this transaction (other dispatchers skip it), and hands it
   * to `handle`, whose outcome is written in the same transaction. Undefined when none is due.
   */
  async withNextMail<T>(handle: (mail: OutboxMail, tx: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const rows: OutboxMail[] = await tx.query(
        `SELECT id, user_id, to_address, language, subject, text_body, html_body, message_id, attempts FROM mail_outbox
         WHERE status = 'PENDING' AND next_attempt_at <= now() ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      return rows[0] ? handle(rows[0], tx) : undefined;
    });
  }

  async markSent(tx: EntityManager, id: string): Promise<void> {
    // Sent, the text is not kept: it may name a young person (data minimisation; the Message-ID stays).
    await tx.query(`UPDATE mail_outbox SET status = 'SENT', sent_at = now(), attempts = attempts + 1, last_error = NULL, text_body = '', html_body = '' WHERE id = $1`, [id]);
  }

  /** Another try later: after `delayMs`, or (delayMs undefined) when the server is back, keeping the row's place. */
  async markRetry(tx: EntityManager, id: string, error: string, delayMs?: number): Promise<void> {
    await tx.query(
      `UPDATE mail_outbox SET last_error = $2, attempts = attempts + $3::int,
         next_attempt_at = CASE WHEN $4::int IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $4::int / 1000.0) END
       WHERE id = $1`,
      [id, error, delayMs === undefined ? 0 : 1, delayMs ?? null],
    );
  }

  /** Gives a mail up; an address refused for good is recorded on its user (its admin sees it). */
  async markFailed(tx: EntityManager, mail: OutboxMail, error: string, addressProblem: boolean): Promise<void> {
    await tx.query(`UPDATE mail_outbox SET status = 'FAILED', attempts = attempts + 1, last_error = $2 WHERE id = $1`, [mail.id, error]);
    if (addressProblem) {
      await tx.query(`UPDATE users SET email_problem = $3, email_problem_at = now() WHERE id = $1 AND email = $2`, [mail.user_id, mail.to_address, error]);
    }
  }

  /** Mails waiting to be sent. */
  async pendingCount(): Promise<number> {
    return (await this.dataSource.query(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'PENDING'`))[0].n;
  }

  // --- the API: a user's own notifications and preferences ---

  /** The users.id of a signed-in user (organisation and subject). */
  async userId(organisationId: string, subject: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE organisation_id = $1 AND subject = $2`, [organisationId, subject]);
    return rows[0]?.id;
  }

  /** A user's notifications, newest first, before a (created_at, id) cursor. */
  list(userId: string, filter: { unread?: boolean; before?: { createdAt: string; id: string }; limit: number }): Promise<NotificationRow[]> {
    return this.dataSource.query(
      `SELECT ${NOTIFICATION} FROM notifications
       WHERE user_id = $1 AND (NOT $2::boolean OR read_at IS NULL)
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [userId, filter.unread ?? false, filter.before?.createdAt ?? null, filter.before?.id ?? null, filter.limit],
    );
  }

  async unreadCount(userId: string): Promise<number> {
    return (await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [userId]))[0].n;
  }

  async find(userId: string, id: string): Promise<NotificationRow | undefined> {
    return ((await this.dataSource.query(`SELECT ${NOTIFICATION} FROM notifications WHERE user_id = $1 AND id = $2`, [userId, id])) as NotificationRow[])[0];
  }

  /** Marks it read (the first time counts). */
  async markRead(tx: EntityManager, userId: string, id: string): Promise<void> {
    await tx.query(`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE user_id = $1 AND id = $2`, [userId, id]);
  }

  /** Marks every unread one of the user's read at once. */
  async markAllRead(tx: EntityManager, userId: string): Promise<void> {
    await tx.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const rows: RecipientRow[] = await this.dataSource.query(`SELECT language, kinds, daily_digest FROM notification_preferences WHERE user_id = $1`, [userId]);
    return preferencesOf(rows[0]);
  }

  async savePreferences(tx: EntityManager, userId: string, p: NotificationPreferences): Promise<void> {
    await tx.query(
      `INSERT INTO notification_preferences (user_id, language, kinds, daily_digest) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET language = EXCLUDED.language, kinds = EXCLUDED.kinds, daily_digest = EXCLUDED.daily_digest, updated_at = now()`,
      [userId, p.language, JSON.stringify(p.kinds), p.dailyDigest],
    );
  }
}

function toRecipient(r: RecipientRow): Recipient {
  return {
    userId: r.id,
    organisationId: r.organisation_id,
    organisationType: r.organisation_type,
    subject: r.subject,
    roles: r.roles,
    email: r.email,
    emailProblem: r.email_problem,
    preferences: preferencesOf(r),
  };
}

/** Stored choices over the defaults (a kind added later gets its default). */
function preferencesOf(r: Pick<RecipientRow, 'language' | 'kinds' | 'daily_digest'> | undefined): NotificationPreferences {
  if (!r?.language) return DEFAULT_PREFERENCES;
  return {
    language: r.language === 'en' ? 'en' : 'nl',
    kinds: { ...DEFAULT_PREFERENCES.kinds, ...(r.kinds as Partial<NotificationPreferences['kinds']>) },
    dailyDigest: !!r.daily_digest,
  };
}
