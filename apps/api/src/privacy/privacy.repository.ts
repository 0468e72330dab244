import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ExportEventRow {
  sequence: number;
  type: string;
  step: string;
  occurred_at: Date;
  task_id: string | null;
  data: Record<string, unknown>;
  actor_organisation_id: string | null;
  actor_organisation_name: string | null;
}

export interface ExportTaskRow {
  task_id: string;
  type: string;
  step: string;
  status: string;
  assignee_organisation_id: string;
  assignee_organisation_name: string | null;
  created_at: Date;
  due_at: Date;
  closed_at: Date | null;
}

export interface ExportReferralRow {
  created_at: Date;
  referrer_organisation_id: string;
  referrer_name: string | null;
  care_provider_id: string | null;
  care_provider_name: string | null;
}

/** What the young person's export reads besides their personal data: the journey's read model. */
@Injectable()
export class PrivacyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  events(candidateId: string): Promise<ExportEventRow[]> {
    return this.dataSource.query(
      `SELECT e.sequence, e.type, e.step, e.occurred_at, e.task_id, e.data, e.actor_organisation_id, o.name AS actor_organisation_name
       FROM journey_events e LEFT JOIN organisations o ON o.id = e.actor_organisation_id
       WHERE e.candidate_id = $1 ORDER BY e.sequence`,
      [candidateId],
    );
  }

  tasks(candidateId: string): Promise<ExportTaskRow[]> {
    return this.dataSource.query(
      `SELECT t.task_id, t.type, t.step, t.status, t.assignee_organisation_id, o.name AS assignee_organisation_name, t.created_at, t.due_at, t.closed_at
       FROM human_tasks t LEFT JOIN organisations o ON o.id = t.assignee_organisation_id
       WHERE t.candidate_id = $1 ORDER BY t.created_at, t.task_id`,
      [candidateId],
    );
  }

  async referral(candidateId: string): Promise<ExportReferralRow | undefined> {
    const rows: ExportReferralRow[] = await this.dataSource.query(
      `SELECT r.created_at, r.referrer_organisation_id, ro.name AS referrer_name, r.care_provider_id, co.name AS care_provider_name
       FROM referrals r JOIN organisations ro ON ro.id = r.referrer_organisation_id LEFT JOIN organisations co ON co.id = r.care_provider_id
       WHERE r.candidate_id = $1`,
      [candidateId],
    );
    return rows[0];
  }

  async closedAt(candidateId: string): Promise<Date | undefined> {
    const rows: { closed_at: Date | null }[] = await this.dataSource.query(`SELECT closed_at FROM journeys WHERE candidate_id = $1`, [candidateId]);
    return rows[0]?.closed_at ?? undefined;
  }
}
