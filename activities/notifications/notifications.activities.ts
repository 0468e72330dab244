import { heartbeat } from '@temporalio/activity';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CandidatesRepository } from '../../libs/database/src/repositories/candidates.repository';
import { ConsentsRepository } from '../../libs/database/src/repositories/consents.repository';
import { NotificationsRepository, type NewMail, type NewNotification, type Recipient } from '../../libs/database/src/repositories/notifications.repository';
import { journeyRole, personalFields, type JourneyParties } from '../../libs/domain/src/access';
import { Delivery, type NotifyInput } from '../../libs/domain/src/notifications';
import { allowedCategories, effectiveConsent, type ConsentVersion } from '../../libs/domain/src/privacy';
import { digestMail, links, noticeMail, noticeTitle } from './notification-mail';

export interface NotificationActivityDeps {
  dataSource: DataSource;
  /** The base URL links point at (PUBLIC_URL). */
  publicUrl: string;
  /** The domain of every Message-ID (MAIL_FROM's). */
  messageIdDomain: string;
}

export interface DigestInput {
  /** The moment the digest is of (the schedule's start): tasks due before it are overdue; its Amsterdam date keys the mail. */
  asOf: string;
}

/**
 * Telling people: `notifyParties` turns a journey's committed notices into in-app notifications
 * and queued e-mails, per user as each chose; `sendDailyDigests` queues each digest user's daily
 * overview. Both only write PostgreSQL, keyed so that a repeat or a retry adds nothing (an event
 * and a user; a user and a day); the worker's dispatcher sends the queued mail.
 */
export function createNotificationActivities({ dataSource, publicUrl, messageIdDomain }: NotificationActivityDeps) {
  const repo = new NotificationsRepository(dataSource);
  const candidates = new CandidatesRepository(dataSource);
  const consents = new ConsentsRepository(dataSource);
  const newMail = (key: string, user: Recipient, content: { subject: string; text: string; html: string }): NewMail => {
    const id = randomUUID();
    return { id, key, userId: user.userId, to: user.email!, language: user.preferences.language, ...content, messageId: `<${id}@${messageIdDomain}>` };
  };
  const mayMail = (user: Recipient): boolean => !!user.email && !user.emailProblem;

  return {
    async notifyParties(input: NotifyInput): Promise<{ notifications: number; mails: number }> {
      const users = await repo.recipients([...new Set(input.notices.flatMap((n) => n.to.map((t) => t.organisationId)))]);
      const firstName = namer(input.parties, () => consents.current(input.candidateId), () => candidates.journeyStatus(input.candidateId), () => candidates.firstName(input.candidateId));
      const notifications: NewNotification[] = [];
      const mails: NewMail[] = [];
      for (const notice of input.notices) {
        const told = new Set<string>();
        for (const to of notice.to) {
          for (const user of users.filter((u) => u.organisationId === to.organisationId && (!to.subject || u.subject === to.subject))) {
            const delivery = user.preferences.kinds[notice.kind];
            if (delivery === Delivery.OFF || told.has(user.userId)) continue;
            told.add(user.userId);
            const language = user.preferences.language;
            const link = notice.taskId && notice.type !== 'task.cancelled' ? links.task(publicUrl, input.candidateId, notice.taskId) : links.journey(publicUrl, input.candidateId);
            notifications.push({
              id: randomUUID(),
              userId: user.userId,
              candidateId: input.candidateId,
              sequence: notice.sequence,
              kind: notice.kind,
              eventType: notice.type,
              ...(notice.taskId ? { taskId: notice.taskId } : {}),
              ...(notice.taskType ? { taskType: notice.taskType } : {}),
              ...(notice.dueAt ? { dueAt: notice.dueAt } : {}),
              delivery,
              title: noticeTitle(notice, language),
              link,
              occurredAt: notice.occurredAt,
            });
            if (delivery === Delivery.IMMEDIATE && mayMail(user)) {
              const name = await firstName(user);
              mails.push(newMail(`event:${input.candidateId}:${notice.sequence}:${user.userId}`, user, noticeMail(notice, { language, link, preferencesLink: links.preferences(publicUrl), ...(name ? { firstName: name } : {}) })));
            }
          }
        }
      }
      if (notifications.length) await repo.record(notifications, mails);
      return { notifications: notifications.length, mails: mails.length };
    },

    async sendDailyDigests({ asOf }: DigestInput): Promise<{ day: string; digests: number }> {
      const day = amsterdamDate(asOf);
      let digests = 0;
      for (const user of await repo.digestRecipients()) {
        heartbeat(user.userId);
        const language = user.preferences.language;
        const overdue = await repo.overdueTasks(user, asOf);
        const routed = await repo.undigested(user.userId, asOf);
        if (!overdue.length && !routed.length) continue;
        const consentOf = new Map<string, Promise<ConsentVersion | undefined>>();
        const items = [];
        for (const t of overdue) {
          if (!consentOf.has(t.candidate_id)) consentOf.set(t.candidate_id, consents.current(t.candidate_id));
          const parties = { municipalityId: t.municipality_id, careProviderId: t.care_provider_id, referrerOrganisationId: t.referrer_organisation_id, employerIds: t.employer_ids };
          const name = seesFirstName(user, parties, effectiveConsent(await consentOf.get(t.candidate_id), t.journey_status));
          items.push({
            taskType: t.type,
            dueAt: t.due_at.toISOString(),
            escalated: t.escalated,
            ...(name && t.first_name ? { firstName: t.first_name } : {}),
            link: links.task(publicUrl, t.candidate_id, t.task_id),
          });
        }
        const content = digestMail(day, items, routed.map((n) => ({ title: n.title, link: n.link })), language, links.preferences(publicUrl));
        if (await repo.queueDigest(newMail(`digest:${user.userId}:${day}`, user, content), day, routed.map((n) => n.id))) digests += 1;
      }
      return { day, digests };
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;

/**
 * Whether the user's party in the journey may see the young person's first name: its part allows
 * it (libs/domain/src/access.ts) and the consent in effect still gives it identity data
 * (libs/domain/src/privacy.ts).
 */
function seesFirstName(user: Recipient, parties: JourneyParties, consent: ConsentVersion | undefined): boolean {
  const role = journeyRole({ organisationId: user.organisationId, organisationType: user.organisationType, roles: user.roles }, parties);
  return !!role && personalFields(role).includes('firstName') && allowedCategories(consent, role, user.organisationId).includes('IDENTITY');
}

/** The first name for a user entitled to it, read once and only when someone is. */
function namer(
  parties: JourneyParties,
  consent: () => Promise<ConsentVersion | undefined>,
  status: () => Promise<string | undefined>,
  read: () => Promise<string | undefined>,
): (user: Recipient) => Promise<string | undefined> {
  let effective: Promise<ConsentVersion | undefined> | undefined;
  let name: Promise<string | undefined> | undefined;
  return async (user) => {
    effective ??= Promise.all([consent(), status()]).then(([c, s]) => effectiveConsent(c, s ?? ''));
    return seesFirstName(user, parties, await effective) ? (name ??= read()) : undefined;
  };
}

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Amsterdam of a moment, YYYY-MM-DD. */
export function amsterdamDate(iso: string): string {
  return AMSTERDAM_DATE.format(new Date(iso));
}
