import { payloadAjv } from '../../../../scripts/payload-validators';
import { TASK_DEFINITIONS, TASK_TYPES, taskCatalogue, taskPayloadErrors, type TaskType } from './catalogue';
import { VOCABULARIES } from './vocabularies';

const HOST = '6a1f0c2e-0000-4000-8000-000000000031';
const OTHER_HOST = '6a1f0c2e-0000-4000-8000-000000000032';
/** A document's reference as a care provider's own file writes it. */
const DOC = 'DL-2026-0117';

/** A valid payload of every task type, and ways to make it invalid (field -> bad value). */
const EXAMPLES: Record<TaskType, { valid: Record<string, unknown>; invalid: [string, unknown][] }> = {
  'intake.accept': { valid: { decision: 'REJECT', reasonCode: 'OUT_OF_AREA' }, invalid: [['decision', 'MAYBE'], ['reasonCode', 'NOT_A_CODE_WE_KNOW']] },
  'intake.meeting': { valid: { meetingDate: '2026-11-05', goalCodes: ['WORK_OUTDOORS', 'RETAIL'], notesDocumentId: DOC }, invalid: [['meetingDate', '05-11-2026'], ['goalCodes', ['RETAIL', 'RETAIL']]] },
  'profile.talents': { valid: { talentCodes: ['PRECISE'], interestCodes: ['BIKES'] }, invalid: [['talentCodes', 'PRECISE'], ['interestCodes', ['SPACE_TRAVEL']]] },
  'orientation.propose': { valid: { employerIds: [HOST, OTHER_HOST] }, invalid: [['employerIds', []], ['employerIds', ['not-a-uuid']]] },
  'orientation.respond': { valid: { decision: 'ACCEPT', orientationDate: '2026-11-20' }, invalid: [['decision', 'accept'], ['orientationDate', '2026-13-01']] },
  'orientation.feedback': { valid: { rating: 4, fitCodes: ['TEAM'], recommend: true }, invalid: [['rating', 6], ['recommend', 'yes']] },
  'discover.conclude': { valid: { decision: 'MORE_ORIENTATIONS' }, invalid: [['decision', 'DONE']] },
  'analyse.support-plan': { valid: { supportPlanDocumentId: DOC, supportCodes: ['JOB_COACH'], jobCoachHoursPerWeek: 4 }, invalid: [['jobCoachHoursPerWeek', 4.5], ['supportPlanDocumentId', 'plan 2026 (final).pdf'], ['supportPlanDocumentId', 'X']] },
  'analyse.match': {
    valid: { employerId: HOST, alternativeEmployerIds: [OTHER_HOST], roleCode: 'BIKE_REPAIR', hoursPerWeek: 12.5, durationWeeks: 26, proposedRoute: 'WAGE_COST_SUBSIDY' },
    invalid: [['hoursPerWeek', 0], ['hoursPerWeek', 12.3], ['hoursPerWeek', 40.5], ['proposedRoute', 'LOTTERY']],
  },
  'analyse.decision': { valid: { decision: 'REVISE', reasonCode: 'MORE_INFORMATION' }, invalid: [['decision', 'MAYBE']] },
  'placement.offer': { valid: { decision: 'DECLINE', reasonCode: 'NO_CAPACITY' }, invalid: [['reasonCode', 42]] },
  'placement.agreement': { valid: { signed: true, signedOn: '2026-12-01' }, invalid: [['signed', false]] },
  'placement.start': { valid: { startDate: '2026-12-02' }, invalid: [['startDate', 'tomorrow']] },
  'placement.evaluation': { valid: { rating: 3, progressCodes: ['PUNCTUAL'], continuePlacement: true }, invalid: [['progressCodes', ['PUNCTUAL', 'PUNCTUAL']]] },
  'placement.outcome': { valid: { decision: 'PAID_WORK', route: 'JOBS_AGREEMENT' }, invalid: [['route', 'UNKNOWN_ROUTE']] },
  'job.follow-up': { valid: { stillEmployed: true, contractCode: 'PERMANENT' }, invalid: [['contractCode', 'FOREVER']] },
};

describe('the task catalogue', () => {
  const ajv = payloadAjv();
  /** Checked as the API checks a payload that arrives: dates against today. */
  const errors = (type: TaskType, payload: unknown) => taskPayloadErrors(type, payload, { today: '2026-12-07' });
  const catalogue = taskCatalogue();
  const entry = (type: TaskType) => catalogue.find((e) => e.type === type)!;

  it('has every task type once, with its step and who does it', () => {
    expect(catalogue.map((e) => e.type)).toEqual(TASK_TYPES);
    for (const e of catalogue) {
      expect(e.step).toBe(TASK_DEFINITIONS[e.type].step);
      expect(e.assignees.length).toBeGreaterThan(0);
      expect(e.assignee).toBe(e.assignees[0]);
    }
  });

  it.each(TASK_TYPES)('%s: a Dutch and an English label for the task, every field and every value a choice allows', (type) => {
    const e = entry(type);
    const labelled = (l: { nl: string; en: string } | undefined) => !!l && l.nl.trim().length > 0 && l.en.trim().length > 0;
    expect(labelled(e.label) && labelled(e.description)).toBe(true);
    expect(Object.keys(e.fields)).toEqual(Object.keys((e.payloadSchema as { properties: object }).properties));
    for (const [name, field] of Object.entries(e.fields)) {
      expect(labelled(field.label)).toBe(true);
      const property = (e.payloadSchema as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }).properties[name];
      const values = property.enum ?? property.items?.enum;
      if (values) {
        expect(field.codes && Object.keys(field.codes).sort()).toEqual([...values].sort());
        for (const label of Object.values(field.codes!)) expect(labelled(label)).toBe(true);
      }
      for (const [other, shownFor] of Object.entries(field.visibleWhen ?? {})) {
        expect(Object.keys(e.fields)).toContain(other);
        expect(shownFor.length).toBeGreaterThan(0);
      }
    }
  });

  it.each(TASK_TYPES)('%s: the served JSON Schema accepts and refuses what the method does', (type) => {
    const validate = ajv.compile(entry(type).payloadSchema);
    const { valid, invalid } = EXAMPLES[type];
    expect(errors(type, valid)).toEqual([]);
    expect(validate(valid)).toBe(true);
    for (const [field, bad] of [...invalid, ['unknownField', 'x'] as [string, unknown]]) {
      const payload = { ...valid, [field]: bad };
      expect(errors(type, payload).map((e) => e.field.replace(/\[\d+\]$/, ''))).toContain(field);
      expect(validate(payload)).toBe(false);
    }
    for (const required of (entry(type).payloadSchema.required as string[] | undefined) ?? []) {
      const { [required]: _, ...without } = valid;
      expect(errors(type, without).map((e) => e.field)).toContain(required);
      expect(validate(without)).toBe(false);
    }
  });

  it('rules across fields are the schema’s too, with the field they concern', () => {
    expect(errors('placement.outcome', { decision: 'PAID_WORK' })).toEqual([expect.objectContaining({ field: 'route', code: 'REQUIRED' })]);
    expect(errors('placement.outcome', { decision: 'END' })).toEqual([]);
    expect(errors('analyse.match', { ...EXAMPLES['analyse.match'].valid, alternativeEmployerIds: [HOST] })).toEqual([
      expect.objectContaining({ field: 'alternativeEmployerIds', code: 'MAIN_EMPLOYER_ALSO_ALTERNATIVE' }),
    ]);
  });

  it('labels every code of every vocabulary in Dutch and English, codes as machine codes', () => {
    for (const [name, codes] of Object.entries(VOCABULARIES)) {
      expect(Object.keys(codes).length).toBeGreaterThan(0);
      for (const [code, label] of Object.entries(codes)) {
        expect(`${name}.${code}`).toMatch(/^[a-zA-Z]+\.[A-Z][A-Z0-9_]*$/);
        expect(label.nl && label.en).toBeTruthy();
      }
    }
  });
});
