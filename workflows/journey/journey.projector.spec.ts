import { decide, initialState, type Command, type Decision, type JourneyState } from '../../libs/domain/src/engine';
import '../../libs/domain/src/method/four-step';
import { JourneyPatch } from './journey.patches';
import { JourneyProjector } from './journey.projector';

const MUNICIPALITY = '00000000-0000-4000-8000-000000000001';
const CARE = '00000000-0000-4000-8000-000000000011';
const HOUR = 3600_000;
const START = Date.parse('2026-11-01T09:00:00.000Z');
const coordinator = { organisationId: MUNICIPALITY, userId: 'coordinator' };

/** A journey decided in memory by the engine, as the workflow decides it. */
class Journey {
  clock = START;
  first: Decision;
  state: JourneyState;

  constructor() {
    this.first = initialState({ candidateId: 'c-1', municipalityId: MUNICIPALITY, careProviderId: CARE, referrerOrganisationId: CARE, referredAt: new Date(START).toISOString() }, this.at());
    this.state = this.first.state;
  }

  at(): string {
    return new Date(this.clock).toISOString();
  }

  act(command: Command): Decision {
    this.clock += HOUR;
    const d = decide(this.state, command, this.at());
    this.state = d.state;
    return d;
  }

  openTask(type: string) {
    return this.state.tasks.find((t) => t.type === type && (t.status === 'OPEN' || t.status === 'CLAIMED'))!;
  }

  claim(type: string): Decision {
    return this.act({ kind: 'ClaimTask', taskId: this.openTask(type).id, actor: coordinator });
  }

  complete(type: string, payload: unknown): Decision {
    return this.act({ kind: 'CompleteTask', taskId: this.openTask(type).id, actor: coordinator, payload });
  }
}

/** Patches as a run of today asks them, with every question recorded in order. */
function patches(taken: Partial<Record<JourneyPatch, boolean>> = {}) {
  const asked: JourneyPatch[] = [];
  const check = (patch: JourneyPatch): boolean => {
    asked.push(patch);
    return taken[patch] ?? true;
  };
  return { asked, check };
}

const sequences = (events: { sequence: number }[]) => events.map((e) => e.sequence);

describe(JourneyProjector.name, () => {
  it("queues a new journey's first decision and writes it with base 0 and a fence along the history", () => {
    const j = new Journey();
    const sut = new JourneyProjector(true, 0, patches().check);
    const ticket = sut.enqueue(j.first);
    expect(sut.pending).toBe(true);
    expect(sut.isDone(ticket)).toBe(false);
    expect(sut.allProjected(j.state.sequence)).toBe(false);

    const job = sut.take(j.state, 7, 1234);
    expect(job.batch.fence).toEqual([1, 1234, 7]);
    expect(job.batch.base).toBe(0);
    expect(job.batch.journey.sequence).toBe(j.state.sequence);
    expect(sequences(job.batch.events)).toEqual(sequences(j.first.events));
    expect(job.batch.tasks.map((t) => t.taskId)).toEqual(j.first.changedTasks.map((t) => t.id));
    expect(sut.isDone(ticket)).toBe(false); // taken, not yet written

    sut.written(job, 9);
    expect(sut.pending).toBe(false);
    expect(sut.isDone(ticket)).toBe(true);
    expect(sut.allProjected(j.state.sequence)).toBe(true);
  });

  it('coalesces a burst of decisions into one batch that answers every ticket in it', () => {
    const j = new Journey();
    const sut = new JourneyProjector(true, 0, patches().check);
    sut.enqueue(j.first);
    const claimed = sut.enqueue(j.claim('intake.accept'));
    const accepted = sut.enqueue(j.complete('intake.accept', { decision: 'ACCEPT' }));
    const job = sut.take(j.state, 5, 0);
    expect(job.upTo).toBe(accepted);
    expect(sequences(job.batch.events)).toEqual(Array.from({ length: j.state.sequence }, (_, i) => i + 1));
    // The intake task changed twice: one row, as it is now.
    const intake = job.batch.tasks.filter((t) => t.taskId === 'intake.accept#1');
    expect(intake).toHaveLength(1);
    expect(intake[0].status).toBe('COMPLETED');
    sut.written(job, 8);
    expect([sut.isDone(claimed), sut.isDone(accepted)]).toEqual([true, true]);
  });

  it('carries what a projection of the same workflow task wrote until a longer history shows it committed', () => {
    const j = new Journey();
    const sut = new JourneyProjector(true, 0, patches().check);
    sut.enqueue(j.first);
    const first = sut.take(j.state, 5, 0);
    sut.written(first, 5); // its result came back in the workflow task that asked for it: not known committed

    const claim = j.claim('intake.accept');
    sut.enqueue(claim);
    const second = sut.take(j.state, 5, 0);
    expect(second.batch.base).toBe(0);
    expect(sequences(second.batch.events)).toEqual([...sequences(j.first.events), ...sequences(claim.events)]);
    expect(second.batch.tasks.find((t) => t.taskId === 'intake.accept#1')?.status).toBe('CLAIMED');
    sut.written(second, 5);

    // The history grew past the second projection: what it wrote is committed and becomes the base.
    const accept = j.complete('intake.accept', { decision: 'ACCEPT' });
    sut.enqueue(accept);
    const third = sut.take(j.state, 11, 0);
    expect(third.batch.base).toBe(second.batch.journey.sequence);
    expect(sequences(third.batch.events)).toEqual(sequences(accept.events));
  });

  it('starts a continued run from the carried sequence as its committed base', () => {
    const j = new Journey();
    j.claim('intake.accept');
    const carried = j.state.sequence;
    const sut = new JourneyProjector(true, carried, patches().check);
    expect(sut.allProjected(carried)).toBe(true);
    const d = j.complete('intake.accept', { decision: 'ACCEPT' });
    sut.enqueue(d);
    const job = sut.take(j.state, 3, 0);
    expect(job.batch.base).toBe(carried);
    expect(sequences(job.batch.events)).toEqual(sequences(d.events));
  });

  it('writes the notices in the projection, again until committed, and tells none itself (patch notices-in-projection)', () => {
    const j = new Journey();
    const p = patches();
    const sut = new JourneyProjector(true, 0, p.check);
    sut.enqueue(j.first);
    expect(p.asked).toEqual([JourneyPatch.NOTIFY, JourneyPatch.NOTICES_IN_PROJECTION]);
    const first = sut.take(j.state, 5, 0);
    expect(first.notices).toEqual([]);
    const told = first.batch.notices!.notices;
    expect(told.length).toBeGreaterThan(0);
    expect(told.map((n) => [n.taskType, n.to.map((r) => r.organisationId)])).toEqual([['intake.accept', [MUNICIPALITY]]]);
    expect(first.batch.notices!.parties.municipalityId).toBe(MUNICIPALITY);
    sut.written(first, 5);

    // A claim tells nobody: the unconfirmed notices ride along again, and nothing else.
    sut.enqueue(j.claim('intake.accept'));
    const second = sut.take(j.state, 5, 0);
    expect(second.batch.notices!.notices).toEqual(told);
    sut.written(second, 5);
    // Committed: the next batch carries no notices from before its base, but still says it has none.
    sut.enqueue({ events: [], changedTasks: [] });
    const third = sut.take(j.state, 9, 0);
    expect(third.batch.notices).toEqual({ parties: second.batch.notices!.parties, notices: [] });
  });

  it('asks the notify patches only where an event is made', () => {
    const j = new Journey();
    const p = patches();
    const sut = new JourneyProjector(true, 0, p.check);
    sut.enqueue({ events: [], changedTasks: j.first.changedTasks });
    expect(p.asked).toEqual([]);
    sut.enqueue(j.first);
    expect(p.asked).toEqual([JourneyPatch.NOTIFY, JourneyPatch.NOTICES_IN_PROJECTION]);
  });

  it('hands the notices to a notify activity before patch notices-in-projection, and to nobody before patch notify', () => {
    const j = new Journey();
    const before = new JourneyProjector(true, 0, patches({ [JourneyPatch.NOTICES_IN_PROJECTION]: false }).check);
    before.enqueue(j.first);
    const job = before.take(j.state, 5, 0);
    expect(job.batch.notices).toBeUndefined();
    expect(job.notices.length).toBeGreaterThan(0);
    expect(job.parties.municipalityId).toBe(MUNICIPALITY);

    const p = patches({ [JourneyPatch.NOTIFY]: false });
    const older = new JourneyProjector(true, 0, p.check);
    older.enqueue(j.first);
    expect(p.asked).toEqual([JourneyPatch.NOTIFY]);
    const silent = older.take(j.state, 5, 0);
    expect(silent.batch.notices).toBeUndefined();
    expect(silent.notices).toEqual([]);
  });

  it('a reprojection carries the tasks asked for and deletes the ones never opened, with the notices after its base', () => {
    const j = new Journey();
    const p = patches();
    const sut = new JourneyProjector(true, j.state.sequence, p.check);
    sut.reprojecting();
    expect(p.asked).toEqual([JourneyPatch.NOTICES_IN_PROJECTION]);
    const ticket = sut.enqueue({ events: [], changedTasks: [j.openTask('intake.accept')] }, ['intake.meeting#9']);
    const job = sut.take(j.state, 4, 0);
    expect(job.batch.base).toBe(j.state.sequence);
    expect(job.batch.events).toEqual([]);
    expect(job.batch.removedTaskIds).toEqual(['intake.meeting#9']);
    expect(job.batch.tasks.map((t) => t.taskId)).toEqual(['intake.accept#1']);
    expect(job.batch.notices?.notices).toEqual([]);
    sut.written(job, 6);
    expect(sut.isDone(ticket)).toBe(true);
  });

  it('before the serial projector: projected means written up to the state, and a reprojection asks no patch', () => {
    const p = patches();
    const sut = new JourneyProjector(false, 4, p.check);
    expect(sut.allProjected(4)).toBe(true);
    expect(sut.allProjected(6)).toBe(false);
    sut.writtenUnqueued(6);
    sut.writtenUnqueued(5); // a slower write of an older sequence does not go back
    expect(sut.allProjected(6)).toBe(true);
    sut.reprojecting();
    expect(p.asked).toEqual([]);
  });

  it('is settled only once every notification it started has ended', () => {
    const sut = new JourneyProjector(true, 0, patches().check);
    expect(sut.settled(0)).toBe(true);
    sut.notificationStarted();
    sut.notificationStarted();
    sut.notificationEnded();
    expect(sut.settled(0)).toBe(false);
    sut.notificationEnded();
    expect(sut.settled(0)).toBe(true);
  });
});
