/**
 * In-memory stand-ins for the repositories and the Temporal gateway, for the service specs
 * (`npm run test:unit`): each keeps its rows in memory and behaves as its real counterpart does
 * (a write in a transaction shows once the transaction commits and is gone when it fails; a key
 * claimed in an open transaction makes a second claim wait; an Update ID applies once). No
 * PostgreSQL and no Temporal: what the SQL and the workflow do is the e2e specs' to show.
 */
import type { EntityManager } from 'typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import type { AccessLogEntry } from '../../libs/database/src/repositories/access-log.repository';
import type { KeyedCommand, StoredKey } from '../../libs/database/src/repositories/idempotency-keys.repository';
import type { StoredConsent } from '../../libs/database/src/repositories/consents.repository';
import type { CandidateRow } from '../../libs/database/src/repositories/candidates.repository';
import type { JourneyEntity } from '../../libs/database/src/entities';
import type { HostPartFact } from '../../libs/domain/src/access';
import type { CommandResult, TaskContext } from '../../libs/domain/src/engine';
import type { ConsentVersion } from '../../libs/domain/src/privacy';
import type { OrganisationType } from '../../libs/domain/src/organisation';
import type { PersonRow } from '../../apps/api/src/access/people.repository';
import type { AnswerRow, AnswerType, InboxFilter, TaskRowRead } from '../../apps/api/src/tasks/tasks.repository';
import type { Principal } from '../../apps/api/src/auth/principal';

/** A transaction: its writes show when it commits; `ended` settles when it commits or fails. */
export class FakeTransaction {
  private readonly writes: (() => void)[] = [];
  private end!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.end = resolve));

  later(write: () => void): void {
    this.writes.push(write);
  }

  commit(): void {
    this.writes.forEach((write) => write());
    this.end();
  }

  rollback(): void {
    this.end();
  }
}

/** The data source's `transaction`: commits what the work wrote, or nothing when it throws. */
export class FakeDataSource {
  commits = 0;

  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const tx = new FakeTransaction();
    try {
      const result = await work(tx as unknown as EntityManager);
      tx.commit();
      this.commits++;
      return result;
    } catch (error) {
      tx.rollback();
      throw error;
    }
  }
}

/** A copy, as a row read back from the database is (JSON; structuredClone would give another realm's objects under jest). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A write: at once, or when the caller's transaction commits. */
function write(tx: EntityManager | undefined, change: () => void): void {
  if (tx) (tx as unknown as FakeTransaction).later(change);
  else change();
}

/** The idempotency_keys table, with its unique (organisation, key) and the row lock of an open claim. */
export class FakeIdempotencyKeys {
  readonly rows = new Map<string, StoredKey>();
  private readonly claims = new Map<string, { tx: FakeTransaction; row: StoredKey }>();

  constructor(readonly dataSource = new FakeDataSource()) {}

  async find(organisationId: string, key: string): Promise<StoredKey | undefined> {
    const row = this.rows.get(`${organisationId}:${key}`);
    return row && copy(row);
  }

  async claim(command: KeyedCommand, tx?: EntityManager): Promise<boolean> {
    const id = `${command.organisationId}:${command.key}`;
    // An insert of a key another open transaction inserted waits for that transaction.
    for (;;) {
      const open = this.claims.get(id);
      if (!open || open.tx === (tx as unknown)) break;
      await open.tx.ended;
    }
    if (this.rows.has(id)) return false;
    const row: StoredKey = { ...copy(command), resourceId: null, response: null };
    if (!tx) {
      this.rows.set(id, row);
      return true;
    }
    const open = tx as unknown as FakeTransaction;
    this.claims.set(id, { tx: open, row });
    open.later(() => this.rows.set(id, row));
    void open.ended.then(() => this.claims.delete(id));
    return true;
  }

  async recordResource(tx: EntityManager, command: KeyedCommand, resourceId: string): Promise<void> {
    const open = this.claims.get(`${command.organisationId}:${command.key}`);
    if (open && open.tx === (tx as unknown)) open.row.resourceId = resourceId;
  }

  async recordAnswer(command: KeyedCommand, status: number, body: unknown): Promise<void> {
    const id = `${command.organisationId}:${command.key}`;
    const row = this.rows.get(id);
    const response = { status, body: copy(body ?? null) };
    if (!row) this.rows.set(id, { ...copy(command), resourceId: null, response });
    else if (!row.response && sameCommand(row, command)) row.response = response;
  }

  async release(command: KeyedCommand): Promise<void> {
    const id = `${command.organisationId}:${command.key}`;
    const row = this.rows.get(id);
    if (row && row.command === command.command && row.requestHash === command.requestHash && row.resourceId === null && row.response === null) this.rows.delete(id);
  }
}

const sameCommand = (row: KeyedCommand, command: KeyedCommand): boolean =>
  row.command === command.command && row.requestHash === command.requestHash && JSON.stringify(row.params) === JSON.stringify(command.params);

/** The access log: entries in the order they were written. */
export class FakeAccessLog {
  readonly entries: AccessLogEntry[] = [];

  async record(entry: AccessLogEntry, tx?: EntityManager): Promise<void> {
    write(tx, () => this.entries.push(copy(entry)));
  }
}

/** The consent ledger: append-only versions per journey; a command key finds the version it added. */
export class FakeConsents {
  private readonly ledger = new Map<string, (StoredConsent & { commandKey?: string })[]>();

  async current(candidateId: string): Promise<StoredConsent | undefined> {
    return this.ledger.get(candidateId)?.at(-1);
  }

  async all(candidateId: string): Promise<StoredConsent[]> {
    return [...(this.ledger.get(candidateId) ?? [])];
  }

  async append(
    tx: EntityManager,
    candidateId: string,
    c: Omit<ConsentVersion, 'version'> & { reason?: string; recordedBy: { organisationId: string; subject: string } },
    commandKey?: string,
  ): Promise<{ version: number; added: boolean }> {
    const versions = this.ledger.get(candidateId) ?? [];
    const done = commandKey ? versions.find((v) => v.commandKey === commandKey) : undefined;
    if (done) return { version: done.version, added: false };
    const version = versions.length + 1;
    const stored = { ...c, version, recordedBy: { organisationId: c.recordedBy.organisationId, userId: c.recordedBy.subject }, recordedAt: new Date().toISOString(), commandKey };
    write(tx, () => this.ledger.set(candidateId, [...(this.ledger.get(candidateId) ?? []), stored]));
    return { version, added: true };
  }

  /** A version given at referral (as the referral records it). */
  seed(candidateId: string, consent: Omit<ConsentVersion, 'version'>): void {
    const versions = this.ledger.get(candidateId) ?? [];
    this.ledger.set(candidateId, [...versions, { ...consent, version: versions.length + 1, recordedBy: { organisationId: 'referrer' }, recordedAt: consent.givenAt }]);
  }
}

/** A young person as the candidates table holds them. */
export interface FakePerson {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  situation?: string;
}

/**
 * The journeys read model with the young people and their consent: what PeopleRepository reads
 * (its rows join the journey, the candidate and the newest consent version).
 */
export class FakePeople {
  readonly journeys = new Map<string, JourneyEntity>();
  readonly people = new Map<string, FakePerson>();
  readonly facts = new Map<string, HostPartFact[]>();
  today = '2026-12-07';

  constructor(private readonly consents: FakeConsents) {}

  add(journey: Partial<JourneyEntity> & Pick<JourneyEntity, 'candidateId' | 'municipalityId' | 'referrerOrganisationId'>, person?: FakePerson): JourneyEntity {
    const row = {
      workflowId: `journey-${journey.candidateId}`,
      careProviderId: null,
      step: 'CONNECT',
      status: 'ACTIVE',
      sequence: 1,
      referredAt: new Date('2026-11-02T10:00:00Z'),
      updatedAt: new Date('2026-11-02T10:00:00Z'),
      phase: 'CONNECT:ACTIVE',
      employerIds: [],
      proposedRoute: null,
      route: null,
      runCount: 1,
      currentEmployerId: null,
      projectionFence: null,
      ...journey,
    } as JourneyEntity;
    this.journeys.set(row.candidateId, row);
    if (person) this.people.set(row.candidateId, person);
    return row;
  }

  async journey(candidateId: string): Promise<JourneyEntity | undefined> {
    return this.journeys.get(candidateId);
  }

  async find(candidateIds: readonly string[]): Promise<PersonRow[]> {
    const rows: PersonRow[] = [];
    for (const id of candidateIds) {
      const j = this.journeys.get(id);
      if (!j) continue;
      const p = this.people.get(id);
      const consent = await this.consents.current(id);
      rows.push({
        candidate_id: id,
        municipality_id: j.municipalityId,
        care_provider_id: j.careProviderId,
        referrer_organisation_id: j.referrerOrganisationId,
        employer_ids: j.employerIds,
        status: j.status,
        step: j.step,
        referred_at: j.referredAt,
        first_name: p?.firstName ?? null,
        last_name: p?.lastName ?? null,
        date_of_birth: p?.dateOfBirth ?? null,
        referrer_name: null,
        host_id: j.currentEmployerId,
        host_name: null,
        consent_version: consent?.version ?? null,
        consent_grants: consent?.grants ?? null,
        consent_withdrawn_all: consent?.withdrawnAll ?? null,
        today: this.today,
      });
    }
    return rows;
  }

  async hostFacts(_db: unknown, candidateIds: readonly string[]): Promise<Map<string, HostPartFact[]>> {
    return new Map(candidateIds.map((id) => [id, this.facts.get(id) ?? []]));
  }
}

/** The candidates table (the referral's situation with it). */
export class FakeCandidates {
  constructor(private readonly people: FakePeople) {}

  async find(id: string): Promise<CandidateRow | undefined> {
    const p = this.people.people.get(id);
    const j = this.people.journeys.get(id);
    if (!p || !j) return undefined;
    return {
      id,
      municipality_id: j.municipalityId,
      first_name: p.firstName,
      last_name: p.lastName,
      date_of_birth: p.dateOfBirth,
      email: null,
      phone: null,
      situation: p.situation ?? null,
      consent_given_by: 'CANDIDATE',
      consent_given_at: j.referredAt,
      version: 1,
      erased_at: null,
      has_bsn: false,
    };
  }
}

/** The human_tasks read model, with the four-eyes facts and earlier answers of each journey. */
export class FakeTasks {
  readonly rows: TaskRowRead[] = [];
  readonly fourEyesRules = new Map<string, { required: boolean; proposerUserId: string | null }>();
  readonly answerRows = new Map<string, AnswerRow[]>();

  add(task: Pick<TaskRowRead, 'candidate_id' | 'task_id' | 'type' | 'assignee_organisation_id'> & Partial<TaskRowRead>): TaskRowRead {
    const row: TaskRowRead = {
      step: 'DISCOVER',
      status: 'OPEN',
      assignee_role: 'coordinator',
      assignee_user_id: null,
      due_at: new Date('2030-01-01T00:00:00Z'),
      escalated: false,
      created_at: new Date('2026-11-02T10:00:00Z'),
      host_id: null,
      host_name: null,
      ...task,
    };
    this.rows.push(row);
    return row;
  }

  async find(candidateId: string, taskId: string): Promise<TaskRowRead | undefined> {
    return this.rows.find((t) => t.candidate_id === candidateId && t.task_id === taskId);
  }

  async openOfJourney(candidateId: string, organisationId?: string): Promise<TaskRowRead[]> {
    return this.rows.filter((t) => t.candidate_id === candidateId && ['OPEN', 'CLAIMED'].includes(t.status) && (!organisationId || t.assignee_organisation_id === organisationId));
  }

  async inbox(f: InboxFilter): Promise<TaskRowRead[]> {
    return this.rows.filter((t) => t.assignee_organisation_id === f.organisationId && f.statuses.includes(t.status)).slice(0, f.limit);
  }

  async fourEyes(candidateId: string): Promise<{ required: boolean; proposerUserId: string | null }> {
    return this.fourEyesRules.get(candidateId) ?? { required: false, proposerUserId: null };
  }

  async answers(candidateId: string, types: readonly AnswerType[]): Promise<AnswerRow[]> {
    return (this.answerRows.get(candidateId) ?? []).filter((a) => types.includes(a.type));
  }
}

/** One Update the gateway sent. */
export interface SentUpdate {
  candidateId: string;
  update: string;
  args: unknown;
  updateId: string;
}

/** The journey workflows as the API reaches them: an Update ID applies once (a repeat answers the first result). */
export class FakeJourneys {
  readonly sent: SentUpdate[] = [];
  readonly contexts = new Map<string, TaskContext>();
  private readonly applied = new Map<string, CommandResult>();

  async act<A>(candidateId: string, update: UpdateDefinition<CommandResult, [A]>, args: A, updateId: string): Promise<CommandResult> {
    const key = `${candidateId}:${updateId}`;
    const done = this.applied.get(key);
    if (done) return done;
    this.sent.push({ candidateId, update: update.name, args: copy(args), updateId });
    const result: CommandResult = { step: 'DISCOVER', status: 'ACTIVE', sequence: this.sent.length + 1, openedTaskIds: [] };
    this.applied.set(key, result);
    return result;
  }

  async taskContext(candidateId: string, taskId: string): Promise<TaskContext | undefined> {
    return this.contexts.get(`${candidateId}:${taskId}`);
  }
}

/** The workplace list: every workplace free unless named here with its problem. */
export class FakeWorkplaces {
  readonly problems = new Map<string, string>();

  async unavailable(workplaceId: string): Promise<string | undefined> {
    return this.problems.get(workplaceId);
  }
}

/** A caller of the API, as a verified token names it. */
export function principal(organisationId: string, organisationType: OrganisationType, userId = `user-of-${organisationId}`, roles: string[] = ['coordinator']): Principal {
  return { organisationId, organisationType, userId, roles };
}

/**
 * The RFC 9457 problem a call was refused with (it fails the spec when the call succeeds or fails
 * otherwise). A call that may refuse before it returns a promise (checks of the body) is passed as a function.
 */
export async function refusal(call: Promise<unknown> | (() => unknown)): Promise<{ status: number; type: string; errors?: { field: string; code?: string }[] }> {
  const error: unknown = await Promise.resolve()
    .then(() => (typeof call === 'function' ? call() : call))
    .then(
    () => new Error('expected the call to be refused'),
    (e: unknown) => e,
  );
  const problem = (error as { problem?: { status: number; type: string; errors?: { field: string; code?: string }[] } }).problem;
  if (!problem) throw error;
  return problem;
}
