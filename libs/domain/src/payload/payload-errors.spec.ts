import { readFileSync } from 'node:fs';
import { GENERATED_PATH, payloadAjv, payloadValidatorsSource } from '../../../../scripts/payload-validators';
import { PAYLOADS } from '../../../contracts/src/example-payloads';
import { INVALID_PAYLOADS } from '../../../contracts/src/invalid-payloads';
import { dutchDate } from '../candidate-dates';
import { TASK_TYPES, taskPayloadErrors, taskPayloadSchema, type TaskType } from '../method/catalogue';
import { PAYLOAD_VALIDATORS } from './validators.generated';

const HOSTS: [string, string] = ['6a1f0c2e-0000-4000-8000-000000000031', '6a1f0c2e-0000-4000-8000-000000000032'];

/** A valid payload of every task type, as the tests over HTTP send them. */
const VALID: Record<TaskType, Record<string, unknown>> = {
  'intake.accept': PAYLOADS.accept,
  'intake.meeting': { ...PAYLOADS.meeting, notesDocumentId: 'GZ/2026/0117' },
  'profile.talents': PAYLOADS.talents,
  'orientation.propose': PAYLOADS.propose(...HOSTS),
  'orientation.respond': { decision: 'ACCEPT', orientationDate: '2027-01-12' },
  'orientation.feedback': PAYLOADS.feedback,
  'discover.conclude': PAYLOADS.ready,
  'analyse.support-plan': PAYLOADS.supportPlan,
  'analyse.match': { ...PAYLOADS.match(HOSTS[0], [HOSTS[1]]), hoursPerWeek: 12.5 },
  'analyse.decision': PAYLOADS.approve,
  'placement.offer': PAYLOADS.declines,
  'placement.agreement': PAYLOADS.sign,
  'placement.start': PAYLOADS.start,
  'placement.evaluation': PAYLOADS.evaluation,
  'placement.outcome': PAYLOADS.paidWork,
  'job.follow-up': PAYLOADS.jobEnded,
};

/** Ways to break a payload: each field given a value of every kind that is wrong somewhere. */
const WRONG: unknown[] = [undefined, null, 42, 4.5, -1, 0, 41, true, 'x', '', ' ', 'MAYBE', '2026-02-30', '2099-01-01', 'plan 2026.pdf', [], ['x'], [HOSTS[0], HOSTS[0]], {}];

describe('the payload validators', () => {
  it('are what Ajv makes of the catalogue (run `npm run generate:validators` after changing it)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(payloadValidatorsSource());
  });

  it.each(TASK_TYPES)('%s: the generated code finds what Ajv itself finds, for every way to break a field', (type) => {
    const ajv = payloadAjv();
    const atRunTime = ajv.compile(taskPayloadSchema(type));
    const generated = PAYLOAD_VALIDATORS[type];
    const context = { today: '2026-12-07' };
    const payloads = [VALID[type], 'no object', { ...VALID[type], unknownField: 1 }];
    for (const field of Object.keys(taskPayloadSchema(type).properties as object)) {
      for (const wrong of WRONG) payloads.push({ ...VALID[type], [field]: wrong });
    }
    for (const payload of payloads) {
      const valid = atRunTime.call(context, payload);
      expect(generated.call(context, payload)).toBe(valid);
      expect(generated.errors ?? null).toEqual(valid ? null : atRunTime.errors!.map(({ keyword, instancePath, schemaPath, params }) => ({ keyword, instancePath, schemaPath, params })));
    }
  });
});

describe('the field errors of a payload', () => {
  const today = dutchDate();
  const codes = (type: TaskType, payload: unknown, context = { today }) =>
    Object.fromEntries(taskPayloadErrors(type, payload, context).map((e) => [e.field, { code: e.code, ...(e.params ? { params: e.params } : {}) }]));

  it.each(INVALID_PAYLOADS.map((c) => [c.name, c] as const))('%s: the codes the form and the API show', (_, c) => {
    expect(codes(c.type, c.payload(HOSTS))).toEqual(c.errors);
  });

  it('accepts every valid example', () => {
    for (const type of TASK_TYPES) expect([type, taskPayloadErrors(type, VALID[type], { today })]).toEqual([type, []]);
  });

  it('refuses a date the calendar does not have (30 February was taken for 2 March), and takes 29 February in leap years only', () => {
    const start = (startDate: string) => codes('placement.start', { startDate }, { today: '2100-12-31' });
    for (const wrong of ['2026-02-30', '2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '26-02-01', '2026-2-01']) {
      expect([wrong, start(wrong)]).toEqual([wrong, { startDate: { code: 'FORMAT_DATE' } }]);
    }
    for (const right of ['2028-02-29', '2000-02-29', '2026-02-28', '2026-12-31', '2026-04-30']) expect([right, start(right)]).toEqual([right, {}]);
  });

  it('compares a date with today only when today is given (a payload accepted earlier is not asked again)', () => {
    expect(codes('placement.start', { startDate: '2099-01-01' })).toEqual({ startDate: { code: 'IN_FUTURE' } });
    expect(codes('placement.start', { startDate: today })).toEqual({});
    expect(codes('placement.start', { startDate: '2099-01-01' }, {} as { today: string })).toEqual({});
    // A date in the future that is allowed: the day planned for an orientation.
    expect(codes('orientation.respond', { decision: 'ACCEPT', orientationDate: '2099-01-01' })).toEqual({});
  });

  it('names unknown fields first, then the schema’s fields in order, a list’s items by index; one error per field', () => {
    const errors = taskPayloadErrors('intake.meeting', { notesDocumentId: 'X', goalCodes: ['NOPE', 'RETAIL', 'ALSO_NOPE'], extra: 1, meetingDate: 42 }, { today });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['extra', 'UNKNOWN_FIELD'],
      ['meetingDate', 'FORMAT_DATE'],
      ['goalCodes[0]', 'ENUM'],
      ['goalCodes[2]', 'ENUM'],
      ['notesDocumentId', 'FORMAT_REFERENCE'],
    ]);
    expect(taskPayloadErrors('intake.accept', 'ACCEPT', { today })).toEqual([{ field: 'payload', message: 'payload must be of type object', code: 'NOT_AN_OBJECT' }]);
    expect(taskPayloadErrors('analyse.support-plan', { ...VALID['analyse.support-plan'], jobCoachHoursPerWeek: 41 }, { today })).toEqual([
      { field: 'jobCoachHoursPerWeek', message: 'jobCoachHoursPerWeek must be between 0 and 40', code: 'BETWEEN', params: { min: 0, max: 40 } },
    ]);
  });
});
