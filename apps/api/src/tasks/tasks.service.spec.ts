import { Test } from '@nestjs/testing';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { CandidatesRepository } from '../../../../libs/database/src/repositories/candidates.repository';
import { ConsentsRepository } from '../../../../libs/database/src/repositories/consents.repository';
import { IdempotencyKeysRepository } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import {
  FakeAccessLog,
  FakeCandidates,
  FakeConsents,
  FakeIdempotencyKeys,
  FakeJourneys,
  FakePeople,
  FakeTasks,
  FakeWorkplaces,
  principal,
  refusal,
} from '../../../../test/support/service-fakes';
import { AccessService } from '../access/access.service';
import { PeopleRepository } from '../access/people.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { WorkplacesService } from '../workplaces/workplaces.service';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

const M = 'd0000000-0000-4000-8000-000000000001';
const CARE = 'd0000000-0000-4000-8000-000000000011';
const HOST = 'd0000000-0000-4000-8000-000000000031';
const LOTTE = 'd0000000-0000-4000-8000-000000000501';

const proposer = principal(M, OrganisationType.MUNICIPALITY, 'regisseur-1');
const secondCoordinator = principal(M, OrganisationType.MUNICIPALITY, 'regisseur-2');
const host = principal(HOST, OrganisationType.EMPLOYER, 'ondernemer', ['employer']);
const complete = (key: string, taskId: string, body: unknown) => ({ key, command: 'POST /journeys/{candidateId}/tasks/{taskId}/complete', params: { candidateId: LOTTE, taskId }, body });

describe(TasksService.name, () => {
  let sut: TasksService;
  let tasks: FakeTasks;
  let journeys: FakeJourneys;
  let people: FakePeople;
  let log: FakeAccessLog;
  let keys: FakeIdempotencyKeys;

  beforeEach(async () => {
    const consents = new FakeConsents();
    people = new FakePeople(consents);
    tasks = new FakeTasks();
    journeys = new FakeJourneys();
    log = new FakeAccessLog();
    keys = new FakeIdempotencyKeys();
    const module = await Test.createTestingModule({
      providers: [
        TasksService,
        AccessService,
        IdempotencyService,
        { provide: TasksRepository, useValue: tasks },
        { provide: JourneyWorkflowGateway, useValue: journeys },
        { provide: WorkplacesService, useValue: new FakeWorkplaces() },
        { provide: CandidatesRepository, useValue: new FakeCandidates(people) },
        { provide: PeopleRepository, useValue: people },
        { provide: ConsentsRepository, useValue: consents },
        { provide: AccessLogRepository, useValue: log },
        { provide: IdempotencyKeysRepository, useValue: keys },
      ],
    }).compile();
    sut = module.get(TasksService);
    people.add(
      { candidateId: LOTTE, municipalityId: M, careProviderId: CARE, referrerOrganisationId: CARE, employerIds: [HOST], step: 'ANALYSE' },
      { firstName: 'Lotte', lastName: 'Vermeer', dateOfBirth: '2006-05-20', situation: 'Attends day-activities three days a week.' },
    );
    consents.seed(LOTTE, { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', withdrawnAll: false, grants: [{ to: { role: 'HOST' }, categories: ['IDENTITY', 'WORK_PROFILE'], purposes: ['PLACEMENT'] }] });
  });

  it('a payload that breaks the task’s rules is answered with every field error at once, and nothing is sent to the journey', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'decision-1', type: 'analyse.decision', assignee_organisation_id: M });
    const problem = await refusal(sut.complete(secondCoordinator, LOTTE, 'decision-1', { payload: { decision: 'MAYBE', proposedRoute: 'LOTTERY' } }, complete('key-t0000001', 'decision-1', {})));
    expect(problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'payload.decision' }), expect.objectContaining({ field: 'payload.proposedRoute' })] });
    expect(journeys.sent).toEqual([]);
    expect(keys.rows.size).toBe(0);
  });

  it("a body that names another task type than the task's is 400 at taskType, nothing sent; its own type goes through", async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'decision-1', type: 'analyse.decision', assignee_organisation_id: M });
    const approve = { decision: 'APPROVE' };
    const problem = await refusal(sut.complete(secondCoordinator, LOTTE, 'decision-1', { taskType: 'intake.accept', payload: approve }, complete('key-t0000009', 'decision-1', approve)));
    expect(problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'taskType', code: 'ENUM' })] });
    expect(journeys.sent).toEqual([]);
    await expect(sut.complete(secondCoordinator, LOTTE, 'decision-1', { taskType: 'analyse.decision', payload: approve }, complete('key-t0000010', 'decision-1', approve))).resolves.toMatchObject({ status: 200 });
  });

  it('four eyes: who proposed the match may not decide on it; another coordinator may', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'decision-1', type: 'analyse.decision', assignee_organisation_id: M });
    tasks.fourEyesRules.set(LOTTE, { required: true, proposerUserId: proposer.userId });
    const approve = { decision: 'APPROVE' };
    expect(await refusal(sut.complete(proposer, LOTTE, 'decision-1', { payload: approve }, complete('key-t0000002', 'decision-1', approve)))).toMatchObject({ status: 403, type: expect.stringContaining('four-eyes-required') });
    expect(journeys.sent).toEqual([]);
    await expect(sut.complete(secondCoordinator, LOTTE, 'decision-1', { payload: approve }, complete('key-t0000003', 'decision-1', approve))).resolves.toMatchObject({ replayed: false, status: 200 });
    expect(journeys.sent).toEqual([
      { candidateId: LOTTE, update: 'journey.completeTask', args: { taskId: 'decision-1', actor: { organisationId: M, userId: 'regisseur-2' }, payload: approve }, updateId: `complete:${M}:key-t0000003` },
    ]);
  });

  it('a host’s retried decline reaches the journey even when the read model already shows its part ended', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'orientation-1', type: 'orientation.respond', assignee_organisation_id: HOST, assignee_role: 'employer' });
    people.facts.set(LOTTE, [
      { type: 'task.opened', taskType: 'orientation.respond', assigneeOrganisationId: HOST, employerId: HOST, data: {} },
      { type: 'task.completed', taskType: 'orientation.respond', employerId: HOST, data: { decision: 'DECLINE' } },
    ]);
    const decline = { decision: 'DECLINE', reasonCode: 'NO_CAPACITY' };
    // Its part as the read model shows it is over: reading the task is 404...
    expect(await refusal(sut.detail(host, LOTTE, 'orientation-1'))).toMatchObject({ status: 404 });
    // ...but its own task's answer goes to the workflow, which decides whether the task is still open.
    await expect(sut.complete(host, LOTTE, 'orientation-1', { payload: decline }, complete('key-t0000004', 'orientation-1', decline))).resolves.toMatchObject({ status: 200 });
    expect(journeys.sent).toHaveLength(1);
    expect(journeys.sent[0]).toMatchObject({ update: 'journey.completeTask', args: { taskId: 'orientation-1', payload: decline } });
  });

  it('another organisation’s task does not exist for the caller (404, nothing sent)', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'support-plan-1', type: 'analyse.support-plan', assignee_organisation_id: CARE });
    expect(await refusal(sut.claim(secondCoordinator, LOTTE, 'support-plan-1', complete('key-t0000005', 'support-plan-1', {})))).toMatchObject({ status: 404 });
    expect(journeys.sent).toEqual([]);
  });

  it('the task detail shows what the decision rests on and logs one access row with the purpose', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'intake-1', type: 'intake.accept', assignee_organisation_id: M, step: 'CONNECT' });
    const detail = await sut.detail(secondCoordinator, LOTTE, 'intake-1');
    expect(detail).toMatchObject({ purpose: 'MUNICIPAL_TASK', person: { firstName: 'Lotte', lastName: 'Vermeer' }, situation: 'Attends day-activities three days a week.', task: { taskId: 'intake-1', type: 'intake.accept' } });
    expect(log.entries).toEqual([
      expect.objectContaining({ candidateId: LOTTE, organisationId: M, userId: 'regisseur-2', purpose: 'MUNICIPAL_TASK', endpoint: 'GET /journeys/{candidateId}/tasks/{taskId}', fields: ['firstName', 'lastName', 'dateOfBirth', 'situation'] }),
    ]);
  });

  it('a purpose the caller’s part does not have is a field error, and nothing is read or logged', async () => {
    tasks.add({ candidate_id: LOTTE, task_id: 'intake-1', type: 'intake.accept', assignee_organisation_id: M, step: 'CONNECT' });
    expect(await refusal(sut.detail(secondCoordinator, LOTTE, 'intake-1', 'CARE_DELIVERY'))).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'purpose' })] });
    expect(log.entries).toEqual([]);
  });
});
