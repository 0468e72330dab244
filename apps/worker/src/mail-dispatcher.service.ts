import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Environment, mailSettings } from '../../../libs/config/src/environment';
import { NotificationsRepository, type OutboxMail } from '../../../libs/database/src/repositories/notifications.repository';
import { MailSender } from '../../../libs/mail/src/mail-sender';

/** How often the outbox is looked at while all is well. */
export const DISPATCH_EVERY_MS = 1_000;
/** The longest pause while the mail server is unreachable. */
const MAX_PAUSE_MS = 60_000;
/** A mail the server turned down for now (4xx) is tried again after this, doubling, at most an hour. */
const RETRY_MS = 30_000;

/**
 * Sends the mail outbox (see NotificationsRepository): one mail at a time, each taken FOR UPDATE
 * SKIP LOCKED (any number of workers share the work) and marked in the same transaction. While the
 * mail server cannot be reached it pauses with a doubling backoff, says so, and leaves every mail
 * where it is: an outage loses nothing and needs no workflow to retry. An address the server
 * refuses for good is recorded on its user; a mail the server refuses for now is tried again later.
 */
@Injectable()
export class MailDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailDispatcherService.name);
  private readonly sender: MailSender;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private pauseMs = 0;
  private resumeAt = 0;

  constructor(
    env: Environment,
    private readonly outbox: NotificationsRepository,
  ) {
    const mail = mailSettings(env);
    this.sender = new MailSender({ smtpUrl: mail.smtpUrl, from: mail.from });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running || Date.now() < this.resumeAt) return;
      this.running = this.drain()
        .catch((error: unknown) => this.logger.warn(`Sending mail failed: ${String(error).split('\n')[0]}`))
        .finally(() => (this.running = undefined));
    }, DISPATCH_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.sender.close();
  }

  /** Sends what is due until nothing is, or the server is down. */
  private async drain(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.outbox.withNextMail((mail, tx) => this.sendOne(mail, tx));
      if (outcome === undefined || outcome === 'PAUSE') return;
    }
  }

  private async sendOne(mail: OutboxMail, tx: EntityManager): Promise<'NEXT' | 'PAUSE'> {
    const outcome = await this.sender.send({ to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body, messageId: mail.message_id, language: mail.language });
    switch (outcome.status) {
      case 'SENT':
        await this.outbox.markSent(tx, mail.id);
        if (this.pauseMs) this.logger.log(`The mail server ${this.sender.server} answers again; sending the waiting mail`);
        this.pauseMs = 0;
        return 'NEXT';
      case 'SERVER_UNAVAILABLE': {
        await this.outbox.markRetry(tx, mail.id, outcome.error);
        this.pauseMs = Math.min(MAX_PAUSE_MS, this.pauseMs ? this.pauseMs * 2 : DISPATCH_EVERY_MS);
        this.resumeAt = Date.now() + this.pauseMs;
        const waiting = await this.outbox.pendingCount().catch(() => undefined);
        this.logger.warn(`The mail server ${this.sender.server} is unavailable (${outcome.error}); ${waiting ?? 'all'} mails wait, next try in ${this.pauseMs / 1000} s`);
        return 'PAUSE';
      }
      case 'ADDRESS_REJECTED':
        await this.outbox.markFailed(tx, mail, outcome.error, true);
        this.logger.warn(`The mail server refused the address of user ${mail.user_id} for good (${outcome.error}); recorded on the user`);
        return 'NEXT';
      case 'FAILED':
        if (outcome.permanent) {
          await this.outbox.markFailed(tx, mail, outcome.error, false);
          this.logger.warn(`The mail server refused mail ${mail.id} for good: ${outcome.error}`);
        } else {
          await this.outbox.markRetry(tx, mail.id, outcome.error, Math.min(3_600_000, RETRY_MS * 2 ** mail.attempts));
        }
        return 'NEXT';
    }
  }
}
