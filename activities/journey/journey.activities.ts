import type { DataSource, EntityManager } from 'typeorm';
import { journeyWorkflowId } from '../../libs/domain/src/journey';

/** The journey row of the read model: ids, step, status and outcomes, no personal data. */
export interface JourneyRow {
  candidateId: string;
  municipalityId: string;
  careProviderId?: string;
  referrerOrganisationId: string;
  step: string;
  status: string;
  phase: string;
  sequence: number;
  referredAt: string;
  updatedAt: string;
  employerIds: string[];
  proposedRoute?: string;
  route?: string;
  runCount: number;
  /** The employer of the current placement or job. */
  currentEmployerId?: string;
}

/** One entry of the timeline: what happened, who did it, when. */
export interface TimelineEntry {
  sequence: number;
  type: string;
  step: string;
  occurredAt: string;
  actorOrganisationId?: string;
  actorUserId?: string;
  taskId?: string;
  data?: Record<string, unknown>;
}

/** A human task as the inbox shows it; `sequence` is the journey sequence that last changed it. */
export interface TaskRow {
  taskId: string;
  type: string;
  step: string;
  status: string;
  assigneeOrganisationId: string;
  assigneeRole: string;
  assigneeUserId?: string;
  dueAt?: string;
  escalated: boolean;
  createdAt: string;
  closedAt?: string;
  completedByOrganisationId?: string;
  completedByUserId?: string;
  sequence: number;
}

export interface ProjectJourneyInput {
  journey: JourneyRow;
  events: TimelineEntry[];
  tasks: TaskRow[];
}

export interface JourneyActivityDeps {
  dataSource: DataSource;
}

/**
 * The journey's activities. Projections are idempotent and order-proof: a retried, replayed or
 * late call never duplicates a timeline row nor moves a journey or task back to an older sequence.
 */
export function createJourneyActivities({ dataSource }: JourneyActivityDeps) {
  return {
    async projectJourney({ journey, events, tasks }: ProjectJourneyInput): Promise<void> {
      await dataSource.transaction(async (tx) => {
        await upsertJourney(tx, journey);
        if (events.length) await insertEvents(tx, journey.candidateId, events);
        if (tasks.length) await upsertTasks(tx, journey.candidateId, tasks);
      });
    },
  };
}

export type JourneyActivities = ReturnType<typeof createJourneyActivities>;

async function upsertJourney(tx: EntityManager, j: JourneyRow): Promise<void> {
  await tx.query(
    `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status,
                           phase, sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (candidate_id) DO UPDATE SET
       care_provider_id = EXCLUDED.care_provider_id, step = EXCLUDED.step, status = EXCLUDED.status, phase = EXCLUDED.phase,
       sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at, employer_ids = EXCLUDED.employer_ids,
       proposed_route = EXCLUDED.proposed_route, route = EXCLUDED.route, run_count = EXCLUDED.run_count,
       current_employer_id = EXCLUDED.current_employer_id
     WHERE journeys.sequence < EXCLUDED.sequence`,
    [
      j.candidateId,
      journeyWorkflowId(j.candidateId),
      j.municipalityId,
      j.careProviderId ?? null,
      j.referrerOrganisationId,
      j.step,
      j.status,
      j.phase,
      j.sequence,
      j.referredAt,
      j.updatedAt,
      j.employerIds,
      j.proposedRoute ?? null,
      j.route ?? null,
      j.runCount,
      j.currentEmployerId ?? null,
    ],
  );
}

async function insertEvents(tx: EntityManager, candidateId: string, events: TimelineEntry[]): Promise<void> {
  await tx.query(
    `INSERT INTO journey_events (candidate_id, sequence, type, step, actor_organisation_id, actor_user_id, task_id, occurred_at, data)
     SELECT $1, e.sequence, e.type, e.step, e.actor_organisation_id, e.actor_user_id, e.task_id, e.occurred_at, coalesce(e.data, '{}'::jsonb)
     FROM jsonb_to_recordset($2::jsonb) AS e(sequence int, type text, step text, actor_organisation_id uuid, actor_user_id text,
                                              task_id text, occurred_at timestamptz, data jsonb)
     ON CONFLICT (candidate_id, sequence) DO NOTHING`,
    [
      candidateId,
      JSON.stringify(
        events.map((e) => ({
          sequence: e.sequence,
          type: e.type,
          step: e.step,
          actor_organisation_id: e.actorOrganisationId ?? null,
          actor_user_id: e.actorUserId ?? null,
          task_id: e.taskId ?? null,
          occurred_at: e.occurredAt,
          data: e.data ?? {},
        })),
      ),
    ],
  );
}

async function upsertTasks(tx: EntityManager, candidateId: string, tasks: TaskRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO human_tasks (candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, assignee_user_id,
                              due_at, escalated, created_at, closed_at, completed_by_organisation_id, completed_by_user_id, sequence)
     SELECT $1, t.task_id, t.type, t.step, t.status, t.assignee_organisation_id, t.assignee_role, t.assignee_user_id, t.due_at,
            t.escalated, t.created_at, t.closed_at, t.completed_by_organisation_id, t.completed_by_user_id, t.sequence
     FROM jsonb_to_recordset($2::jsonb) AS t(task_id text, type text, step text, status text, assignee_organisation_id uuid,
            assignee_role text, assignee_user_id text, due_at timestamptz, escalated boolean, created_at timestamptz,
            closed_at timestamptz, completed_by_organisation_id uuid, completed_by_user_id text, sequence int)
     ON CONFLICT (candidate_id, task_id) DO UPDATE SET
       status = EXCLUDED.status, assignee_organisation_id = EXCLUDED.assignee_organisation_id, assignee_role = EXCLUDED.assignee_role,
       assignee_user_id = EXCLUDED.assignee_user_id, due_at = EXCLUDED.due_at, escalated = EXCLUDED.escalated,
       closed_at = EXCLUDED.closed_at, completed_by_organisation_id = EXCLUDED.completed_by_organisation_id,
       completed_by_user_id = EXCLUDED.completed_by_user_id, sequence = EXCLUDED.sequence
     WHERE human_tasks.sequence < EXCLUDED.sequence`,
    [
      candidateId,
      JSON.stringify(
        tasks.map((t) => ({
          task_id: t.taskId,
          type: t.type,
          step: t.step,
          status: t.status,
          assignee_organisation_id: t.assigneeOrganisationId,
          assignee_role: t.assigneeRole,
          assignee_user_id: t.assigneeUserId ?? null,
          due_at: t.dueAt ?? null,
          escalated: t.escalated,
          created_at: t.createdAt,
          closed_at: t.closedAt ?? null,
          completed_by_organisation_id: t.completedByOrganisationId ?? null,
          completed_by_user_id: t.completedByUserId ?? null,
          sequence: t.sequence,
        })),
      ),
    ],
  );
}
