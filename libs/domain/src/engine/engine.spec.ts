import { JourneyStatus, JourneyStep } from '../journey';
import {
  decide,
  findAppliedUpdate,
  initialState,
  nextTimer,
  openTasks,
  recordAppliedUpdate,
  searchAttributes,
  validateCommand,
  type Actor,
  type Command,
  type JourneyState,
} from '.';
import { TASK_DEFINITIONS, TASK_TYPES, type TaskType } from '../method/catalogue';
import '../method/four-step';

const MUNICIPALITY = '00000000-0000-4000-8000-000000000001';
const CARE = '00000000-0000-4000-8000-000000000011';
const OTHER_CARE = '00000000-0000-4000-8000-000000000012';
const SCHOOL = '00000000-0000-4000-8000-000000000021';
const E1 = '00000000-0000-4000-8000-000000000031';
const E2 = '00000000-0000-4000-8000-000000000032';
const E3 = '00000000-0000-4000-8000-000000000033';
const DOC = '00000000-0000-4000-8000-0000000000d0';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A journey driven in memory, with a clock that moves on by an hour per act. */
/** Freezes a value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

class Journey {
  state: JourneyState;
  clock = Date.parse('2026-11-01T09:00:00.000Z');
  events: string[] = [];

  constructor(overrides: { careProviderId?: string | null; referrer?: string } = {}) {
    const d = initialState(
      {
        candidateId: 'c-1',
        municipalityId: MUNICIPALITY,
        careProviderId: overrides.careProviderId === null ? undefined : (overrides.careProviderId ?? CARE),
        referrerOrganisationId: overrides.referrer ?? CARE,
        referredAt: '2026-11-01T09:00:00.000Z',
      },
      this.now(),
    );
    this.state = d.state;
    this.events.push(...d.events.map((e) => e.type));
  }

  now(): string {
    return new Date(this.clock).toISOString();
  }

  apply(command: Command): ReturnType<typeof decide> {
    this.clock += HOUR;
    // Frozen: a decision that changed anything of the state it was given would throw here.
    const d = decide(deepFreeze(this.state), command, this.now());
    this.state = d.state;
    this.events.push(...d.events.map((e) => e.type));
    return d;
  }

  task(type: TaskType, organisationId?: string) {
    const found = openTasks(this.state).filter((t) => t.type === type && (!organisationId || t.assignee.organisationId === organisationId));
    if (!found.length) throw new Error(`no open ${type} (open: ${openTasks(this.state).map((t) => t.id).join(', ')})`);
    return found[0];
  }

  complete(type: TaskType, payload: Record<string, unknown>, organisationId?: string) {
    const task = this.task(type, organisationId);
    const command: Command = { kind: 'CompleteTask', taskId: task.id, actor: { organisationId: task.assignee.organisationId }, payload };
    // Checked as it arrives, its dates not against today (this journey's clock runs in November 2026).
    const rejection = validateCommand(this.state, command, {});
    if (rejection) throw new Error(`${type} rejected: ${rejection.message}`);
    return this.apply(command);
  }

  openTypes(): string[] {
    return openTasks(this.state).map((t) => `${t.type}@${t.assignee.organisationId.slice(-2)}`).sort();
  }

  /** Fires every timer due up to `until`, in order. */
  advanceTo(until: number): void {
    for (let t = nextTimer(this.state); t && Date.parse(t.fireAt) <= until; t = nextTimer(this.state)) {
      this.clock = Date.parse(t.fireAt) - HOUR;
      this.apply({ kind: 'TimerFired', timerId: t.id });
    }
    this.clock = Math.max(this.clock, until);
  }
}

const P = {
  accept: { decision: 'ACCEPT' },
  meeting: { meetingDate: '2026-11-05', goalCodes: ['WORK_OUTDOORS'] },
  talents: { talentCodes: ['PRECISE'], interestCodes: ['BIKES'] },
  propose: (...employerIds: string[]) => ({ employerIds }),
  respond: (decision: 'ACCEPT' | 'DECLINE') => ({ decision, ...(decision === 'DECLINE' ? { reasonCode: 'NO_CAPACITY' } : {}) }),
  feedback: { rating: 4, fitCodes: ['TEAM'], recommend: true },
  ready: { decision: 'READY_FOR_ANALYSE' },
  supportPlan: { supportPlanDocumentId: DOC, supportCodes: ['JOB_COACH'], jobCoachHoursPerWeek: 4 },
  match: (employerId: string, alternatives: string[] = []) => ({
    employerId,
    alternativeEmployerIds: alternatives,
    roleCode: 'BIKE_REPAIR',
    hoursPerWeek: 16,
    durationWeeks: 26,
    proposedRoute: 'WAGE_COST_SUBSIDY',
  }),
  approve: { decision: 'APPROVE' },
  sign: { signed: true, signedOn: '2026-12-01' },
  start: { startDate: '2026-12-02' },
  evaluation: { rating: 4, progressCodes: ['PUNCTUAL'], continuePlacement: true },
  paidWork: { decision: 'PAID_WORK', route: 'JOBS_AGREEMENT' },
  stillEmployed: { stillEmployed: true, contractCode: 'PERMANENT' },
};

/** Drives a journey from referral to the accepted placement offer at E1 (agreements open). */
function toAcceptedOffer(j = new Journey()): Journey {
  j.complete('intake.accept', P.accept);
  j.complete('intake.meeting', P.meeting);
  j.complete('profile.talents', P.talents);
  j.complete('orientation.propose', P.propose(E1));
  j.complete('orientation.respond', P.respond('ACCEPT'));
  j.complete('orientation.feedback', P.feedback, E1);
  j.complete('orientation.feedback', P.feedback, CARE);
  j.complete('discover.conclude', P.ready);
  j.complete('analyse.support-plan', P.supportPlan);
  j.complete('analyse.match', P.match(E1));
  j.complete('analyse.decision', P.approve);
  j.complete('placement.offer', P.respond('ACCEPT'));
  return j;
}

/** Drives a journey from referral to a running placement at E1. */
function toRunningPlacement(j = new Journey()): Journey {
  toAcceptedOffer(j);
  for (const party of [MUNICIPALITY, CARE, E1]) j.complete('placement.agreement', P.sign, party);
  j.complete('placement.start', P.start);
  return j;
}

function evaluateRound(j: Journey): void {
  j.advanceTo(j.clock + j.state.policy.evaluationIntervalMs + HOUR);
  j.complete('placement.evaluation', P.evaluation, E1);
  j.complete('placement.evaluation', P.evaluation, CARE);
}

describe('journey state machine', () => {
  it('starts in CONNECT with the intake for the municipal coordinator', () => {
    const j = new Journey();
    expect(j.state).toMatchObject({ step: 'CONNECT', status: 'ACTIVE', sequence: 2 });
    expect(j.openTypes()).toEqual(['intake.accept@01']);
    expect(j.events).toEqual(['journey.referred', 'task.opened']);
  });

  it('goes from referral to COMPLETED: every step, parallel signing, evaluations and four follow-ups', () => {
    const j = toRunningPlacement();
    expect(j.state.step).toBe(JourneyStep.PLACEMENT_RUNNING);
    evaluateRound(j);
    expect(j.openTypes()).toEqual([]);
    evaluateRound(j);
    expect(j.openTypes()).toEqual(['placement.outcome@01']);
    j.complete('placement.outcome', P.paidWork);
    expect(j.state).toMatchObject({ step: 'PAID_WORK', route: 'JOBS_AGREEMENT', proposedRoute: 'WAGE_COST_SUBSIDY' });

    for (const months of [1, 3, 6, 12]) {
      j.advanceTo(Date.parse(j.state.job!.startedAt) + months * 30 * DAY + HOUR);
      expect(j.openTypes()).toEqual(['job.follow-up@11']);
      j.complete('job.follow-up', P.stillEmployed);
    }
    expect(j.state).toMatchObject({ step: 'COMPLETED', status: 'COMPLETED', timers: [] });
    expect(j.events.slice(-1)).toEqual(['journey.completed']);
    expect(j.state.attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(['ORIENTATION:RECOMMENDED', 'PLACEMENT:PAID_WORK']);
  });

  it('opens the placement start only when every party has signed the agreement', () => {
    const j = toAcceptedOffer();
    expect(j.openTypes()).toEqual(['placement.agreement@01', 'placement.agreement@11', 'placement.agreement@31']);
    j.complete('placement.agreement', P.sign, E1);
    j.complete('placement.agreement', P.sign, MUNICIPALITY);
    expect(j.openTypes()).toEqual(['placement.agreement@11']);
    j.complete('placement.agreement', P.sign, CARE);
    expect(j.openTypes()).toEqual(['placement.start@31']);
  });

  describe('loops', () => {
    it('orientations: parallel answers; all declined -> propose others; then conclude', () => {
      const j = new Journey();
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      j.complete('profile.talents', P.talents);
      j.complete('orientation.propose', P.propose(E1, E2));
      expect(j.openTypes()).toEqual(['orientation.respond@31', 'orientation.respond@32']);
      j.complete('orientation.respond', P.respond('DECLINE'), E2);
      j.complete('orientation.respond', P.respond('DECLINE'), E1);
      expect(j.openTypes()).toEqual(['orientation.propose@01']);
      j.complete('orientation.propose', P.propose(E3));
      j.complete('orientation.respond', P.respond('ACCEPT'), E3);
      expect(j.openTypes()).toEqual(['orientation.feedback@11', 'orientation.feedback@33']);
      j.complete('orientation.feedback', P.feedback, E3);
      j.complete('orientation.feedback', P.feedback, CARE);
      expect(j.openTypes()).toEqual(['discover.conclude@01']);
      j.complete('discover.conclude', { decision: 'MORE_ORIENTATIONS' });
      expect(j.openTypes()).toEqual(['orientation.propose@01']);
      expect(j.state.attempts.map((a) => `${a.employerId.slice(-2)}:${a.outcome}`)).toEqual(['32:DECLINED', '31:DECLINED', '33:RECOMMENDED']);
      expect(searchAttributes(j.state).EmployerIds).toEqual([E1, E2, E3]);
    });

    it('a declined placement offer goes to the next option, and back to analyse when none is left', () => {
      const j = new Journey();
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      j.complete('profile.talents', P.talents);
      j.complete('orientation.propose', P.propose(E1));
      j.complete('orientation.respond', P.respond('ACCEPT'));
      j.complete('orientation.feedback', P.feedback, E1);
      j.complete('orientation.feedback', P.feedback, CARE);
      j.complete('discover.conclude', P.ready);
      j.complete('analyse.support-plan', P.supportPlan);
      j.complete('analyse.match', P.match(E1, [E2]));
      j.complete('analyse.decision', P.approve);
      j.complete('placement.offer', P.respond('DECLINE'), E1);
      expect(j.openTypes()).toEqual(['placement.offer@32']);
      expect(j.state.step).toBe('PLACE');
      j.complete('placement.offer', P.respond('DECLINE'), E2);
      expect(j.state.step).toBe('ANALYSE');
      expect(j.openTypes()).toEqual(['analyse.match@01']);
      expect(j.state.attempts.filter((a) => a.kind === 'PLACEMENT').map((a) => a.outcome)).toEqual(['DECLINED', 'DECLINED']);
    });

    it('a placement that ends goes back to discover, keeping what was tried', () => {
      const j = toRunningPlacement();
      evaluateRound(j);
      j.advanceTo(j.clock + j.state.policy.evaluationIntervalMs + HOUR);
      j.complete('placement.evaluation', { ...P.evaluation, continuePlacement: false }, CARE);
      expect(j.openTypes()).toEqual(['placement.evaluation@31', 'placement.outcome@01']);
      j.complete('placement.outcome', { decision: 'END', reasonCode: 'NOT_A_FIT' });
      expect(j.state).toMatchObject({ step: 'DISCOVER', status: 'ACTIVE', route: undefined, proposedRoute: 'WAGE_COST_SUBSIDY' });
      expect(j.openTypes()).toEqual(['orientation.propose@01']);
      expect(j.state.timers.filter((t) => t.kind === 'EVALUATION')).toEqual([]);
      expect(j.state.attempts.map((a) => `${a.kind}:${a.outcome}`)).toEqual(['ORIENTATION:RECOMMENDED', 'PLACEMENT:ENDED']);
    });

    it('extending a placement asks for further evaluation rounds before the next outcome', () => {
      const j = toRunningPlacement();
      evaluateRound(j);
      evaluateRound(j);
      j.complete('placement.outcome', { decision: 'EXTEND' });
      evaluateRound(j);
      expect(j.openTypes()).toEqual([]);
      evaluateRound(j);
      expect(j.openTypes()).toEqual(['placement.outcome@01']);
    });

    it('a job that ends goes back to discover, the route kept in what was tried', () => {
      const j = toRunningPlacement();
      evaluateRound(j);
      evaluateRound(j);
      j.complete('placement.outcome', P.paidWork);
      j.advanceTo(j.clock + 31 * DAY);
      j.complete('job.follow-up', { stillEmployed: false, reasonCode: 'CONTRACT_ENDED' });
      expect(j.state).toMatchObject({ step: 'DISCOVER', route: undefined, job: undefined });
      expect(j.state.timers.filter((t) => t.kind === 'FOLLOW_UP')).toEqual([]);
      expect(j.state.attempts.at(-1)).toMatchObject({ kind: 'JOB', outcome: 'ENDED', route: 'JOBS_AGREEMENT' });
    });

    it('an intake rejection exits the journey', () => {
      const j = new Journey();
      j.complete('intake.accept', { decision: 'REJECT', reasonCode: 'OUT_OF_AREA' });
      expect(j.state).toMatchObject({ status: 'EXITED', timers: [] });
      expect(j.openTypes()).toEqual([]);
    });
  });

  describe('any time', () => {
    it('pause stops timers and completions; resume shifts due dates and timers by the paused time', () => {
      const j = new Journey();
      const dueBefore = j.task('intake.accept').dueAt;
      const timersBefore = j.state.timers.map((t) => t.fireAt);
      j.apply({ kind: 'Pause', actor: { organisationId: CARE }, reasonCode: 'HOSPITAL' });
      expect(nextTimer(j.state)).toBeUndefined();
      const task = j.task('intake.accept');
      expect(validateCommand(j.state, { kind: 'CompleteTask', taskId: task.id, actor: { organisationId: MUNICIPALITY }, payload: P.accept })).toMatchObject({ reason: 'JOURNEY_PAUSED' });
      j.clock += 10 * DAY;
      j.apply({ kind: 'Resume', actor: { organisationId: MUNICIPALITY } });
      const shift = 10 * DAY + HOUR; // from the pause to the resume (each act moves the test clock an hour)
      expect(Date.parse(j.task('intake.accept').dueAt) - Date.parse(dueBefore)).toBe(shift);
      expect(j.state.timers.map((t) => Date.parse(t.fireAt) - shift)).toEqual(timersBefore.map((t) => Date.parse(t)));
      expect(j.events.slice(-2)).toEqual(['journey.paused', 'journey.resumed']);
    });

    it.each([
      ['CONNECT', (j: Journey) => j],
      ['PLACEMENT_RUNNING', (j: Journey) => toRunningPlacement(j)],
    ])('withdrawal (consent revoked) from %s cancels every open task and timer', (_, to) => {
      const j = to(new Journey());
      j.apply({ kind: 'Withdraw', actor: { organisationId: CARE }, reasonCode: 'CONSENT_REVOKED' });
      expect(j.state).toMatchObject({ status: JourneyStatus.WITHDRAWN, timers: [] });
      expect(openTasks(j.state)).toEqual([]);
      expect(validateCommand(j.state, { kind: 'Resume', actor: { organisationId: MUNICIPALITY } })).toMatchObject({ reason: 'JOURNEY_CLOSED' });
    });

    it('exit by the municipality from discover', () => {
      const j = new Journey();
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      expect(validateCommand(j.state, { kind: 'Exit', actor: { organisationId: CARE } })).toMatchObject({ reason: 'NOT_ALLOWED' });
      j.apply({ kind: 'Exit', actor: { organisationId: MUNICIPALITY }, reasonCode: 'MOVED_AWAY' });
      expect(j.state.status).toBe('EXITED');
    });

    it('transfer to another care provider moves the care tasks', () => {
      const j = new Journey();
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      expect(j.openTypes()).toEqual(['profile.talents@11']);
      j.apply({ kind: 'TransferCareProvider', actor: { organisationId: MUNICIPALITY }, careProviderId: OTHER_CARE });
      expect(j.openTypes()).toEqual(['profile.talents@12']);
      expect(j.state.careProviderId).toBe(OTHER_CARE);
      expect(searchAttributes(j.state).CareProviderId).toBe(OTHER_CARE);
    });

    it('consent withdrawn: a party hands over the open tasks that need what it lost, and keeps the others', () => {
      const j = new Journey();
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      j.complete('profile.talents', P.talents);
      j.complete('orientation.propose', P.propose(E1, E2));
      expect(j.openTypes()).toEqual(['orientation.respond@31', 'orientation.respond@32']);
      const byCare: Actor = { organisationId: CARE, userId: 'sam' };
      expect(validateCommand(j.state, { kind: 'ConsentChanged', actor: { organisationId: E1 }, version: 2, losses: [] })).toMatchObject({ reason: 'NOT_ALLOWED' });
      // Support needs withdrawn from E1: answering an orientation does not need them.
      j.apply({ kind: 'ConsentChanged', actor: byCare, version: 2, losses: [{ organisationId: E1, categories: ['SUPPORT_AND_HEALTH'] }] });
      expect(j.openTypes()).toEqual(['orientation.respond@31', 'orientation.respond@32']);
      // Everything withdrawn from E2: its orientation goes to the coordinator.
      const d = j.apply({ kind: 'ConsentChanged', actor: byCare, version: 3, losses: [{ organisationId: E2, categories: ['IDENTITY', 'WORK_PROFILE', 'PROGRESS'] }] });
      expect(j.openTypes()).toEqual(['orientation.respond@01', 'orientation.respond@31']);
      expect(d.events.map((e) => e.type)).toEqual(['journey.consent-changed', 'task.reassigned']);
      expect(d.events[1].data).toMatchObject({ toOrganisationId: MUNICIPALITY, reason: 'CONSENT_WITHDRAWN' });
    });

    it('a school referral without a care provider gives the care tasks to the school', () => {
      const j = new Journey({ careProviderId: null, referrer: SCHOOL });
      j.complete('intake.accept', P.accept);
      j.complete('intake.meeting', P.meeting);
      expect(j.openTypes()).toEqual(['profile.talents@21']);
    });

    it('claim, unclaim and reassign', () => {
      const j = new Journey();
      const id = j.task('intake.accept').id;
      const alice: Actor = { organisationId: MUNICIPALITY, userId: 'alice' };
      const bob: Actor = { organisationId: MUNICIPALITY, userId: 'bob' };
      j.apply({ kind: 'ClaimTask', taskId: id, actor: alice });
      expect(j.task('intake.accept')).toMatchObject({ status: 'CLAIMED', assignee: { userId: 'alice' } });
      expect(validateCommand(j.state, { kind: 'ClaimTask', taskId: id, actor: bob })).toMatchObject({ reason: 'ALREADY_CLAIMED' });
      expect(validateCommand(j.state, { kind: 'CompleteTask', taskId: id, actor: bob, payload: P.accept })).toMatchObject({ reason: 'NOT_ASSIGNEE' });
      j.apply({ kind: 'UnclaimTask', taskId: id, actor: alice });
      expect(j.task('intake.accept')).toMatchObject({ status: 'OPEN', assignee: { organisationId: MUNICIPALITY, role: 'coordinator' } });
      expect(validateCommand(j.state, { kind: 'ReassignTask', taskId: id, actor: { organisationId: CARE }, to: { organisationId: CARE, role: 'x' } })).toMatchObject({ reason: 'NOT_ALLOWED' });
      j.apply({ kind: 'ReassignTask', taskId: id, actor: alice, to: { organisationId: MUNICIPALITY, role: 'coordinator', userId: 'carol' } });
      expect(j.task('intake.accept')).toMatchObject({ status: 'CLAIMED', assignee: { userId: 'carol' } });
      expect(j.events.slice(-3)).toEqual(['task.claimed', 'task.unclaimed', 'task.reassigned']);
    });

    it('a reassignment keeps its reason in the timeline; one without (older histories) has none', () => {
      const j = new Journey();
      const id = j.task('intake.accept').id;
      const coordinator = { organisationId: MUNICIPALITY, userId: 'alice' };
      const withReason = j.apply({ kind: 'ReassignTask', taskId: id, actor: coordinator, to: { organisationId: MUNICIPALITY, role: 'coordinator' }, reasonCode: 'ABSENT' });
      expect(withReason.events.find((e) => e.type === 'task.reassigned')?.data).toEqual({ taskType: 'intake.accept', toOrganisationId: MUNICIPALITY, toRole: 'coordinator', reason: 'ABSENT' });
      const without = j.apply({ kind: 'ReassignTask', taskId: id, actor: coordinator, to: { organisationId: MUNICIPALITY, role: 'coordinator' } });
      expect(without.events.find((e) => e.type === 'task.reassigned')?.data).toEqual({ taskType: 'intake.accept', toOrganisationId: MUNICIPALITY, toRole: 'coordinator' });
    });
  });

  describe('rejections leave the state untouched', () => {
    const j = new Journey();
    const taskId = j.task('intake.accept').id;
    const cases: [string, Command, string, string[] | null][] = [
      ['an unknown task', { kind: 'CompleteTask', taskId: 'nope#1', actor: { organisationId: MUNICIPALITY }, payload: P.accept }, 'UNKNOWN_TASK', null],
      ['another organisation', { kind: 'CompleteTask', taskId, actor: { organisationId: CARE }, payload: P.accept }, 'NOT_ASSIGNEE', null],
      ['no actor', { kind: 'CompleteTask', taskId, actor: undefined as unknown as Actor, payload: P.accept }, 'INVALID_COMMAND', null],
      ['a missing field', { kind: 'CompleteTask', taskId, actor: { organisationId: MUNICIPALITY }, payload: {} }, 'INVALID_PAYLOAD', ['decision']],
      ['an unknown enum value', { kind: 'CompleteTask', taskId, actor: { organisationId: MUNICIPALITY }, payload: { decision: 'MAYBE' } }, 'INVALID_PAYLOAD', ['decision']],
      ['an unknown field', { kind: 'CompleteTask', taskId, actor: { organisationId: MUNICIPALITY }, payload: { decision: 'ACCEPT', bsn: '123' } }, 'INVALID_PAYLOAD', ['bsn']],
      ['a payload that is no object', { kind: 'CompleteTask', taskId, actor: { organisationId: MUNICIPALITY }, payload: 'ACCEPT' }, 'INVALID_PAYLOAD', ['payload']],
      ['resume when not paused', { kind: 'Resume', actor: { organisationId: MUNICIPALITY } }, 'INVALID_STATE', null],
      ['a reassignment for no known reason', { kind: 'ReassignTask', taskId, actor: { organisationId: MUNICIPALITY }, to: { organisationId: CARE, role: 'support-worker' }, reasonCode: 'BORED' }, 'INVALID_COMMAND', ['reasonCode']],
    ];
    it.each(cases)('%s', (_, command, reason, fields) => {
      const before = JSON.stringify(j.state);
      const rejection = validateCommand(j.state, command, {});
      expect(rejection?.reason).toBe(reason);
      if (fields) expect(rejection?.fieldErrors?.map((e) => e.field)).toEqual(fields);
      expect(JSON.stringify(j.state)).toBe(before);
      // decide() asserts what the state allows; a payload is checked as it arrives, never again (see validateCommand).
      if (reason !== 'INVALID_PAYLOAD') expect(() => decide(j.state, command, j.now())).toThrow(reason);
      else expect(validateCommand(j.state, command)).toBeUndefined();
    });

    it('a date of something done already may not lie after today as the command arrives; the handler does not ask again', () => {
      const k = new Journey();
      k.complete('intake.accept', P.accept);
      const meeting = k.task('intake.meeting');
      const command: Command = { kind: 'CompleteTask', taskId: meeting.id, actor: { organisationId: MUNICIPALITY }, payload: { meetingDate: '2026-11-02', goalCodes: [] } };
      expect(validateCommand(k.state, command, { today: '2026-11-01' })).toMatchObject({ reason: 'INVALID_PAYLOAD', fieldErrors: [{ field: 'meetingDate', code: 'IN_FUTURE' }] });
      expect(validateCommand(k.state, command, { today: '2026-11-02' })).toBeUndefined();
      expect(validateCommand(k.state, command)).toBeUndefined();
    });

    it('a closed task', () => {
      const k = new Journey();
      const id = k.task('intake.accept').id;
      k.complete('intake.accept', P.accept);
      expect(validateCommand(k.state, { kind: 'CompleteTask', taskId: id, actor: { organisationId: MUNICIPALITY }, payload: P.accept })).toMatchObject({ reason: 'TASK_CLOSED' });
    });

    it('oversized strings, wrong types, bad dates and cross-field rules', () => {
      const k = toRunningPlacement();
      evaluateRound(k);
      evaluateRound(k);
      const outcome = k.task('placement.outcome');
      const check = (payload: unknown) =>
        validateCommand(k.state, { kind: 'CompleteTask', taskId: outcome.id, actor: { organisationId: MUNICIPALITY }, payload }, {})?.fieldErrors?.map((e) => e.field);
      expect(check({ decision: 'PAID_WORK' })).toEqual(['route']);
      expect(check({ decision: 'END', reasonCode: 'x'.repeat(51) })).toEqual(['reasonCode']);
      expect(check({ decision: 'END', reasonCode: 7 })).toEqual(['reasonCode']);
      expect(check({ decision: 'PAID_WORK', route: 'LOTTERY' })).toEqual(['route']);
    });
  });

  it('decide never mutates its input state', () => {
    const j = new Journey();
    const before = JSON.stringify(j.state);
    const task = j.task('intake.accept');
    decide(j.state, { kind: 'CompleteTask', taskId: task.id, actor: { organisationId: MUNICIPALITY }, payload: P.accept }, j.now());
    expect(JSON.stringify(j.state)).toBe(before);
  });

  it('survives a JSON round trip (it is carried across continue-as-new)', () => {
    const j = toRunningPlacement();
    j.state = JSON.parse(JSON.stringify(j.state));
    evaluateRound(j);
    evaluateRound(j);
    expect(j.openTypes()).toEqual(['placement.outcome@01']);
  });

  it('remembers recent Update results, bounded', () => {
    let state = new Journey().state;
    for (let i = 0; i < 600; i++) state = recordAppliedUpdate(state, `u-${i}`, { step: 'CONNECT', status: 'ACTIVE', sequence: i, openedTaskIds: [] });
    expect(state.appliedUpdates).toHaveLength(500);
    expect(findAppliedUpdate(state, 'u-599')).toMatchObject({ sequence: 599 });
    expect(findAppliedUpdate(state, 'u-0')).toBeUndefined();
  });

  describe('timers', () => {
    it('reminds before the due date and escalates to the coordinator after it', () => {
      const j = new Journey();
      const task = j.task('intake.accept');
      const due = Date.parse(task.dueAt);
      j.advanceTo(due - j.state.policy.reminderBeforeDueMs + 1);
      expect(j.events.at(-1)).toBe('task.reminder-due');
      expect(j.task('intake.accept').escalated).toBe(false);
      j.advanceTo(due + j.state.policy.escalateAfterDueMs + 1);
      expect(j.events.at(-1)).toBe('task.escalated');
      expect(j.task('intake.accept').escalated).toBe(true);
      expect(j.state.timers).toEqual([]);
    });

    it('completing a task removes its timers', () => {
      const j = new Journey();
      const id = j.task('intake.accept').id;
      j.complete('intake.accept', P.accept);
      expect(j.state.timers.filter((t) => t.taskId === id)).toEqual([]);
    });

    it('evaluations every interval while the placement runs', () => {
      const j = toRunningPlacement();
      const evaluation = j.state.timers.find((t) => t.kind === 'EVALUATION')!;
      expect(Date.parse(evaluation.fireAt) - j.clock).toBe(j.state.policy.evaluationIntervalMs);
      j.advanceTo(Date.parse(evaluation.fireAt));
      expect(j.openTypes()).toEqual(['placement.evaluation@11', 'placement.evaluation@31']);
      expect(j.state.timers.filter((t) => t.kind === 'EVALUATION')).toHaveLength(1);
    });
  });

  it('the label comes afterwards: no task before analyse has a route field', () => {
    const routeFields = (type: TaskType) => Object.keys(TASK_DEFINITIONS[type].schema).filter((f) => /route/i.test(f));
    const early = TASK_TYPES.filter((t) => ['CONNECT', 'DISCOVER'].includes(TASK_DEFINITIONS[t].step));
    expect(early.length).toBeGreaterThan(5);
    for (const type of early) expect(routeFields(type)).toEqual([]);
    expect(routeFields('analyse.match')).toEqual(['proposedRoute']);
    expect(routeFields('placement.outcome')).toEqual(['route']);
  });
});
