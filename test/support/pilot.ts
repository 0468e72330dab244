import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { OrganisationType } from '../../libs/domain/src/organisation';
import { HttpParties } from './http-driver';
import { bearer, createParties } from './stack';

/**
 * The pilot's cast: a municipality, two care providers (careA, careB), a school and three
 * employers (e1-e3), each with a user of its casework role; `p` acts as any of them by name.
 */
export async function pilotParties(api: NestFastifyApplication, db: PgClient): Promise<{ org: Record<string, string>; p: HttpParties }> {
  const base = await createParties(db);
  const org: Record<string, string> = { municipality: base.municipalityId, careA: base.careProviderId, school: base.schoolId, e1: base.employerId };
  for (const [name, type] of [['careB', OrganisationType.CARE_PROVIDER], ['e2', OrganisationType.EMPLOYER], ['e3', OrganisationType.EMPLOYER]] as const) {
    org[name] = randomUUID();
    await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [org[name], `Pilot ${name}`, type, base.municipalityId]);
  }
  const roles: Record<string, string[]> = { municipality: ['coordinator'], careA: ['support-worker'], careB: ['support-worker'], school: ['teacher'], e1: ['employer'], e2: ['employer'], e3: ['employer'] };
  const tokens: Record<string, string> = {};
  for (const [name, r] of Object.entries(roles)) tokens[name] = await bearer(api, org[name], r, `${name}-user`);
  return { org, p: new HttpParties(api, tokens) };
}

/** A referral of one of the pilot's young people, supported by the named care provider (or none). */
export function pilotReferral(org: Record<string, string>, firstName: string, careProvider?: string): Record<string, unknown> {
  return {
    municipalityId: org.municipality,
    ...(careProvider ? { careProviderId: org[careProvider] } : {}),
    candidate: { firstName, lastName: 'Pilot', dateOfBirth: '2006-05-05' },
    situation: 'Day-activities; wants to try work.',
    consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
  };
}
