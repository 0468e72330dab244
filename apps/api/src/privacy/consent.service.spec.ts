import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Environment } from '../../../../libs/config/src/environment';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { CandidatesRepository } from '../../../../libs/database/src/repositories/candidates.repository';
import { ConsentsRepository } from '../../../../libs/database/src/repositories/consents.repository';
import { ErasuresRepository } from '../../../../libs/database/src/repositories/erasures.repository';
import { IdempotencyKeysRepository } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import { OrganisationsRepository } from '../../../../libs/database/src/repositories/organisations.repository';
import type { RecordConsentDto } from '../../../../libs/contracts/src/privacy.dto';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { FakeAccessLog, FakeCandidates, FakeConsents, FakeDataSource, FakeIdempotencyKeys, FakeJourneys, FakePeople, principal, refusal } from '../../../../test/support/service-fakes';
import { AccessService } from '../access/access.service';
import { PeopleRepository } from '../access/people.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

const M = 'e0000000-0000-4000-8000-000000000001';
const CARE = 'e0000000-0000-4000-8000-000000000011';
const HOST = 'e0000000-0000-4000-8000-000000000031';
const STRANGER = 'e0000000-0000-4000-8000-000000000099';
const LOTTE = 'e0000000-0000-4000-8000-000000000501';

const jobCoach = principal(CARE, OrganisationType.CARE_PROVIDER, 'coach', ['support-worker']);
const host = principal(HOST, OrganisationType.EMPLOYER, 'ondernemer', ['employer']);
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString();
const care = { to: { role: 'CARE_PROVIDER' as const }, categories: ['IDENTITY', 'WORK_PROFILE', 'SUPPORT_AND_HEALTH'], purposes: ['CARE_DELIVERY', 'PLACEMENT'] };
const hosts = { to: { role: 'HOST' as const }, categories: ['IDENTITY', 'WORK_PROFILE'], purposes: ['PLACEMENT'] };
const consent = (dto: Partial<RecordConsentDto>) => ({ givenBy: 'CANDIDATE', givenAt: yesterday(), grants: [], ...dto }) as RecordConsentDto;
const request = (key: string, body: unknown) => ({ key, command: 'POST /journeys/{candidateId}/consents', params: { candidateId: LOTTE }, body });

/** The directory's organisations, as OrganisationsRepository.kinds reads them. */
class FakeOrganisations {
  readonly known = new Map([
    [M, { type: OrganisationType.MUNICIPALITY, municipalityId: M, name: 'Gemeente Zoetermeer' }],
    [CARE, { type: OrganisationType.CARE_PROVIDER, municipalityId: M, name: 'Zorgcollectief De Linde' }],
    [HOST, { type: OrganisationType.EMPLOYER, municipalityId: M, name: 'Bakkerij Van Dijk' }],
  ]);

  async kinds(ids: string[]) {
    return new Map(ids.flatMap((id) => (this.known.has(id) ? [[id, this.known.get(id)!] as const] : [])));
  }
}

describe(`${PrivacyService.name}: consent`, () => {
  let sut: PrivacyService;
  let access: AccessService;
  let consents: FakeConsents;
  let journeys: FakeJourneys;
  let log: FakeAccessLog;

  beforeEach(async () => {
    consents = new FakeConsents();
    const people = new FakePeople(consents);
    journeys = new FakeJourneys();
    log = new FakeAccessLog();
    const module = await Test.createTestingModule({
      providers: [
        PrivacyService,
        AccessService,
        IdempotencyService,
        { provide: getDataSourceToken(), useValue: new FakeDataSource() },
        { provide: ConsentsRepository, useValue: consents },
        { provide: PeopleRepository, useValue: people },
        { provide: CandidatesRepository, useValue: new FakeCandidates(people) },
        { provide: AccessLogRepository, useValue: log },
        { provide: OrganisationsRepository, useValue: new FakeOrganisations() },
        { provide: IdempotencyKeysRepository, useValue: new FakeIdempotencyKeys() },
        { provide: JourneyWorkflowGateway, useValue: journeys },
        // Not used by the consent ledger: erasure, the export and the BSN have their e2e specs.
        { provide: ErasuresRepository, useValue: {} },
        { provide: PrivacyRepository, useValue: {} },
        { provide: Environment, useValue: {} },
      ],
    }).compile();
    sut = module.get(PrivacyService);
    access = module.get(AccessService);
    people.add({ candidateId: LOTTE, municipalityId: M, careProviderId: CARE, referrerOrganisationId: CARE, employerIds: [HOST] }, { firstName: 'Lotte', lastName: 'Vermeer', dateOfBirth: '2006-05-20' });
    people.facts.set(LOTTE, [{ type: 'task.opened', taskType: 'orientation.respond', assigneeOrganisationId: HOST, employerId: HOST, data: {} }]);
    consents.seed(LOTTE, { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', withdrawnAll: false, grants: [care, hosts] as never });
  });

  it('a new version that takes a host’s data away is a new ledger entry, logged as a change, and the workflow hears who lost what', async () => {
    const dto = consent({ grants: [care] as never });
    await expect(sut.recordConsent(jobCoach, LOTTE, dto, request('key-c0000001', dto))).resolves.toMatchObject({
      status: 201,
      body: { version: 2, lost: [{ organisationId: HOST, categories: ['IDENTITY', 'WORK_PROFILE'] }], journeyWithdrawn: false },
    });
    expect((await consents.all(LOTTE)).map((v) => v.version)).toEqual([1, 2]);
    expect(log.entries).toEqual([expect.objectContaining({ candidateId: LOTTE, action: 'CHANGE', purpose: 'RIGHTS_REQUEST', fields: ['consent'] })]);
    expect(journeys.sent).toEqual([expect.objectContaining({ update: 'journey.changeConsent', args: expect.objectContaining({ version: 2 }) })]);
    // The host's access ends with the next request.
    expect(await refusal(access.journey(host, LOTTE))).toMatchObject({ status: 404 });
  });

  it('withdrawing everything withdraws the journey and ends the care party’s access; a retry records no second version', async () => {
    const dto = consent({ withdrawAll: true });
    const first = await sut.recordConsent(jobCoach, LOTTE, dto, request('key-c0000002', dto));
    expect(first.body).toMatchObject({ version: 2, journeyWithdrawn: true });
    expect(journeys.sent).toEqual([expect.objectContaining({ update: 'journey.withdraw', args: expect.objectContaining({ reasonCode: 'CONSENT_REVOKED' }) })]);
    expect(await refusal(access.journey(jobCoach, LOTTE))).toMatchObject({ status: 404 });
    // The retry is the first answer replayed: its key was answered (access is no longer asked).
    await expect(sut.recordConsent(jobCoach, LOTTE, dto, request('key-c0000002', dto))).resolves.toMatchObject({ replayed: true, body: { version: 2 } });
    expect(await consents.all(LOTTE)).toHaveLength(2);
    expect(journeys.sent).toHaveLength(1);
  });

  it('a grant to an organisation outside the journey, or to the municipality, is a field error and changes nothing', async () => {
    const dto = consent({ grants: [care, { ...hosts, to: { organisationId: STRANGER } }, { ...hosts, to: { organisationId: M } }] as never });
    const problem = await refusal(sut.recordConsent(jobCoach, LOTTE, dto, request('key-c0000003', dto)));
    expect(problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'grants[1].to.organisationId' }), expect.objectContaining({ field: 'grants[2].to.organisationId' })] });
    expect(await consents.all(LOTTE)).toHaveLength(1);
    expect(log.entries).toEqual([]);
    expect(journeys.sent).toEqual([]);
  });

  it('a host neither reads the ledger nor records consent (403)', async () => {
    expect(await refusal(sut.consentLedger(host, LOTTE, 'PLACEMENT'))).toMatchObject({ status: 403 });
    const dto = consent({ grants: [care] as never });
    expect(await refusal(sut.recordConsent(host, LOTTE, dto, request('key-c0000004', dto)))).toMatchObject({ status: 403 });
    expect(await consents.all(LOTTE)).toHaveLength(1);
  });

  it('the ledger shows every version and what each party may see now, and its read is logged', async () => {
    const ledger = await sut.consentLedger(jobCoach, LOTTE, 'CARE_DELIVERY');
    expect(ledger.versions.map((v) => v.version)).toEqual([1]);
    expect(ledger.parties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organisationId: M, role: 'MUNICIPALITY', legalBasis: 'PUBLIC_TASK' }),
        expect.objectContaining({ organisationId: HOST, organisationName: 'Bakkerij Van Dijk', role: 'HOST', categories: ['IDENTITY', 'WORK_PROFILE'], legalBasis: 'CONSENT' }),
      ]),
    );
    expect(log.entries).toEqual([expect.objectContaining({ action: 'READ', purpose: 'CARE_DELIVERY', fields: ['consent'] })]);
  });
});
