import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { bsnCipher, DEVELOPMENT_BSN_KEYS, validateEnvironment } from '../../libs/config/src/environment';
import { dropDatabase, ensureDatabase, withDatabase } from '../../libs/devstack/src/postgres';
import { rotateBsnKey } from '../../scripts/rotate-bsn-key';
import { createParties, referralBody, startApi, startWorker, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';

/**
 * Rotating the BSN's key without downtime: add a key and make it current (old BSNs still
 * decrypt, new ones use it), re-encrypt the rest, drop the old key. A database of its own, so
 * the rest of the run keeps the development key.
 */
describe('BSN key rotation', () => {
  const suffix = randomBytes(4).toString('hex');
  const databaseUrl = withDatabase(testRun().databaseUrl, `placement_rotation_${suffix}`);
  const own = { DATABASE_URL: databaseUrl, TEMPORAL_TASK_QUEUE: `rotation-${suffix}` };
  let worker: INestApplicationContext;
  const newKey = `k2:${randomBytes(32).toString('base64')}`;
  const devKey = DEVELOPMENT_BSN_KEYS.split(':')[1];
  let db: PgClient;
  let parties: TestParties;
  const opened: NestFastifyApplication[] = [];

  /** An API on the rotation's database with these keys; its tokens come from its own dev endpoint. */
  async function apiWith(keys: Record<string, string>): Promise<(method: 'GET' | 'PUT' | 'POST', url: string, body?: object) => Promise<{ statusCode: number; json: () => Record<string, unknown> }>> {
    const api = await startApi({ ...own, ...keys });
    opened.push(api);
    const { rows } = await db.query(`INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, $3, $3, $4) ON CONFLICT (organisation_id, subject) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [
      randomUUID(),
      parties.municipalityId,
      'rotation-coordinator',
      ['coordinator'],
    ]);
    const care = await db.query(`INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, $3, $3, $4) ON CONFLICT (organisation_id, subject) DO UPDATE SET name = EXCLUDED.name RETURNING id`, [
      randomUUID(),
      parties.careProviderId,
      'rotation-care',
      ['support-worker'],
    ]);
    const token = async (userId: string) => `Bearer ${(await api.inject({ method: 'POST', url: '/dev/tokens', payload: { userId } })).json().accessToken}`;
    const [coordinator, support] = [await token(rows[0].id), await token(care.rows[0].id)];
    return (method, url, body) =>
      api.inject({ method, url, payload: body, headers: { authorization: url === '/referrals' ? support : coordinator, ...(url === '/referrals' ? { 'idempotency-key': randomUUID() } : {}) } });
  }

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    // The worker migrates the new database and runs its journeys (a task queue of its own).
    worker = await startWorker(own);
    db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    parties = await createParties(db);
  });

  afterAll(async () => {
    for (const api of opened) await api.close();
    await worker?.close();
    await db?.end();
    await dropDatabase(databaseUrl).catch(() => undefined);
  });

  it('adds a key, re-encrypts under it with progress, and drops the old one: every BSN reads and is found throughout', async () => {
    const before = await apiWith({});
    const refer = async (call: typeof before) => (await call('POST', '/referrals', referralBody(parties))).json().candidateId as string;
    const bsns = ['111222333', '123456782', '999999990'];
    const ids: string[] = [];
    for (const bsn of bsns.slice(0, 2)) {
      const id = await refer(before);
      expect((await before('PUT', `/journeys/${id}/bsn`, { bsn, purpose: 'MUNICIPAL_TASK' })).statusCode).toBe(204);
      ids.push(id);
    }
    const keyIds = async () => (await db.query(`SELECT split_part(bsn_encrypted, ':', 1) AS k FROM candidates WHERE bsn_encrypted IS NOT NULL ORDER BY k`)).rows.map((r) => r.k);
    expect(await keyIds()).toEqual(['dev', 'dev']);

    // 1. Both keys, the new one current: old BSNs read, a new one is sealed with the new key.
    const both = { BSN_KEYS: `dev:${devKey},${newKey}`, BSN_KEY_CURRENT: 'k2' };
    const during = await apiWith(both);
    expect((await during('GET', `/journeys/${ids[0]}/bsn?purpose=MUNICIPAL_TASK`)).json().bsn).toBe(bsns[0]);
    const third = await refer(during);
    expect((await during('PUT', `/journeys/${third}/bsn`, { bsn: bsns[2], purpose: 'MUNICIPAL_TASK' })).statusCode).toBe(204);
    ids.push(third);
    expect(await keyIds()).toEqual(['dev', 'dev', 'k2']);

    // 2. Re-encrypt the rest, with progress.
    const progress: { resealed: number; remaining: number }[] = [];
    const cipher = bsnCipher(validateEnvironment({ ...own, ...both }));
    expect(await rotateBsnKey(db, cipher, (p) => progress.push(p), 1)).toBe(2);
    expect(progress).toEqual([
      { resealed: 1, remaining: 1 },
      { resealed: 2, remaining: 0 },
    ]);
    expect(await keyIds()).toEqual(['k2', 'k2', 'k2']);
    expect(await rotateBsnKey(db, cipher)).toBe(0);

    // 3. The old key gone: every BSN reads, and each is still found by its keyed hash.
    const after = await apiWith({ BSN_KEYS: newKey, BSN_KEY_CURRENT: 'k2' });
    for (const [i, id] of ids.entries()) {
      expect((await after('GET', `/journeys/${id}/bsn?purpose=MUNICIPAL_TASK`)).json().bsn).toBe(bsns[i]);
      expect((await after('POST', '/journeys/find-by-bsn', { bsn: bsns[i], purpose: 'MUNICIPAL_TASK' })).json()).toEqual({ candidateId: id });
    }
  });
});
