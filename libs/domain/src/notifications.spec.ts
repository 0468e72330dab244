import { decide, initialState, type Command, type Decision, type JourneyState } from './engine';
import './method/four-step';
import { journeyNotices, journeyParties, wantsDigest, DEFAULT_PREFERENCES, type JourneyNotice } from './notifications';

const MUNICIPALITY = '00000000-0000-4000-8000-000000000001';
const CARE = '00000000-0000-4000-8000-000000000011';
const OTHER_CARE = '00000000-0000-4000-8000-000000000012';
const E1 = '00000000-0000-4000-8000-000000000031';
const E2 = '00000000-0000-4000-8000-000000000032';
const HOUR = 3600_000;

/** A journey in memory, with the notices of each decision. */
class Journey {
  state: JourneyState;
  clock = Date.parse('2026-11-01T09:00:00.000Z');
  notices: JourneyNotice[];

  constructor() {
    const d = initialState(
      { candidateId: 'c-1', municipalityId: MUNICIPALITY, careProviderId: CARE, referrerOrganisationId: CARE, referredAt: '2026-11-01T09:00:00.000Z', policy: { taskDueMs: { default: 10 * HOUR }, reminderBeforeDueMs: 2 * HOUR, escalateAfterDueMs: HOUR } },
      new Date(this.clock).toISOString(),
    );
    this.state = d.state;
    this.notices = journeyNotices(d.state, d.events);
  }

  act(command: Command): Decision {
    this.clock += HOUR;
    const d = decide(this.state, command, new Date(this.clock).toISOString());
    this.state = d.state;
    this.notices = journeyNotices(d.state, d.events);
    return d;
  }

  complete(type: string, payload: unknown, organisationId: string = this.task(type).assignee.organisationId): void {
    this.act({ kind: 'CompleteTask', taskId: this.task(type, organisationId).id, actor: { organisationId, userId: 'someone' }, payload });
  }

  task(type: string, organisationId?: string) {
    return this.state.tasks.find((t) => t.type === type && (t.status === 'OPEN' || t.status === 'CLAIMED') && (!organisationId || t.assignee.organisationId === organisationId))!;
  }

  fire(id: string): void {
    this.act({ kind: 'TimerFired', timerId: id });
  }

  /** To the orientation requests of the two employers. */
  toOrientation(): void {
    this.complete('intake.accept', { decision: 'ACCEPT' });
    this.complete('intake.meeting', { meetingDate: '2026-11-05', goalCodes: ['WORK_OUTDOORS'] });
    this.complete('profile.talents', { talentCodes: ['PRECISE'], interestCodes: ['BIKES'] });
    this.complete('orientation.propose', { employerIds: [E1, E2] });
  }
}

const brief = (n: JourneyNotice[]) => n.map((x) => ({ type: x.type, kind: x.kind, taskType: x.taskType, to: x.to }));

describe(journeyNotices.name, () => {
  it('a new task is told to its organisation, with its type and due date and no one else', () => {
    const j = new Journey();
    expect(j.notices).toEqual([
      { sequence: 2, type: 'task.opened', kind: 'TASK_ASSIGNED', occurredAt: '2026-11-01T09:00:00.000Z', taskId: 'intake.accept#1', taskType: 'intake.accept', dueAt: '2026-11-01T19:00:00.000Z', to: [{ organisationId: MUNICIPALITY }] },
    ]);
  });

  it('each employer asked for an orientation gets its own request', () => {
    const j = new Journey();
    j.toOrientation();
    expect(brief(j.notices)).toEqual([
      { type: 'task.opened', kind: 'TASK_ASSIGNED', taskType: 'orientation.respond', to: [{ organisationId: E1 }] },
      { type: 'task.opened', kind: 'TASK_ASSIGNED', taskType: 'orientation.respond', to: [{ organisationId: E2 }] },
    ]);
  });

  it('a reminder goes to the assignee, only to the claiming user once claimed; an escalation to the municipality', () => {
    const j = new Journey();
    const task = j.task('intake.accept');
    j.act({ kind: 'ClaimTask', taskId: task.id, actor: { organisationId: MUNICIPALITY, userId: 'coordinator-7' } });
    expect(j.notices).toEqual([]);
    j.fire(`reminder:${task.id}`);
    expect(brief(j.notices)).toEqual([{ type: 'task.reminder-due', kind: 'TASK_REMINDER', taskType: 'intake.accept', to: [{ organisationId: MUNICIPALITY, subject: 'coordinator-7' }] }]);
    j.fire(`escalation:${task.id}`);
    expect(brief(j.notices)).toEqual([{ type: 'task.escalated', kind: 'TASK_ESCALATED', taskType: 'intake.accept', to: [{ organisationId: MUNICIPALITY }] }]);
  });

  it('a reassigned task goes to its new assignee (the person, when one is named)', () => {
    const j = new Journey();
    const task = j.task('intake.accept');
    j.act({ kind: 'ReassignTask', taskId: task.id, actor: { organisationId: MUNICIPALITY }, to: { organisationId: MUNICIPALITY, role: 'coordinator', userId: 'coordinator-9' } });
    expect(brief(j.notices)).toEqual([{ type: 'task.reassigned', kind: 'TASK_ASSIGNED', taskType: 'intake.accept', to: [{ organisationId: MUNICIPALITY, subject: 'coordinator-9' }] }]);
  });

  it("a withdrawal is told to every party but the one that acted; an employer loses its request and hears of that alone", () => {
    const j = new Journey();
    j.toOrientation();
    j.act({ kind: 'Withdraw', actor: { organisationId: CARE }, reasonCode: 'CONSENT_REVOKED' });
    expect(brief(j.notices)).toEqual([
      { type: 'task.cancelled', kind: 'JOURNEY_ACT', taskType: 'orientation.respond', to: [{ organisationId: E1 }] },
      { type: 'task.cancelled', kind: 'JOURNEY_ACT', taskType: 'orientation.respond', to: [{ organisationId: E2 }] },
      { type: 'journey.withdrawn', kind: 'JOURNEY_ACT', taskType: undefined, to: [{ organisationId: MUNICIPALITY }] },
    ]);
    expect(j.notices.find((n) => n.type === 'journey.withdrawn')?.reasonCode).toBe('CONSENT_REVOKED');
  });

  it('a referral made in error is told with its own reason, so it is not worded as a consent withdrawn', () => {
    const j = new Journey();
    j.act({ kind: 'Withdraw', actor: { organisationId: CARE }, reasonCode: 'REFERRED_IN_ERROR' });
    expect(j.notices.filter((n) => n.type === 'journey.withdrawn').map((n) => n.reasonCode)).toEqual(['REFERRED_IN_ERROR']);
  });

  it('a pause is told to the parties and the employers with open tasks; a transfer to both care providers', () => {
    const j = new Journey();
    j.toOrientation();
    j.act({ kind: 'Pause', actor: { organisationId: MUNICIPALITY } });
    expect(brief(j.notices)).toEqual([{ type: 'journey.paused', kind: 'JOURNEY_ACT', taskType: undefined, to: [CARE, E1, E2].map((organisationId) => ({ organisationId })) }]);
    j.act({ kind: 'TransferCareProvider', actor: { organisationId: MUNICIPALITY }, careProviderId: OTHER_CARE });
    expect(brief(j.notices)).toEqual([{ type: 'journey.care-provider-transferred', kind: 'JOURNEY_ACT', taskType: undefined, to: [{ organisationId: CARE }, { organisationId: OTHER_CARE }] }]);
  });

  it('completing a task tells no one of the completion itself, only of what it opened', () => {
    const j = new Journey();
    j.complete('intake.accept', { decision: 'ACCEPT' });
    expect(j.notices.map((n) => n.type)).toEqual(['task.opened']);
  });

  it("the parties are the journey's, ids only", () => {
    const j = new Journey();
    j.toOrientation();
    expect(journeyParties(j.state)).toEqual({ municipalityId: MUNICIPALITY, careProviderId: CARE, referrerOrganisationId: CARE, employerIds: [E1, E2] });
  });
});

describe(wantsDigest.name, () => {
  it('is asked for, or follows from a kind routed into the digest', () => {
    expect(wantsDigest(DEFAULT_PREFERENCES)).toBe(false);
    expect(wantsDigest({ ...DEFAULT_PREFERENCES, dailyDigest: true })).toBe(true);
    expect(wantsDigest({ ...DEFAULT_PREFERENCES, kinds: { ...DEFAULT_PREFERENCES.kinds, JOURNEY_ACT: 'DIGEST' } })).toBe(true);
  });
});
