import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Client as PgClient } from 'pg';
import { bearer, createCandidate, createParties, sql, startApi, type TestParties } from '../support/stack';

interface Entry {
  id: number;
  occurredAt: string;
  candidateId: string;
  purpose?: string;
  actor: { organisationId: string };
}

/** The municipality's access log as a privacy officer uses it: newest first, page by page, filtered, the chain checked. */
describe('access log oversight', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let first: string;
  let second: string;
  const t: Record<string, string> = {};
  const get = (who: string, url: string) => api.inject({ method: 'GET', url, headers: { authorization: t[who] } });

  // [candidate, organisation, purpose, occurred at]; 23:30 UTC on 10 March is 11 March in Amsterdam.
  const rows: ['first' | 'second', 'municipality' | 'care', string, string][] = [
    ['first', 'care', 'INTAKE', '2026-03-01T09:00:00Z'],
    ['first', 'municipality', 'MUNICIPAL_TASK', '2026-03-05T09:00:00Z'],
    ['second', 'care', 'INTAKE', '2026-03-08T09:00:00Z'],
    ['second', 'municipality', 'MUNICIPAL_TASK', '2026-03-10T23:30:00Z'],
    ['first', 'care', 'CARE_DELIVERY', '2026-03-12T09:00:00Z'],
    ['second', 'municipality', 'RIGHTS_REQUEST', '2026-03-15T09:00:00Z'],
    ['first', 'municipality', 'MUNICIPAL_TASK', '2026-03-20T09:00:00Z'],
  ];

  async function all(who: string, url: string): Promise<Entry[]> {
    const items: Entry[] = [];
    for (let next = url; ; ) {
      const page = await get(who, next);
      expect(page.statusCode).toBe(200);
      const body = page.json() as { items: Entry[]; nextCursor?: string };
      items.push(...body.items);
      if (!body.nextCursor) return items;
      next = `${url}${url.includes('?') ? '&' : '?'}cursor=${body.nextCursor}`;
    }
  }

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(), sql()]);
    own = await createParties(db);
    [first, second] = [await createCandidate(db, own), await createCandidate(db, own)];
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.admin = await bearer(api, own.municipalityId, ['admin'], 'municipal-admin');
    t.care = await bearer(api, own.careProviderId, ['support-worker']);
    for (const [candidate, organisation, purpose, at] of rows) {
      await db.query(
        `INSERT INTO access_log (candidate_id, municipality_id, organisation_id, user_id, role, action, purpose, endpoint, fields, occurred_at)
         VALUES ($1, $2, $3, 'test', NULL, 'READ', $4, 'GET /journeys/{candidateId}/candidate', '{firstName}', $5)`,
        [candidate === 'first' ? first : second, own.municipalityId, organisation === 'care' ? own.careProviderId : own.municipalityId, purpose, at],
      );
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
  });

  it('is newest first, and paging with the cursor gives every entry once, in the same order', async () => {
    const whole = (await get('coordinator', '/access-log')).json() as { items: Entry[]; nextCursor?: string };
    expect(whole.items.map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(whole.items.map((e) => e.occurredAt)).toEqual(rows.map((r) => new Date(r[3]).toISOString()).reverse());
    expect(whole.nextCursor).toBeUndefined();

    const firstPage = (await get('coordinator', '/access-log?limit=3')).json() as { items: Entry[]; nextCursor: string };
    expect(firstPage.items.map((e) => e.id)).toEqual([7, 6, 5]);
    expect(firstPage.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await all('coordinator', '/access-log?limit=3')).map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    // The admin of the municipality reads it too.
    expect((await all('admin', '/access-log?limit=2')).map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('filters by young person, organisation, purpose and period (days in Amsterdam, both inclusive), each page keeping the filter', async () => {
    expect((await all('coordinator', `/access-log?limit=2&candidate=${first}`)).map((e) => e.id)).toEqual([7, 5, 2, 1]);
    expect((await all('coordinator', `/access-log?limit=1&organisation=${own.careProviderId}`)).map((e) => e.id)).toEqual([5, 3, 1]);
    expect((await all('coordinator', '/access-log?limit=1&purpose=MUNICIPAL_TASK')).map((e) => e.id)).toEqual([7, 4, 2]);
    expect((await all('coordinator', '/access-log?from=2026-03-11&to=2026-03-15')).map((e) => e.id)).toEqual([6, 5, 4]);
    expect((await all('coordinator', '/access-log?to=2026-03-10')).map((e) => e.id)).toEqual([3, 2, 1]);
    const combined = await all('coordinator', `/access-log?limit=1&candidate=${second}&organisation=${own.municipalityId}&purpose=MUNICIPAL_TASK&from=2026-03-11`);
    expect(combined.map((e) => [e.id, e.candidateId, e.actor.organisationId, e.purpose])).toEqual([[4, second, own.municipalityId, 'MUNICIPAL_TASK']]);
  });

  it('still answers ?after= in chain order (oldest first), its cursor continuing that way', async () => {
    const page = (await get('coordinator', '/access-log?after=2&limit=2')).json() as { items: Entry[]; nextCursor: string };
    expect(page.items.map((e) => e.id)).toEqual([3, 4]);
    expect((await all('coordinator', '/access-log?after=2&limit=2')).map((e) => e.id)).toEqual([3, 4, 5, 6, 7]);
  });

  it.each([
    ['a cursor this list did not make', '/access-log?cursor=bm9wZQ', 'cursor'],
    ['a cursor of another shape', '/access-log?cursor=not%20a%20cursor', 'cursor'],
    ['a cursor past any number', `/access-log?cursor=${Buffer.from('d:99999999999999999999').toString('base64url')}`, 'cursor'],
    ['an after past any number', '/access-log?after=99999999999999999999999', 'after'],
    ['a purpose that does not exist', '/access-log?purpose=CURIOSITY', 'purpose'],
    ['an organisation that is no id', '/access-log?organisation=x', 'organisation'],
    ['a date that is no date', '/access-log?from=11-03-2026', 'from'],
    ['a period that ends before it starts', '/access-log?from=2026-03-12&to=2026-03-11', 'to'],
  ])('%s is a 400 problem naming the field', async (_what, url, field) => {
    const answer = await get('coordinator', url);
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(answer.json())).toContain(field);
  });

  it('the chain check answers intact with the rows checked and the last row, for the municipality only', async () => {
    const check = await get('coordinator', '/access-log/verification');
    expect(check.statusCode).toBe(200);
    expect(check.json()).toEqual({ intact: true, checked: 7, head: { chainSeq: 7, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((await get('care', '/access-log/verification')).statusCode).toBe(403);
    expect((await get('care', '/access-log')).statusCode).toBe(403);
  });
});
