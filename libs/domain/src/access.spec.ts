import { fourEyesRefuses, hostPartRunning, journeyRole, personalFields, personSummary, readsAccessLog, summaryFields, seesUserNames, taskContextParts, visibleTimelineEntry, type HostPartFact, type Reader } from './access';
import { ageOn } from './candidate-dates';
import { OrganisationType } from './organisation';

const M = 'a0000000-0000-4000-8000-000000000001';
const CARE = 'a0000000-0000-4000-8000-000000000011';
const SCHOOL = 'a0000000-0000-4000-8000-000000000021';
const HOST = 'a0000000-0000-4000-8000-000000000031';
const OTHER_HOST = 'a0000000-0000-4000-8000-000000000032';
const STRANGER = 'a0000000-0000-4000-8000-000000000099';
const journey = { municipalityId: M, careProviderId: CARE, referrerOrganisationId: SCHOOL, employerIds: [HOST, OTHER_HOST] };
const reader = (organisationId: string, organisationType: OrganisationType, roles: string[] = []): Reader => ({ organisationId, organisationType, roles });

describe('access rules', () => {
  it('each party has its part in a journey; anyone else none (the journey does not exist for it)', () => {
    expect(journeyRole(reader(M, OrganisationType.MUNICIPALITY), journey)).toBe('MUNICIPALITY');
    expect(journeyRole(reader(CARE, OrganisationType.CARE_PROVIDER), journey)).toBe('CARE_PROVIDER');
    expect(journeyRole(reader(SCHOOL, OrganisationType.SCHOOL), journey)).toBe('REFERRER');
    expect(journeyRole(reader(OTHER_HOST, OrganisationType.EMPLOYER), journey)).toBe('HOST');
    expect(journeyRole(reader(STRANGER, OrganisationType.EMPLOYER), journey)).toBeUndefined();
    expect(journeyRole(reader(STRANGER, OrganisationType.MUNICIPALITY), journey)).toBeUndefined();
  });

  it('a host works with the first name only; the care parties and the municipality see the rest', () => {
    expect(personalFields('HOST')).toEqual(['firstName']);
    for (const role of ['MUNICIPALITY', 'CARE_PROVIDER', 'REFERRER'] as const) expect(personalFields(role)).toEqual(['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'consent']);
  });

  it('a task’s context: a host never sees the proposed route or what was tried elsewhere', () => {
    expect(taskContextParts(OrganisationType.EMPLOYER)).toEqual(['profile', 'match', 'agreedSupport']);
    expect(taskContextParts(OrganisationType.CARE_PROVIDER)).toContain('attempts');
  });

  it('a host sees its own part of the timeline and the moves, never which other host', () => {
    const host = reader(HOST, OrganisationType.EMPLOYER);
    const see = (entry: { type: string; actorOrganisationId?: string; data: Record<string, unknown> }) => visibleTimelineEntry('HOST', host, entry);
    expect(see({ type: 'task.completed', actorOrganisationId: OTHER_HOST, data: { taskType: 'orientation.feedback' } })).toBeUndefined();
    expect(see({ type: 'task.completed', actorOrganisationId: CARE, data: { taskType: 'orientation.feedback', employerId: OTHER_HOST } })).toBeUndefined();
    expect(see({ type: 'task.opened', data: { taskType: 'orientation.respond', assigneeOrganisationId: HOST, employerId: HOST } })).toBeTruthy();
    expect(see({ type: 'journey.moved', data: { from: 'PLACE', to: 'PLACEMENT_RUNNING', employerId: OTHER_HOST } })).toEqual({
      type: 'journey.moved',
      data: { from: 'PLACE', to: 'PLACEMENT_RUNNING' },
    });
    const entry = { type: 'task.completed', actorOrganisationId: CARE, data: { taskType: 'profile.talents' } };
    expect(visibleTimelineEntry('CARE_PROVIDER', reader(CARE, OrganisationType.CARE_PROVIDER), entry)).toBe(entry);
  });

  it('user names: the municipality and the acting organisation’s own admin; the access log: the municipality', () => {
    expect(seesUserNames(reader(M, OrganisationType.MUNICIPALITY), CARE)).toBe(true);
    expect(seesUserNames(reader(CARE, OrganisationType.CARE_PROVIDER, ['admin']), CARE)).toBe(true);
    expect(seesUserNames(reader(CARE, OrganisationType.CARE_PROVIDER, ['support-worker']), CARE)).toBe(false);
    expect(seesUserNames(reader(HOST, OrganisationType.EMPLOYER, ['admin']), CARE)).toBe(false);
    expect(readsAccessLog(reader(M, OrganisationType.MUNICIPALITY))).toBe(true);
    expect(readsAccessLog(reader(CARE, OrganisationType.CARE_PROVIDER))).toBe(false);
  });

  it('four eyes: only where required, only the funding decision, only by the person who proposed the match', () => {
    const required = { required: true, proposerUserId: 'alice' };
    expect(fourEyesRefuses('analyse.decision', required, 'alice')).toBe(true);
    expect(fourEyesRefuses('analyse.decision', required, 'bob')).toBe(false);
    expect(fourEyesRefuses('analyse.decision', { ...required, required: false }, 'alice')).toBe(false);
    expect(fourEyesRefuses('analyse.match', required, 'alice')).toBe(false);
    // A match proposed without a person (a system act) cannot be the decider's own.
    expect(fourEyesRefuses('analyse.decision', { required: true, proposerUserId: null }, undefined)).toBe(false);
  });

  it('a person summary: full name and age for the care parts, the first name for a host, nothing without identity in the consent', () => {
    const facts = { firstName: 'Sanne', lastName: 'Bakker', dateOfBirth: '2006-03-14' };
    expect(personSummary('MUNICIPALITY', true, facts, '2026-12-07')).toEqual({ firstName: 'Sanne', lastName: 'Bakker', age: 20 });
    expect(personSummary('REFERRER', true, facts, '2026-12-07')).toEqual({ firstName: 'Sanne', lastName: 'Bakker', age: 20 });
    expect(personSummary('HOST', true, facts, '2026-12-07')).toEqual({ firstName: 'Sanne' });
    expect(personSummary('CARE_PROVIDER', false, facts, '2026-12-07')).toEqual({});
    expect(summaryFields(personSummary('CARE_PROVIDER', true, facts, '2026-12-07'))).toEqual(['firstName', 'lastName', 'dateOfBirth']);
    expect(summaryFields(personSummary('HOST', true, facts, '2026-12-07'))).toEqual(['firstName']);
  });

  it('the age turns on the birthday itself', () => {
    expect(ageOn('2006-03-14', '2026-03-13')).toBe(19);
    expect(ageOn('2006-03-14', '2026-03-14')).toBe(20);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  describe('a host takes part while its part runs', () => {
    const asked = (host: string, taskType: string): HostPartFact => ({ type: 'task.opened', taskType, assigneeOrganisationId: host, employerId: host, data: {} });
    const answered = (host: string, taskType: string, data: Record<string, unknown>): HostPartFact => ({ type: 'task.completed', taskType, employerId: host, data });
    const match = (employerId: string, alternativeEmployerIds: string[] = []): HostPartFact => ({ type: 'task.completed', taskType: 'analyse.match', data: { employerId, alternativeEmployerIds } });
    const orientation = [asked(HOST, 'orientation.respond'), asked(OTHER_HOST, 'orientation.respond')];

    it('from when it is asked, not when it is only named', () => {
      expect(hostPartRunning(HOST, 'ACTIVE', [])).toBe(false);
      expect(hostPartRunning(HOST, 'ACTIVE', orientation)).toBe(true);
      expect(hostPartRunning(OTHER_HOST, 'ACTIVE', [match(HOST, [OTHER_HOST])])).toBe(false);
      expect(hostPartRunning(HOST, 'ACTIVE', [match(HOST, [OTHER_HOST])])).toBe(false);
      expect(hostPartRunning(HOST, 'ACTIVE', [match(HOST, [OTHER_HOST]), asked(HOST, 'placement.offer')])).toBe(true);
    });

    it('until it declines the orientation, another host is chosen, it declines the offer, or its placement or job ends', () => {
      expect(hostPartRunning(HOST, 'ACTIVE', [...orientation, answered(HOST, 'orientation.respond', { decision: 'DECLINE' })])).toBe(false);
      expect(hostPartRunning(OTHER_HOST, 'ACTIVE', [...orientation, answered(HOST, 'orientation.respond', { decision: 'DECLINE' })])).toBe(true);
      const oriented = [...orientation, answered(HOST, 'orientation.respond', { decision: 'ACCEPT' }), asked(HOST, 'orientation.feedback'), answered(HOST, 'orientation.feedback', { recommend: true })];
      expect(hostPartRunning(HOST, 'ACTIVE', oriented)).toBe(true);
      expect(hostPartRunning(HOST, 'ACTIVE', [...oriented, match(OTHER_HOST)])).toBe(false);
      expect(hostPartRunning(HOST, 'ACTIVE', [...oriented, match(HOST)])).toBe(true);
      const offered = [...oriented, match(HOST, [OTHER_HOST]), asked(HOST, 'placement.offer')];
      expect(hostPartRunning(HOST, 'ACTIVE', [...offered, answered(HOST, 'placement.offer', { decision: 'DECLINE' })])).toBe(false);
      expect(hostPartRunning(OTHER_HOST, 'ACTIVE', [...offered, answered(HOST, 'placement.offer', { decision: 'DECLINE' }), asked(OTHER_HOST, 'placement.offer')])).toBe(true);
      const placed = [...offered, answered(HOST, 'placement.offer', { decision: 'ACCEPT' }), asked(HOST, 'placement.agreement'), answered(HOST, 'placement.agreement', { signed: true })];
      expect(hostPartRunning(HOST, 'ACTIVE', placed)).toBe(true);
      expect(hostPartRunning(HOST, 'ACTIVE', [...placed, answered(HOST, 'placement.outcome', { decision: 'EXTEND' })])).toBe(true);
      expect(hostPartRunning(HOST, 'ACTIVE', [...placed, answered(HOST, 'placement.outcome', { decision: 'END' })])).toBe(false);
      expect(hostPartRunning(HOST, 'ACTIVE', [...placed, answered(HOST, 'placement.outcome', { decision: 'PAID_WORK' })])).toBe(true);
      expect(hostPartRunning(HOST, 'ACTIVE', [...placed, answered(HOST, 'job.follow-up', { stillEmployed: false })])).toBe(false);
    });

    it('and never on a closed journey', () => {
      for (const status of ['WITHDRAWN', 'EXITED', 'COMPLETED']) expect(hostPartRunning(HOST, status, orientation)).toBe(false);
      expect(hostPartRunning(HOST, 'PAUSED', orientation)).toBe(true);
    });
  });
});
