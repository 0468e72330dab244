import { describe, expect, it } from 'vitest';
import { taskCatalogue } from '../../../../libs/domain/src/method/catalogue';
import { validatePayload, type JsonSchema } from './validate';

const schemaOf = (type: string) => taskCatalogue().find((e) => e.type === type)!.payloadSchema as JsonSchema;

describe('validatePayload', () => {
  it("accepts a document reference as the party's own file writes it, and says what a reference looks like otherwise", () => {
    const schema = schemaOf('analyse.support-plan');
    const payload = (supportPlanDocumentId: string) => ({ supportPlanDocumentId, supportCodes: [], jobCoachHoursPerWeek: 4 });
    expect(validatePayload(schema, payload('DL-2026-0117'))).toEqual({});
    expect(validatePayload(schema, payload('0f8fad5b-d9cb-469f-a165-70867728950e'))).toEqual({});
    for (const bad of ['X', 'plan 2026.pdf', '-DL-1', 'D'.repeat(41)]) {
      expect(validatePayload(schema, payload(bad))).toEqual({ supportPlanDocumentId: { key: 'documentReference.invalid' } });
    }
  });
});
