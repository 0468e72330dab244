/**
 * Starts the embedded PostgreSQL fallback (no local server at the given URL), appends a row,
 * prints what the table holds as JSON, and stops. Args: dataDir embeddedPort unreachableLocalUrl.
 */
import { Client } from 'pg';
import { resolvePostgres } from '../../libs/devstack/src/postgres';

async function main(): Promise<void> {
  const [dataDir, port, localUrl] = process.argv.slice(2);
  const resolved = await resolvePostgres({
    database: 'placement_embedded',
    dataDir,
    embeddedPort: Number(port),
    localUrl,
    env: {},
    log: () => undefined,
  });
  try {
    const client = new Client({ connectionString: resolved.url });
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS kept (n serial, v text)');
    const { rows: before } = await client.query('SELECT count(*)::int AS n FROM kept');
    await client.query('INSERT INTO kept (v) VALUES ($1)', [`run ${before[0].n + 1}`]);
    const { rows } = await client.query('SELECT v FROM kept ORDER BY n');
    await client.end();
    console.log(JSON.stringify({ source: resolved.source, rows }));
  } finally {
    await resolved.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
