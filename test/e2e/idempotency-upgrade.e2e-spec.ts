import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { requestHash } from '../../apps/api/src/common/request-hash';
import { dataSourceOptions, runMigrations } from '../../libs/database/src/data-source';
import { MIGRATIONS } from '../../libs/database/src/migrations';
import { IdempotencyCommands1763960000000 } from '../../libs/database/src/migrations/1763960000000-idempotency-commands';
import { dropDatabase, ensureDatabase, withDatabase } from '../../libs/devstack/src/postgres';
import { startApi } from '../support/stack';
import { testRun } from '../support/test-run';

async function migrate(url: string, migrations: (typeof MIGRATIONS)[number][]): Promise<void> {
  const dataSource = await new DataSource({ ...dataSourceOptions(url), migrations }).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Keys of before the upgrade (scoped by command, no answer kept) move into the organisation's
 * one key space with their command, so an old request retried after the upgrade still replays.
 */
describe('Idempotency-Keys of before the upgrade', () => {
  const url = withDatabase(testRun().databaseUrl, `placement_upgrade_${randomBytes(4).toString('hex')}`);
  const ids = { municipality: randomUUID(), care: randomUUID(), employer: randomUUID(), workplace: randomUUID(), org: randomUUID(), user: randomUUID(), candidate: randomUUID() };
  const workplace = { title: 'Old workplace', location: 'Dorpsstraat 1', hoursPerWeek: 8, capacity: 1, supportOnSite: [] };
  const patch = { capacity: 2, version: 1 };
  let db: PgClient;
  let api: NestFastifyApplication | undefined;

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(url, MIGRATIONS.slice(0, MIGRATIONS.indexOf(IdempotencyCommands1763960000000)));
    db = new PgClient({ connectionString: url });
    await db.connect();
    const orgs: [string, string][] = [
      [ids.municipality, 'MUNICIPALITY'],
      [ids.care, 'CARE_PROVIDER'],
      [ids.employer, 'EMPLOYER'],
      [ids.org, 'SCHOOL'],
    ];
    for (const [id, type] of orgs) await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1::uuid, $1::text, $2, $3)', [id, type, ids.municipality]);
    await db.query(`INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, 'teacher-1', 'Teacher', '{teacher}')`, [ids.user, ids.org]);
    // The workplace as the first POST made it and the PATCH changed it (version 2).
    await db.query(
      `INSERT INTO workplaces (id, employer_id, municipality_id, title, location, hours_per_week, capacity, support_on_site, version) VALUES ($1, $2, $3, $4, $5, 8, 2, '{}', 2)`,
      [ids.workplace, ids.employer, ids.municipality, workplace.title, workplace.location],
    );
    await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Old', 'Referral', '2006-01-01')`, [ids.candidate, ids.municipality]);
    const keys: [string, string, unknown, string, string][] = [
      [`workplaces:${ids.employer}`, 'old-workplace-key', workplace, ids.workplace, '2026-11-01T10:00:00Z'],
      [`workplace:${ids.workplace}`, 'old-patch-key', patch, ids.workplace, '2026-11-01T10:01:00Z'],
      [`referrals:${ids.care}`, 'old-referral-key', { any: 'body' }, ids.candidate, '2026-11-01T10:02:00Z'],
      [`organisations:${ids.municipality}`, 'old-organisation-key', { name: 'School', type: 'SCHOOL' }, ids.org, '2026-11-01T10:03:00Z'],
      [`organisation:${ids.org}:${ids.municipality}`, 'old-rename-key', { name: 'School', version: 1 }, ids.org, '2026-11-01T10:04:00Z'],
      [`users:${ids.org}:${ids.municipality}`, 'old-user-key', { name: 'Teacher', roles: ['teacher'] }, ids.user, '2026-11-01T10:05:00Z'],
      [`user:${ids.user}:${ids.municipality}`, 'old-user-change-key', { name: 'Teacher', version: 1 }, ids.user, '2026-11-01T10:06:00Z'],
      // Allowed before: the employer's same key on two commands. The first use keeps it.
      [`workplaces:${ids.employer}`, 'twice-used-key', workplace, ids.workplace, '2026-11-01T10:07:00Z'],
      [`workplace:${ids.workplace}`, 'twice-used-key', patch, ids.workplace, '2026-11-01T10:08:00Z'],
    ];
    for (const [scope, key, body, resource, at] of keys) {
      await db.query('INSERT INTO idempotency_keys (scope, key, request_hash, resource_id, created_at) VALUES ($1, $2, $3, $4, $5)', [scope, key, requestHash(body), resource, at]);
    }
    await migrate(url, MIGRATIONS);
  });

  afterAll(async () => {
    await api?.close();
    await db?.end();
    await dropDatabase(url).catch(() => undefined);
  });

  it('each key is now its organisation\'s, with the command its scope named', async () => {
    const { rows } = await db.query('SELECT organisation_id, key, command, params, resource_id, response_status FROM idempotency_keys ORDER BY created_at');
    expect(rows).toEqual([
      { organisation_id: ids.employer, key: 'old-workplace-key', command: 'POST /workplaces', params: {}, resource_id: ids.workplace, response_status: null },
      { organisation_id: ids.employer, key: 'old-patch-key', command: 'PATCH /workplaces/{id}', params: { id: ids.workplace }, resource_id: ids.workplace, response_status: null },
      { organisation_id: ids.care, key: 'old-referral-key', command: 'POST /referrals', params: {}, resource_id: ids.candidate, response_status: null },
      { organisation_id: ids.municipality, key: 'old-organisation-key', command: 'POST /organisations', params: {}, resource_id: ids.org, response_status: null },
      { organisation_id: ids.municipality, key: 'old-rename-key', command: 'PATCH /organisations/{id}', params: { id: ids.org }, resource_id: ids.org, response_status: null },
      { organisation_id: ids.municipality, key: 'old-user-key', command: 'POST /organisations/{id}/users', params: { id: ids.org }, resource_id: ids.user, response_status: null },
      {
        organisation_id: ids.municipality,
        key: 'old-user-change-key',
        command: 'PATCH /organisations/{id}/users/{userId}',
        params: { id: ids.org, userId: ids.user },
        resource_id: ids.user,
        response_status: null,
      },
      { organisation_id: ids.employer, key: 'twice-used-key', command: 'POST /workplaces', params: {}, resource_id: ids.workplace, response_status: null },
    ]);
  });

  it('an old request retried after the upgrade replays (nothing made or changed twice); another request with its key is 422', async () => {
    api = await startApi({ DATABASE_URL: url });
    const employerUser = randomUUID();
    await db.query(`INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, 'employer-1', 'Employer', '{employer}')`, [employerUser, ids.employer]);
    const employer = `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId: employerUser } })).json().accessToken}`;
    const send = (method: 'POST' | 'PATCH', path: string, key: string, payload: object) =>
      api!.inject({ method, url: path, headers: { authorization: employer, 'idempotency-key': key }, payload });

    const created = await send('POST', '/workplaces', 'old-workplace-key', workplace);
    expect([created.statusCode, created.headers['idempotent-replayed'], created.json().id]).toEqual([201, 'true', ids.workplace]);
    const changed = await send('PATCH', `/workplaces/${ids.workplace}`, 'old-patch-key', patch);
    expect([changed.statusCode, changed.headers['idempotent-replayed'], changed.json().version]).toEqual([200, 'true', 2]);
    expect((await send('PATCH', `/workplaces/${ids.workplace}`, 'twice-used-key', patch)).statusCode).toBe(422);
    expect((await send('POST', '/workplaces', 'old-workplace-key', { ...workplace, capacity: 3 })).statusCode).toBe(422);
    expect((await db.query('SELECT count(*)::int AS n, max(version) AS v FROM workplaces')).rows[0]).toEqual({ n: 1, v: 2 });
    // Answered now: the answer is kept, and the next replay is read from it.
    expect((await db.query(`SELECT response_status FROM idempotency_keys WHERE key = 'old-patch-key'`)).rows[0].response_status).toBe(200);
  });
});
