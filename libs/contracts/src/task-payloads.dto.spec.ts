import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { validateSchema } from '../../domain/src/schema';
import { TASK_CATALOGUE, TASK_TYPES, type TaskType } from '../../domain/src/tasks';
import { TASK_PAYLOAD_DTOS } from './task-payloads.dto';

const E = '00000000-0000-4000-8000-000000000031';
const VALID: Record<TaskType, Record<string, unknown>> = {
  'intake.accept': { decision: 'ACCEPT' },
  'intake.meeting': { meetingDate: '2026-11-05', goalCodes: ['WORK_OUTDOORS'], notesDocumentId: E },
  'profile.talents': { talentCodes: ['PRECISE'], interestCodes: ['BIKES'] },
  'orientation.propose': { employerIds: [E] },
  'orientation.respond': { decision: 'DECLINE', reasonCode: 'NO_CAPACITY', orientationDate: '2026-11-20' },
  'orientation.feedback': { rating: 4, fitCodes: ['TEAM'], recommend: true },
  'discover.conclude': { decision: 'READY_FOR_ANALYSE' },
  'analyse.support-plan': { supportPlanDocumentId: E, supportCodes: ['JOB_COACH'], jobCoachHoursPerWeek: 4 },
  'analyse.match': { employerId: E, roleCode: 'BIKE_REPAIR', hoursPerWeek: 16, durationWeeks: 26, proposedRoute: 'WAGE_COST_SUBSIDY' },
  'analyse.decision': { decision: 'APPROVE', proposedRoute: 'JOBS_AGREEMENT' },
  'placement.offer': { decision: 'ACCEPT' },
  'placement.agreement': { signed: true, signedOn: '2026-12-01' },
  'placement.start': { startDate: '2026-12-02' },
  'placement.evaluation': { rating: 5, progressCodes: [], continuePlacement: true },
  'placement.outcome': { decision: 'PAID_WORK', route: 'REGULAR_JOB' },
  'job.follow-up': { stillEmployed: true, contractCode: 'PERMANENT' },
};

function dtoFields(type: TaskType, payload: unknown): string[] {
  const errors = validateSync(plainToInstance(TASK_PAYLOAD_DTOS[type], payload as object), { whitelist: true, forbidNonWhitelisted: true });
  return errors.map((e) => e.property).sort();
}

function schemaFields(type: TaskType, payload: unknown): string[] {
  return [...new Set(validateSchema(TASK_CATALOGUE[type].schema, payload).map((e) => e.field.replace(/\[\d+\]$/, '')))].sort();
}

/** Variants of a valid payload that each break one field, derived from the schema. */
function brokenVariants(type: TaskType): [string, Record<string, unknown>, string][] {
  const valid = VALID[type];
  const variants: [string, Record<string, unknown>, string][] = [['unknown field', { ...valid, bogus: 1 }, 'bogus']];
  for (const [field, rule] of Object.entries(TASK_CATALOGUE[type].schema)) {
    if (!rule.optional) {
      const { [field]: _, ...without } = valid;
      variants.push([`missing ${field}`, without, field]);
    }
    variants.push([`${field} of a wrong type`, { ...valid, [field]: { nested: true } }, field]);
    if (rule.kind === 'code' || rule.kind === 'enum' || rule.kind === 'date' || rule.kind === 'uuid') {
      variants.push([`${field} oversized or unknown`, { ...valid, [field]: 'x'.repeat(60) }, field]);
    }
    if (rule.kind === 'int') variants.push([`${field} out of range`, { ...valid, [field]: rule.max + 1 }, field]);
    if (rule.kind === 'array') variants.push([`${field} with too many items`, { ...valid, [field]: Array.from({ length: rule.maxItems + 1 }, (_, i) => `C${i}`) }, field]);
  }
  return variants;
}

describe('task payload DTOs and the workflow schema agree', () => {
  it('covers every task type', () => {
    expect(Object.keys(TASK_PAYLOAD_DTOS).sort()).toEqual([...TASK_TYPES].sort());
    expect(Object.keys(VALID).sort()).toEqual([...TASK_TYPES].sort());
  });

  it.each(TASK_TYPES)('%s: a valid payload passes both', (type) => {
    expect(schemaFields(type, VALID[type])).toEqual([]);
    expect(dtoFields(type, VALID[type])).toEqual([]);
  });

  const cases = TASK_TYPES.flatMap((type) => brokenVariants(type).map(([what, payload, field]) => [type, what, payload, field] as const));
  it.each(cases)('%s: %s -> both name the field', (type, _what, payload, field) => {
    expect(schemaFields(type, payload)).toEqual([field]);
    expect(dtoFields(type, payload)).toEqual([field]);
  });
});
