import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NOTIFICATION_ACTIVITIES, type NotificationActivities } from '../../../activities/notifications/notification-activities.module';
import { Environment, temporalSettings } from '../../../libs/config/src/environment';
import { CommittedSequence } from '../../../libs/database/src/read-model/committed';
import { NotificationsRepository } from '../../../libs/database/src/repositories/notifications.repository';
import type { JourneyParties } from '../../../libs/domain/src/access';
import type { JourneyNotice } from '../../../libs/domain/src/notifications';
import { connectClient } from '../../../libs/temporal/src/connection';
import { isWorkflowNotFound } from '../../../libs/temporal/src/errors';
import { JourneyClient } from '../../../libs/temporal/src/journeys';

/** How often committed notices are looked for. */
export const TELL_EVERY_MS = 250;
/**
 * Rows not known committed after this are confirmed by asking their workflow (a reprojection):
 * until then a timer's new task is not shown (read-model/committed.ts).
 */
export const CONFIRM_AFTER_MS = 1_000;
/** After a confirmation failed: the wait before the next round asks. */
const CONFIRM_BACKOFF_MS = 5_000;
/** How many journeys are confirmed at once (each is one Update; one held up by a lost workflow task waits out its timeout alone). */
const CONFIRM_AT_ONCE = 20;

/**
 * Tells the journeys' notices (patch '2026-11-30-notices-in-projection'): the projection writes them
 * in its own transaction, and this turns those known committed (at or below the journey's
 * committed sequence: a later projection's base, or the answer of the Update that made them) into
 * notifications and queued mail, with the same code the notify activity runs, keyed so a repeat
 * adds nothing. Rows that stay unconfirmed (a timer's workflow task, or its Update's caller went
 * away) are confirmed by a reprojection: the workflow's next projection makes the rows after its
 * base exactly the committed history's, so a lost workflow task's are deleted, never told or shown.
 */
@Injectable()
export class NoticeDispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoticeDispatcherService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private confirmAt = 0;
  /** Journeys whose confirmation is under way (a new round does not ask them again). */
  private readonly confirming = new Set<string>();
  private readonly underWay = new Set<Promise<void>>();
  private journeys?: JourneyClient;

  private readonly committed: CommittedSequence;

  constructor(
    private readonly env: Environment,
    private readonly notices: NotificationsRepository,
    @Inject(NOTIFICATION_ACTIVITIES) private readonly notifications: NotificationActivities,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.committed = new CommittedSequence(dataSource);
  }

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
    await Promise.all(this.underWay);
    await this.journeys?.client.connection.close().catch(() => undefined);
  }

  private async round(): Promise<void> {
    while (!this.stopped && (await this.notices.tellCommittedNotices((candidateId, parties, notices) => this.tell(candidateId, parties, notices))) > 0);
    if (this.stopped || Date.now() < this.confirmAt) return;
    this.confirmAt = Date.now() + CONFIRM_AFTER_MS / 2;
    // Not awaited: a confirmation held up by a lost workflow task must not hold up the notices.
    for (const candidateId of await this.committed.unconfirmedJourneys(CONFIRM_AFTER_MS, CONFIRM_AT_ONCE)) {
      if (this.stopped || this.confirming.has(candidateId) || this.confirming.size >= CONFIRM_AT_ONCE) continue;
      this.confirming.add(candidateId);
      const confirmed = this.confirm(candidateId)
        .catch((error: unknown) => {
          // Temporal or the worker is likely down: one line, and the next round waits longer.
          if (Date.now() >= this.confirmAt) this.logger.warn(`Could not confirm journey ${candidateId} (trying again in ${CONFIRM_BACKOFF_MS / 1000} s): ${String(error).split('\n')[0]}`);
          this.confirmAt = Date.now() + CONFIRM_BACKOFF_MS;
        })
        .finally(() => {
          this.confirming.delete(candidateId);
          this.underWay.delete(confirmed);
        });
      this.underWay.add(confirmed);
    }
  }

  private async tell(candidateId: string, parties: unknown, notices: unknown[]): Promise<void> {
    await this.notifications.notifyParties({ candidateId, parties: parties as JourneyParties, notices: notices as JourneyNotice[] });
  }

  /** Asks the workflow to project again (its base then covers what it committed); a closed or missing one is read instead. */
  private async confirm(candidateId: string): Promise<void> {
    this.journeys ??= new JourneyClient(await connectClient(temporalSettings(this.env), this.env.DEPENDENCY_TIMEOUT_MS), this.env.TEMPORAL_TASK_QUEUE);
    const journeys = this.journeys;
    try {
      const { sequence } = await journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => journeys.reproject(candidateId, [], `notices-${randomUUID()}`));
      // Its answer: the history is committed up to its sequence (its projection's base may be below it).
      await this.committed.confirmCommitted(new Map([[candidateId, sequence]]));
      return;
    } catch (error) {
      let status: string;
      try {
        status = (await journeys.within(this.env.DEPENDENCY_TIMEOUT_MS, () => journeys.describe(candidateId))).status.name;
      } catch (described) {
        if (!isWorkflowNotFound(described)) throw error;
        status = 'NOT_FOUND';
      }
      if (status === 'RUNNING') throw error; // try again next round
      await this.committed.closeCommitted(candidateId, status === 'COMPLETED');
    }
  }
}
