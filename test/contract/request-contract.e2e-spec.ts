import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import { INVALID_PAYLOADS } from '../../libs/contracts/src/invalid-payloads';
import { taskPayloadErrors, type TaskType } from '../../libs/domain/src/method/catalogue';
import { dutchDate } from '../../libs/domain/src/candidate-dates';
import { lastReleasedDocument } from '../../libs/devstack/src/api-compatibility';
import { OpenApiContract, type OpenApiDocument, type RecordedRequest } from '../support/openapi-contract';

const ROOT = resolve(__dirname, '..', '..');
const COMPLETE = '/journeys/{candidateId}/tasks/{taskId}/complete';
const [host, other] = [randomUUID(), randomUUID()];

/** The completions of the pilot's walk (test/e2e/pilot.e2e-spec.ts), each with its task type. */
const WALK: [TaskType, Record<string, unknown>][] = [
  ['intake.accept', PAYLOADS.accept],
  ['intake.meeting', PAYLOADS.meeting],
  ['profile.talents', PAYLOADS.talents],
  ['orientation.propose', PAYLOADS.propose(host)],
  ['orientation.respond', PAYLOADS.accepts],
  ['orientation.respond', PAYLOADS.declines],
  ['orientation.feedback', PAYLOADS.feedback],
  ['discover.conclude', PAYLOADS.ready],
  ['analyse.support-plan', PAYLOADS.supportPlan],
  ['analyse.match', PAYLOADS.match(host, [other])],
  ['analyse.decision', PAYLOADS.approve],
  ['placement.offer', PAYLOADS.accepts],
  ['placement.agreement', PAYLOADS.sign],
  ['placement.start', PAYLOADS.start],
  ['placement.evaluation', PAYLOADS.evaluation],
  ['placement.outcome', PAYLOADS.paidWork],
  ['placement.outcome', PAYLOADS.end],
  ['job.follow-up', PAYLOADS.employed],
  ['job.follow-up', PAYLOADS.jobEnded],
];

function completion(type: TaskType, body: unknown): RecordedRequest {
  return {
    method: 'POST',
    route: COMPLETE,
    params: { candidateId: randomUUID(), taskId: `${type}#3` },
    query: {},
    headers: { 'Idempotency-Key': randomUUID() },
    body,
  };
}

/**
 * The built document (dist/openapi.json) as a client that validates its requests against it: it
 * accepts exactly the completions the server accepts when the body names its task type, accepts
 * every valid one without it, and refuses what the server refuses. The server's side of the same
 * cases: test/e2e/tasks.e2e-spec.ts (INVALID_PAYLOADS) and every accepted request of every e2e
 * test (test/support/openapi-contract.ts checks each against the served document).
 */
describe('requests against the OpenAPI document', () => {
  const path = join(ROOT, 'dist', 'openapi.json');
  if (!existsSync(path)) throw new Error('dist/openapi.json is missing: npm run build');
  const contract = new OpenApiContract(JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument);
  const today = { today: dutchDate() };

  it('refuses invalid requests: its validator is trusted only after this', () => {
    const refused: RecordedRequest[] = [
      { method: 'GET', route: '/tasks', params: {}, query: { step: 'NOT_A_STEP' }, headers: {}, body: undefined },
      { method: 'GET', route: '/tasks', params: {}, query: { limit: 'ten' }, headers: {}, body: undefined },
      { method: 'GET', route: '/journeys/{candidateId}/candidate', params: { candidateId: randomUUID() }, query: {}, headers: {}, body: undefined },
      { ...completion('intake.accept', { payload: PAYLOADS.accept }), headers: {} },
      completion('intake.accept', undefined),
      completion('intake.accept', { payload: { decision: 'MAYBE' } }),
      completion('intake.accept', { payload: PAYLOADS.accept, note: 'x' }),
      completion('intake.accept', { taskType: 'intake.meeting', payload: PAYLOADS.accept }),
      completion('intake.accept', { taskType: 'intake.accept', payload: { decision: 'ACCEPT', reasonCode: null } }),
      completion('intake.meeting', { taskType: 'intake.meeting', payload: { ...PAYLOADS.meeting, meetingDate: '2026-02-30' } }),
    ];
    for (const request of refused) expect([request, contract.requestViolation(request)]).toEqual([request, expect.any(String)]);
  });

  it('accepts every completion of the walk in both forms, and refuses it under any other task type', () => {
    for (const [type, payload] of WALK) {
      expect(taskPayloadErrors(type, payload, today)).toEqual([]);
      expect([type, contract.requestViolation(completion(type, { taskType: type, payload }))]).toEqual([type, undefined]);
      expect([type, contract.requestViolation(completion(type, { payload }))]).toEqual([type, undefined]);
      for (const [otherType] of WALK.filter(([t]) => t !== type)) {
        const accepted = contract.requestViolation(completion(type, { taskType: otherType, payload })) === undefined;
        // The typed body is accepted exactly when the other type's own validator accepts the payload too.
        expect([type, otherType, accepted]).toEqual([type, otherType, taskPayloadErrors(otherType, payload, today).length === 0]);
      }
    }
  });

  it("refuses every payload the task form and the server refuse, when the body names its task type", () => {
    for (const c of INVALID_PAYLOADS) {
      const payload = c.payload([host, other]);
      expect(taskPayloadErrors(c.type, payload, today)).not.toEqual([]);
      expect([c.name, contract.requestViolation(completion(c.type, { taskType: c.type, payload }))]).toEqual([c.name, expect.any(String)]);
    }
  });

  it('no longer refuses valid completions that the last released document refused', () => {
    const released = new OpenApiContract(JSON.parse(readFileSync(lastReleasedDocument(ROOT).path, 'utf8')) as OpenApiDocument);
    const untyped = WALK.map(([type, payload]) => completion(type, { payload }));
    const refusedBefore = untyped.filter((request) => released.requestViolation(request) !== undefined);
    console.log(`valid completions of the walk refused by the released document: ${refusedBefore.length} of ${untyped.length}; by the built one: 0`);
    expect(refusedBefore.length).toBeGreaterThan(0);
    expect(untyped.filter((request) => contract.requestViolation(request) !== undefined)).toEqual([]);
  });
});
