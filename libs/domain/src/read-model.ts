/**
 * The read model's rows as the journey workflow projects them, and the rules that keep them
 * equal to the workflow's committed history. Ids, codes and outcomes only: no personal data.
 * Pure: the workflow builds projections with it, the row writer and the reconciliation read them.
 */
import type { JourneyEvent } from './engine/types';
import type { HumanTask } from './tasks';
import type { JourneyParties } from './access';
import type { JourneyNotice } from './notifications';

/** The journey row: ids, step, status and outcomes. */
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
  /** The employer of the running placement or job of an open journey. */
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

/** A human task as the inbox shows it; `sequence` marks the projection that last wrote it. */
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

/**
 * Orders projections along the workflow's history: [run, the workflow task's time in ms, the
 * history length when it began]. It only grows: a later workflow task starts later (Temporal's
 * clock) with a longer history, and the task that redoes a lost one starts later than the lost one
 * did. (The history length alone does not do: a lost attempt may have counted transient events
 * that its redo, after the server restarted, does not.) A projection older than the stored fence
 * comes from a lost workflow task.
 */
export type ProjectionFence = [run: number, taskTimeMs: number, historyLength: number];

/**
 * What one projection writes. The timeline up to `base` and the tasks written by then are in the
 * workflow's committed history; everything after it is this projection's to say: it replaces any
 * row a lost workflow task left beyond `base` (a phantom), so the read model converges to what the
 * history says whatever was written by work that never committed.
 */
export interface JourneyProjection {
  fence: ProjectionFence;
  /**
   * The sequence up to which the timeline is committed. Undefined only for journeys still on the
   * projection of before 2026-11-23 (several in flight at once): they only add what is newer.
   */
  base?: number;
  journey: JourneyRow;
  /** Every timeline entry after `base`. */
  events: TimelineEntry[];
  /** Every open task, and every task changed after `base`. */
  tasks: TaskRow[];
  /** Task rows to delete: ids the workflow never had (a repair of rows no projection of it wrote). */
  removedTaskIds?: string[];
  /**
   * Who is told of the events after `base` (patch '2026-11-30-notices-in-projection'; absent
   * before it, when a notify activity told them). Written with the rows, and told once the history
   * holding them is known to be committed: the notices after `base` are this projection's, like
   * the timeline entries.
   */
  notices?: { parties: JourneyParties; notices: JourneyNotice[] };
}

/** The journey row of a journey as the workflow tells it (its state's view, or a query's answer). */
export function journeyRow(v: JourneyRow): JourneyRow {
  return {
    candidateId: v.candidateId,
    municipalityId: v.municipalityId,
    careProviderId: v.careProviderId,
    referrerOrganisationId: v.referrerOrganisationId,
    step: v.step,
    status: v.status,
    phase: v.phase,
    sequence: v.sequence,
    referredAt: v.referredAt,
    updatedAt: v.updatedAt,
    employerIds: v.employerIds,
    proposedRoute: v.proposedRoute,
    route: v.route,
    runCount: v.runCount,
    currentEmployerId: v.currentEmployerId,
  };
}

/** The number in a task id (`<type>#<n>`): tasks are numbered in the order the journey opened them. */
export function taskNumber(taskId: string): number {
  const n = Number(taskId.slice(taskId.lastIndexOf('#') + 1));
  return Number.isInteger(n) && n > 0 ? n : Number.NaN;
}

/** A task's row, marked as written by the projection at `sequence`. */
export function taskRow(t: HumanTask, sequence: number): TaskRow {
  return {
    taskId: t.id,
    type: t.type,
    step: t.step,
    status: t.status,
    assigneeOrganisationId: t.assignee.organisationId,
    assigneeRole: t.assignee.role,
    assigneeUserId: t.assignee.userId,
    dueAt: t.dueAt,
    escalated: t.escalated,
    createdAt: t.createdAt,
    closedAt: t.closedAt,
    completedByOrganisationId: t.completedBy?.organisationId,
    completedByUserId: t.completedBy?.userId,
    sequence,
  };
}

export function compareFences(a: ProjectionFence, b: ProjectionFence): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

export function timelineEntry(e: JourneyEvent): TimelineEntry {
  return {
    sequence: e.sequence,
    type: e.type,
    step: e.step,
    occurredAt: e.occurredAt,
    ...(e.actor?.organisationId ? { actorOrganisationId: e.actor.organisationId } : {}),
    ...(e.actor?.userId ? { actorUserId: e.actor.userId } : {}),
    ...(e.taskId ? { taskId: e.taskId } : {}),
    data: e.data,
  };
}

/**
 * A running digest of the timeline (FNV-1a, 32 bits, chained): the workflow keeps it in its state
 * and the reconciliation computes it over the read model's rows, so a timeline that differs from
 * the history is found without the workflow keeping its timeline.
 */
export function nextTimelineDigest(previous: string, entry: TimelineEntry): string {
  const text = `${previous}|${canonicalJson({
    sequence: entry.sequence,
    type: entry.type,
    step: entry.step,
    occurredAt: new Date(entry.occurredAt).toISOString(),
    actorOrganisationId: entry.actorOrganisationId ?? null,
    actorUserId: entry.actorUserId ?? null,
    taskId: entry.taskId ?? null,
    data: entry.data ?? {},
  })}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function timelineDigest(entries: TimelineEntry[], previous = ''): string {
  return entries.reduce((digest, entry) => nextTimelineDigest(digest, entry), previous);
}

/** A journey_events row as PostgreSQL gives it back. */
export interface TimelineRow {
  sequence: number;
  type: string;
  step: string;
  occurred_at: Date;
  actor_organisation_id: string | null;
  actor_user_id: string | null;
  task_id: string | null;
  data: Record<string, unknown>;
}

/** The columns of a TimelineRow, for a SELECT. */
export const TIMELINE_ROW_COLUMNS = 'sequence, type, step, occurred_at, actor_organisation_id, actor_user_id, task_id, data';

/** The timeline entry a stored row says (what the digest is computed over). */
export function timelineEntryOfRow(r: TimelineRow): TimelineEntry {
  return {
    sequence: r.sequence,
    type: r.type,
    step: r.step,
    occurredAt: r.occurred_at.toISOString(),
    ...(r.actor_organisation_id ? { actorOrganisationId: r.actor_organisation_id } : {}),
    ...(r.actor_user_id ? { actorUserId: r.actor_user_id } : {}),
    ...(r.task_id ? { taskId: r.task_id } : {}),
    data: r.data,
  };
}

/** JSON with object keys sorted at every depth (as PostgreSQL's jsonb gives them back in any order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
