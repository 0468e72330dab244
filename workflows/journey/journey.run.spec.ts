import { JourneyRun, dueKey } from './journey.run';

const MUNICIPALITY = '00000000-0000-4000-8000-000000000001';
const CARE = '00000000-0000-4000-8000-000000000011';
const NOW = '2026-11-01T09:00:00.000Z';
const LATER = '2026-11-01T10:00:00.000Z';
const INPUT = { candidateId: 'c-1', municipalityId: MUNICIPALITY, careProviderId: CARE, referrerOrganisationId: CARE, referredAt: NOW };
const coordinator = { organisationId: MUNICIPALITY, userId: 'coordinator' };

const intakeId = (run: JourneyRun) => run.state.tasks.find((t) => t.type === 'intake.accept')!.id;

describe(JourneyRun.name, () => {
  it('a new journey starts with its first decision: the referral and the intake, at sequence 0 of the read model', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    expect(sut.first?.events.map((e) => e.type)).toEqual(['journey.referred', 'task.opened']);
    expect(sut.state).toBe(sut.first?.state);
    expect(sut.startSequence).toBe(0);
    expect(sut.state.runCount).toBe(1);
  });

  it('a continued run takes the carried state, counts itself and starts from its sequence', () => {
    const carried = new JourneyRun(INPUT, undefined, NOW).state;
    const sut = new JourneyRun(INPUT, carried, LATER);
    expect(sut.first).toBeUndefined();
    expect(sut.state.runCount).toBe(2);
    expect(sut.startSequence).toBe(carried.sequence);
    expect(carried.runCount).toBe(1); // the carried state is left as it was
  });

  it('rejects a command the engine refuses, leaving the state; applies one it accepts', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    const before = sut.state;
    const byCare = { kind: 'CompleteTask' as const, taskId: intakeId(sut), actor: { organisationId: CARE }, payload: { decision: 'ACCEPT' } };
    expect(sut.rejection(byCare)?.reason).toBe('NOT_ASSIGNEE');
    expect(sut.state).toBe(before);

    const accept = { ...byCare, actor: coordinator };
    // An arriving payload is checked against the rules of today; without `arriving` it is not.
    expect(sut.rejection({ ...accept, payload: { decision: 'MAYBE' } }, { today: '2026-11-01' })?.reason).toBe('INVALID_PAYLOAD');
    expect(sut.rejection(accept, { today: '2026-11-01' })).toBeUndefined();
    const decision = sut.decide(accept, LATER);
    expect(sut.state).toBe(decision.state);
    expect(decision.result).toMatchObject({ taskId: intakeId(sut), step: 'CONNECT' });
    expect(sut.state.sequence).toBeGreaterThan(before.sequence);
  });

  it('answers a repeated Update from memory', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    expect(sut.answered('update-1')).toBeUndefined();
    expect(sut.answered(undefined)).toBeUndefined();
    const { result } = sut.decide({ kind: 'ClaimTask', taskId: intakeId(sut), actor: coordinator }, LATER);
    sut.remember('update-1', result);
    expect(sut.answered('update-1')).toEqual(result);
  });

  it('upserts the search attributes only when they changed', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    expect(sut.searchAttributesToUpsert()).toEqual({ JourneyStep: 'CONNECT', JourneyPhase: expect.any(String), MunicipalityId: MUNICIPALITY, CareProviderId: CARE, EmployerIds: [] });
    expect(sut.searchAttributesToUpsert()).toBeUndefined();
    sut.decide({ kind: 'ClaimTask', taskId: intakeId(sut), actor: coordinator }, LATER);
    expect(sut.searchAttributesToUpsert()).toBeUndefined(); // a claim moves nothing Temporal searches by
    sut.decide({ kind: 'TransferCareProvider', careProviderId: '00000000-0000-4000-8000-000000000012', actor: coordinator }, LATER);
    expect(sut.searchAttributesToUpsert()?.CareProviderId).toBe('00000000-0000-4000-8000-000000000012');
  });

  it('is due to continue as new when Temporal suggests it or once it took its share of Updates', () => {
    const sut = new JourneyRun({ ...INPUT, policy: { maxUpdatesPerRun: 2 } }, undefined, NOW);
    expect(sut.continueAsNewDue(true)).toBe(true);
    expect(sut.continueAsNewDue(false)).toBe(false);
    sut.countUpdate();
    expect(sut.continueAsNewDue(false)).toBe(false);
    sut.countUpdate();
    expect(sut.continueAsNewDue(false)).toBe(true);
  });

  it('wakes the timer loop on a change of the next due time only, or on every change before patch narrow-wake', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    let suggested = false;
    const narrow = sut.wakeCondition(true, () => suggested);
    const wide = sut.wakeCondition(false, () => suggested);
    expect([narrow(), wide()]).toEqual([false, false]);
    sut.decide({ kind: 'ClaimTask', taskId: intakeId(sut), actor: coordinator }, LATER);
    expect([narrow(), wide()]).toEqual([false, true]); // a claim moves no due time
    suggested = true;
    expect(narrow()).toBe(true);
    suggested = false;
    sut.decide({ kind: 'CompleteTask', taskId: intakeId(sut), actor: coordinator, payload: { decision: 'ACCEPT' } }, LATER);
    expect(narrow()).toBe(true); // the intake's timers went, the meeting's came
    const closing = sut.wakeCondition(true, () => false);
    sut.decide({ kind: 'Exit', actor: coordinator, reasonCode: 'OTHER' }, LATER);
    expect(closing()).toBe(true);
  });

  it('names the next timer by id and time, and none once the journey is closed', () => {
    const sut = new JourneyRun(INPUT, undefined, NOW);
    const timer = sut.nextTimer()!;
    expect(sut.dueKey()).toBe(`${timer.id}@${timer.fireAt}`);
    expect(dueKey(undefined)).toBe('');
    expect(sut.closed).toBe(false);
    sut.decide({ kind: 'Exit', actor: coordinator, reasonCode: 'OTHER' }, LATER);
    expect(sut.closed).toBe(true);
    expect(sut.nextTimer()).toBeUndefined();
    expect(sut.dueKey()).toBe('');
  });
});
