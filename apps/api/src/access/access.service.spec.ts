import { Test } from '@nestjs/testing';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { ConsentsRepository } from '../../../../libs/database/src/repositories/consents.repository';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import type { ConsentGrant } from '../../../../libs/domain/src/privacy';
import { FakeAccessLog, FakeConsents, FakePeople, principal, refusal } from '../../../../test/support/service-fakes';
import { AccessService } from './access.service';
import { PeopleRepository } from './people.repository';

const M = 'b0000000-0000-4000-8000-000000000001';
const CARE = 'b0000000-0000-4000-8000-000000000011';
const HOST = 'b0000000-0000-4000-8000-000000000031';
const STRANGER = 'b0000000-0000-4000-8000-000000000099';
const LOTTE = 'b0000000-0000-4000-8000-000000000501';

const coordinator = principal(M, OrganisationType.MUNICIPALITY);
const jobCoach = principal(CARE, OrganisationType.CARE_PROVIDER, 'coach', ['support-worker']);
const host = principal(HOST, OrganisationType.EMPLOYER, 'boss', ['employer']);
const grantAll = (to: ConsentGrant['to']): ConsentGrant => ({ to, categories: ['IDENTITY', 'WORK_PROFILE', 'SUPPORT_AND_HEALTH'], purposes: ['CARE_DELIVERY', 'PLACEMENT', 'INTAKE'] });

describe(AccessService.name, () => {
  let sut: AccessService;
  let consents: FakeConsents;
  let people: FakePeople;
  let log: FakeAccessLog;

  beforeEach(async () => {
    consents = new FakeConsents();
    people = new FakePeople(consents);
    log = new FakeAccessLog();
    const module = await Test.createTestingModule({
      providers: [
        AccessService,
        { provide: PeopleRepository, useValue: people },
        { provide: ConsentsRepository, useValue: consents },
        { provide: AccessLogRepository, useValue: log },
      ],
    }).compile();
    sut = module.get(AccessService);
    people.add({ candidateId: LOTTE, municipalityId: M, careProviderId: CARE, referrerOrganisationId: CARE, employerIds: [HOST] }, { firstName: 'Lotte', lastName: 'Vermeer', dateOfBirth: '2006-05-20' });
    consents.seed(LOTTE, { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', withdrawnAll: false, grants: [grantAll({ role: 'CARE_PROVIDER' }), grantAll({ role: 'HOST' })] });
  });

  it('a party of the journey gets its part; an organisation without one gets 404, as if the journey did not exist', async () => {
    await expect(sut.journey(jobCoach, LOTTE)).resolves.toMatchObject({ role: 'CARE_PROVIDER' });
    await expect(sut.journey(coordinator, LOTTE)).resolves.toMatchObject({ role: 'MUNICIPALITY' });
    expect(await refusal(sut.journey(principal(STRANGER, OrganisationType.MUNICIPALITY), LOTTE))).toMatchObject({ status: 404 });
    expect(await refusal(sut.journey(jobCoach, 'b0000000-0000-4000-8000-000000000599'))).toMatchObject({ status: 404 });
  });

  it('withdrawn consent ends a care party’s access; the municipality keeps its legal basis', async () => {
    consents.seed(LOTTE, { givenBy: 'CANDIDATE', givenAt: '2026-11-20T10:00:00Z', withdrawnAll: true, grants: [] });
    expect(await refusal(sut.journey(jobCoach, LOTTE))).toMatchObject({ status: 404 });
    await expect(sut.journey(coordinator, LOTTE)).resolves.toMatchObject({ role: 'MUNICIPALITY' });
  });

  it('a host takes part only once it is asked, and not after it declined; its own task stays reachable while the journey is open', async () => {
    expect(await refusal(sut.journey(host, LOTTE))).toMatchObject({ status: 404 });
    people.facts.set(LOTTE, [{ type: 'task.opened', taskType: 'orientation.respond', assigneeOrganisationId: HOST, employerId: HOST, data: {} }]);
    await expect(sut.journey(host, LOTTE)).resolves.toMatchObject({ role: 'HOST' });
    people.facts.get(LOTTE)!.push({ type: 'task.completed', taskType: 'orientation.respond', employerId: HOST, data: { decision: 'DECLINE' } });
    expect(await refusal(sut.journey(host, LOTTE))).toMatchObject({ status: 404 });
    await expect(sut.journey(host, LOTTE, undefined, { ownTask: true })).resolves.toMatchObject({ role: 'HOST' });
    people.journeys.get(LOTTE)!.status = 'WITHDRAWN';
    expect(await refusal(sut.journey(host, LOTTE, undefined, { ownTask: true }))).toMatchObject({ status: 404 });
  });

  it('a list names the young person as the part may know them, and logs the read once with its purpose', async () => {
    people.facts.set(LOTTE, [{ type: 'task.opened', taskType: 'orientation.respond', assigneeOrganisationId: HOST, employerId: HOST, data: {} }]);
    const seen = await sut.people(jobCoach, [LOTTE, LOTTE], 'GET /tasks');
    expect(seen.get(LOTTE)).toMatchObject({ firstName: 'Lotte', lastName: 'Vermeer', age: 20 });
    const hosted = await sut.people(host, [LOTTE], 'GET /tasks');
    expect(hosted.get(LOTTE)).toEqual(expect.objectContaining({ firstName: 'Lotte' }));
    expect(hosted.get(LOTTE)).not.toHaveProperty('lastName');
    expect(log.entries).toEqual([
      expect.objectContaining({ candidateIds: [LOTTE], organisationId: CARE, purpose: 'CARE_DELIVERY', endpoint: 'GET /tasks', fields: ['firstName', 'lastName', 'dateOfBirth'] }),
      expect.objectContaining({ candidateIds: [LOTTE], organisationId: HOST, purpose: 'PLACEMENT', fields: ['firstName'] }),
    ]);
  });

  it('a list does not name a young person whose consent no longer covers the caller, and logs nothing for them', async () => {
    consents.seed(LOTTE, { givenBy: 'CANDIDATE', givenAt: '2026-11-20T10:00:00Z', withdrawnAll: false, grants: [grantAll({ role: 'HOST' })] });
    await expect(sut.people(jobCoach, [LOTTE], 'GET /tasks')).resolves.toEqual(new Map());
    expect(log.entries).toEqual([]);
  });

  it('a purpose outside the part is a field error; a purpose the consent does not give is 403', async () => {
    const access = await sut.journey(jobCoach, LOTTE);
    expect(() => sut.requireOwnPurpose(access, 'MUNICIPAL_TASK')).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'purpose', code: 'ENUM' })] }) }));
    expect(() => sut.requirePurpose(access, 'RIGHTS_REQUEST')).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 403 }) }));
    expect(sut.personalData(access, 'CARE_DELIVERY', { firstName: 'Lotte', situation: 'Attends day-activities.', email: 'l@example.nl' })).toEqual({ firstName: 'Lotte', situation: 'Attends day-activities.' });
  });
});
