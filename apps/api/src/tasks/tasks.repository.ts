import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FOUR_EYES } from '../../../../libs/domain/src/access';
import type { TaskType } from '../../../../libs/domain/src/method/catalogue';
import { committed } from '../../../../libs/database/src/read-model/committed';
import { isOpenTask } from '../../../../libs/database/src/sql/conditions';

export interface InboxFilter {
  organisationId: string;
  userId?: string;
  step?: string;
  type?: string;
  statuses: string[];
  overdue?: boolean;
  candidateId?: string;
  after?: { dueAt: string; candidateId: string; taskId: string };
  limit: number;
}

export interface TaskRowRead {
  candidate_id: string;
  task_id: string;
  type: TaskType;
  step: string;
  status: string;
  assignee_organisation_id: string;
  assignee_role: string;
  assignee_user_id: string | null;
  due_at: Date;
  escalated: boolean;
  created_at: Date;
  /** The host the task is about (orientation, offer, agreement), as the task's opening named it. */
  host_id: string | null;
  host_name: string | null;
}

const COLUMNS = 'candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, assignee_user_id, due_at, escalated, created_at';

/** The tasks `t` selected, with the host each is about: from the timeline's `task.opened` (its `employerId`), named by the directory. */
const withHost = (tasks: string): string => `SELECT t.*, ho.id AS host_id, ho.name AS host_name FROM (${tasks}) t
  LEFT JOIN LATERAL (SELECT (e.data->>'employerId')::uuid AS id FROM journey_events e
                     WHERE e.candidate_id = t.candidate_id AND e.task_id = t.task_id AND e.type = 'task.opened' LIMIT 1) opened ON true
  LEFT JOIN organisations ho ON ho.id = opened.id`;

export type AnswerType = 'intake.meeting' | 'orientation.respond' | 'orientation.feedback' | 'placement.evaluation';

export interface AnswerRow {
  task_id: string;
  type: AnswerType;
  employer_id: string | null;
  actor_organisation_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

/** Inboxes read the projection the workflows keep, never Temporal's visibility. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of an organisation's tasks by due date (keyset pagination), of the committed history. */
  inbox(f: InboxFilter): Promise<TaskRowRead[]> {
    const where = ['assignee_organisation_id = $1', 'status = ANY($2)', committed('human_tasks')];
    const params: unknown[] = [f.organisationId, f.statuses];
    const add = (clause: string, value: unknown): void => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (f.userId) add('assignee_user_id = ?', f.userId);
    if (f.step) add('step = ?', f.step);
    if (f.type) add('type = ?', f.type);
    if (f.candidateId) add('candidate_id = ?', f.candidateId);
    if (f.overdue) where.push(`due_at < now() AND ${isOpenTask()}`);
    if (f.after) {
      params.push(f.after.dueAt, f.after.candidateId, f.after.taskId);
      where.push(`(due_at, candidate_id, task_id) > ($${params.length - 2}::timestamptz, $${params.length - 1}::uuid, $${params.length})`);
    }
    params.push(f.limit);
    return this.dataSource.query(
      `${withHost(`SELECT ${COLUMNS} FROM human_tasks WHERE ${where.join(' AND ')} ORDER BY due_at, candidate_id, task_id LIMIT $${params.length}`)}
       ORDER BY t.due_at, t.candidate_id, t.task_id`,
      params,
    );
  }

  /**
   * The answers of earlier tasks of these types, from the journey's timeline, in order (the goals
   * of the intake meeting, each orientation's answer and feedback, each evaluation), with the host
   * each was about.
   */
  answers(candidateId: string, types: readonly AnswerType[]): Promise<AnswerRow[]> {
    return this.dataSource.query(
      `SELECT c.task_id, o.data->>'taskType' AS type, o.data->>'employerId' AS employer_id, c.actor_organisation_id, c.data, c.occurred_at
       FROM journey_events c
       JOIN journey_events o ON o.candidate_id = c.candidate_id AND o.task_id = c.task_id AND o.type = 'task.opened'
       WHERE c.candidate_id = $1 AND c.type = 'task.completed' AND o.data->>'taskType' = ANY($2::text[])
       ORDER BY c.sequence`,
      [candidateId, types],
    );
  }

  /** The task (who may see it is the access check's). */
  async find(candidateId: string, taskId: string): Promise<TaskRowRead | undefined> {
    const rows: TaskRowRead[] = await this.dataSource.query(withHost(`SELECT ${COLUMNS} FROM human_tasks WHERE candidate_id = $1 AND task_id = $2`), [candidateId, taskId]);
    return rows[0];
  }

  /** The open tasks of one journey, of every party (or of one organisation), by due date, of the committed history. */
  openOfJourney(candidateId: string, organisationId?: string): Promise<TaskRowRead[]> {
    return this.dataSource.query(
      `${withHost(`SELECT ${COLUMNS} FROM human_tasks
       WHERE candidate_id = $1 AND ${isOpenTask()} AND ($2::uuid IS NULL OR assignee_organisation_id = $2) AND ${committed('human_tasks')}
       ORDER BY due_at, task_id LIMIT 200`)} ORDER BY t.due_at, t.task_id`,
      [candidateId, organisationId ?? null],
    );
  }

  /** Whether the journey's municipality requires four eyes on the funding decision, and who proposed the last match. */
  async fourEyes(candidateId: string): Promise<{ required: boolean; proposerUserId: string | null }> {
    const rows: { required: boolean; proposer_user_id: string | null }[] = await this.dataSource.query(
      `SELECT o.four_eyes_funding AS required,
              (SELECT e.actor_user_id FROM journey_events e
                WHERE e.candidate_id = j.candidate_id AND e.type = 'task.completed' AND e.data->>'taskType' = $2
                ORDER BY e.sequence DESC LIMIT 1) AS proposer_user_id
       FROM journeys j JOIN organisations o ON o.id = j.municipality_id WHERE j.candidate_id = $1`,
      [candidateId, FOUR_EYES.proposal],
    );
    return { required: rows[0]?.required ?? false, proposerUserId: rows[0]?.proposer_user_id ?? null };
  }
}
