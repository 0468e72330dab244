import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_ACTIVITIES, type NotificationActivities } from '../../../activities/notifications/notification-activities.module';
import { Environment, temporalSettings } from '../../../libs/config/src/environment';
import { NotificationsRepository } from '../../../libs/database/src/repositories/notifications.repository';
import type { JourneyParties } from '../../../libs/domain/src/access';
import type { JourneyNotice } from '../../../libs/domain/src/notifications';
import { connectClient } from '../../../libs/temporal/src/connection';
import { JourneyClient } from '../../../libs/temporal/src/journeys';

/** How often committed notices are looked for. */
export const TELL_EVERY_MS = 250;
/** A notice not known committed after this is confirmed by asking its workflow (a reprojection). */
export const CONFIRM_AFTER_MS = 2_000;

/**
 * Tells the journeys' notices (patch '2026-11-30-notices-in-projection'): the projection writes them
 * in its own transaction, and this turns those known committed (at or below the journey's
 * committed sequence: a later projection's base, or the answer of the Update that made them) into
 * notifications and queued mail, with the same code the notify activity runs, keyed so a repeat
 * adds nothing. A notice that stays unconfirmed (a timer's, or its Update's caller went away) is
 * confirmed by a reprojection: the workflow's next projection makes the notices after its base
 * exactly the committed history's, so a lost workflow task's are deleted, never told.
 */
@Injectable()
export class NoticeDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticeDispatcherService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private confirmAt = 0;
  private journeys?: JourneyClient;

  constructor(
    private readonly env: Environment,
    private readonly notices: NotificationsRepository,
    @Inject(NOTIFICATION_ACTIVITIES) private readonly notifications: NotificationActivities,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.round()
        .catch((error: unknown) => this.logger.warn(`Telling notices failed: ${String(error).split('\n')[0]}`))
        .finally(() => (this.running = undefined));
    }, TELL_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.journeys?.client.connection.close().catch(() => undefined);
  }

  private async round(): Promise<void> {
    while (!this.stopped && (await this.notices.tellCommittedNotices((candidateId, parties, notices) => this.tell(candidateId, parties, notices))) > 0);
    if (this.stopped || Date.now() < this.confirmAt) return;
    this.confirmAt = Date.now() + CONFIRM_AFTER_MS / 2;
    for (const candidateId of await this.notices.unconfirmedNoticeJourneys(CONFIRM_AFTER_MS)) {
      if (this.stopped) return;
      await this.confirm(candidateId).catch((error: unknown) =>
        this.logger.warn(`Could not confirm the notices of journey ${candidateId}: ${String(error).split('\n')[0]}`),
      );
    }
  }

  private async tell(candidateId: string, parties: unknown, notices: unknown[]): Promise<void> {
    await this.notifications.notifyParties({ candidateId, parties: parties as JourneyParties, notices: notices as JourneyNotice[] });
  }

  /** Asks the workflow to project again (its base then covers what it committed); a closed one is read instead. */
  private async confirm(candidateId: string): Promise<void> {
    this.journeys ??= new JourneyClient(await connectClient(temporalSettings(this.env), this.env.DEPENDENCY_TIMEOUT_MS), this.env.TEMPORAL_TASK_QUEUE);
    const journeys = this.journeys;
    try {
      await journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => journeys.reproject(candidateId, [], `notices-${randomUUID()}`));
      return;
    } catch (error) {
      const { status } = await journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => journeys.describe(candidateId));
      if (status.name === 'RUNNING') throw error; // try again next round
      // Closed: a completed run's last projection came from its last, committed workflow task.
      if (status.name === 'COMPLETED') await this.notices.confirmAllNotices(candidateId);
      else await this.notices.dropUnconfirmedNotices(candidateId);
    }
  }
}
