import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { bearer, createParties, sql, startApi, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/** Organisations and users, managed by admins; what a user may do follows the directory at once. */
describe('organisations and users', () => {
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    [api, db] = await Promise.all([startApi(), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    t.municipalityAdmin = await bearer(api, own.municipalityId, ['admin']);
    t.coordinator = await bearer(api, own.municipalityId, ['coordinator']);
    t.employerAdmin = await bearer(api, own.employerId, ['admin']);
    t.foreignAdmin = await bearer(api, foreign.municipalityId, ['admin']);
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
  });

  const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, key: string = randomUUID()) =>
    api.inject({ method, url, headers: { authorization: t[who], ...(method === 'GET' ? {} : { 'idempotency-key': key }) }, ...(payload ? { payload } : {}) });
  const count = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  it("a municipality's admin registers an employer in its area, once per Idempotency-Key; only there", async () => {
    const key = randomUUID();
    const created = await call('municipalityAdmin', 'POST', '/organisations', { name: 'Bakkerij De Zon', type: 'EMPLOYER' }, key);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Bakkerij De Zon', type: 'EMPLOYER', municipalityId: own.municipalityId, active: true, version: 1 });
    expect(created.headers.location).toBe(`/organisations/${created.json().id}`);
    const again = await call('municipalityAdmin', 'POST', '/organisations', { name: 'Bakkerij De Zon', type: 'EMPLOYER' }, key);
    expect(again.json().id).toBe(created.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const listed = await call('coordinator', 'GET', `/organisations?type=EMPLOYER&limit=200`);
    expect(listed.json().items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([own.employerId, created.json().id]));
    expect((await call('foreignAdmin', 'GET', `/organisations/${created.json().id}`)).statusCode).toBe(404);
    expect((await call('foreignAdmin', 'GET', '/organisations?limit=200')).json().items.map((o: { id: string }) => o.id)).not.toContain(created.json().id);
    const employerView = await call('employerAdmin', 'GET', '/organisations?limit=200');
    expect(employerView.json().items.map((o: { id: string }) => o.id)).toEqual([own.employerId]);
  });

  it('pages through organisations with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (await call('coordinator', 'GET', `/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([own.municipalityId, own.careProviderId, own.schoolId, own.employerId]));
  });

  it('users get only roles their organisation type grants; a duplicate subject is a 409; nothing half-written', async () => {
    const before = await count('users');
    const wrong = await call('employerAdmin', 'POST', `/organisations/${own.employerId}/users`, { name: 'Eva', roles: ['coordinator'] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'roles', message: 'a EMPLOYER grants only employer, admin; not coordinator', code: 'ENUM' }]);
    const eva = await call('employerAdmin', 'POST', `/organisations/${own.employerId}/users`, { name: 'Eva', email: 'eva@dezon.nl', subject: 'eva', roles: ['employer'] });
    expect(eva.statusCode).toBe(201);
    expect(eva.json()).toMatchObject({ organisationId: own.employerId, subject: 'eva', name: 'Eva', email: 'eva@dezon.nl', roles: ['employer'], active: true, version: 1 });
    const twin = await call('municipalityAdmin', 'POST', `/organisations/${own.employerId}/users`, { name: 'Eva 2', subject: 'eva', roles: ['employer'] });
    expect(twin.statusCode).toBe(409);
    expect(await count('users')).toBe(before + 1);
    expect((await call('coordinator', 'POST', `/organisations/${own.employerId}/users`, { name: 'X', roles: ['employer'] })).statusCode).toBe(403);
    expect((await call('foreignAdmin', 'POST', `/organisations/${own.employerId}/users`, { name: 'X', roles: ['employer'] })).statusCode).toBe(404);
    expect(await count('users')).toBe(before + 1);
  });

  it("a user's token follows the directory: a role taken away or a deactivation counts on the next request", async () => {
    const created = await call('employerAdmin', 'POST', `/organisations/${own.employerId}/users`, { name: 'Joost', subject: 'joost', roles: ['employer', 'admin'] });
    const user = created.json();
    t.joost = `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: user.id } })).json().accessToken}`;
    expect((await call('joost', 'GET', `/organisations/${own.employerId}/users`)).statusCode).toBe(200);

    const demoted = await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}/users/${user.id}`, { roles: ['employer'], version: 1 });
    expect(demoted.json()).toMatchObject({ roles: ['employer'], version: 2 });
    expect((await call('joost', 'GET', `/organisations/${own.employerId}/users`)).statusCode).toBe(403);
    expect((await call('joost', 'GET', '/tasks')).statusCode).toBe(200);

    expect((await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}/users/${user.id}`, { active: false, version: 1 })).statusCode).toBe(409);
    await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}/users/${user.id}`, { active: false, version: 2 });
    const refused = await call('joost', 'GET', '/tasks');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/deactivated/);
  });

  it('an admin cannot lock itself out; an organisation deactivated by its municipality signs nobody in', async () => {
    const me = (await call('employerAdmin', 'GET', `/organisations/${own.employerId}/users?limit=200`)).json().items.find((u: { subject: string }) => u.subject === `admin-${own.employerId.slice(0, 8)}`);
    const selfLock = await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}/users/${me.id}`, { active: false, version: me.version });
    expect(selfLock.statusCode).toBe(409);
    expect(selfLock.json().detail).toMatch(/yourself/);
    expect((await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}`, { active: false, version: 1 })).statusCode).toBe(403);

    const org = (await call('municipalityAdmin', 'GET', `/organisations/${own.employerId}`)).json();
    const renamed = await call('employerAdmin', 'PATCH', `/organisations/${own.employerId}`, { name: 'Renamed by itself', version: org.version });
    expect(renamed.json()).toMatchObject({ name: 'Renamed by itself', version: org.version + 1 });
    const off = await call('municipalityAdmin', 'PATCH', `/organisations/${own.employerId}`, { active: false, version: org.version + 1 });
    expect(off.json()).toMatchObject({ active: false });
    const refused = await call('employerAdmin', 'GET', '/organisations');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/organisation has been deactivated/);
  });

  it('a platform admin, made by the documented bootstrap command, registers a second municipality; its admin takes it from there', async () => {
    const subject = `platform-${randomUUID()}`;
    const root = resolve(__dirname, '..', '..');
    const printed = execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-P', 'tsconfig.json', 'scripts/platform-admin.ts', '--name', 'Sam Platform', '--subject', subject], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: testRun().databaseUrl },
      encoding: 'utf8',
    });
    const userId = /user ([0-9a-f-]{36})/.exec(printed)![1];
    expect((await db.query('SELECT u.roles, o.type FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1', [userId])).rows).toEqual([{ roles: ['platform-admin'], type: 'PLATFORM' }]);
    t.platform = `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId } })).json().accessToken}`;

    // Before, a municipality could not be registered through the API at all (400); it still cannot be an organisation of an area.
    expect((await call('municipalityAdmin', 'POST', '/organisations', { name: 'Gemeente Delft', type: 'MUNICIPALITY' })).statusCode).toBe(400);
    expect((await call('municipalityAdmin', 'POST', '/municipalities', { name: 'Gemeente Delft', admin: { name: 'Beheerder' } })).statusCode).toBe(403);
    expect((await call('platform', 'POST', '/municipalities', { name: 'Gemeente Delft' })).statusCode).toBe(400);
    const registered = await call('platform', 'POST', '/municipalities', { name: 'Gemeente Delft', admin: { name: 'Noor Haddou', email: 'n.haddou@delft.example' } });
    expect(registered.statusCode).toBe(201);
    const { municipality, admin } = registered.json();
    expect(municipality).toMatchObject({ name: 'Gemeente Delft', type: 'MUNICIPALITY', municipalityId: municipality.id, active: true });
    expect(admin).toMatchObject({ organisationId: municipality.id, name: 'Noor Haddou', roles: ['admin'], active: true });
    expect(registered.headers.location).toBe(`/organisations/${municipality.id}`);
    expect((await call('platform', 'GET', registered.headers.location as string)).json()).toEqual(municipality);
    expect((await call('platform', 'GET', '/municipalities?limit=200')).json().items).toContainEqual(municipality);
    // The platform admin does no casework and sees no area's organisations.
    expect((await call('platform', 'GET', '/tasks')).statusCode).toBe(403);
    expect((await call('platform', 'GET', `/organisations/${own.careProviderId}`)).statusCode).toBe(404);

    t.delftAdmin = `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: admin.id } })).json().accessToken}`;
    const school = await call('delftAdmin', 'POST', '/organisations', { name: 'VSO Delft', type: 'SCHOOL' });
    expect(school.json()).toMatchObject({ type: 'SCHOOL', municipalityId: municipality.id });
    expect((await call('delftAdmin', 'GET', '/organisations?limit=200')).json().items.map((o: { id: string }) => o.id).sort()).toEqual([municipality.id, school.json().id].sort());
    expect((await call('delftAdmin', 'GET', `/organisations/${own.municipalityId}`)).statusCode).toBe(404);
  });
});
