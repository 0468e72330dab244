/**
 * Bootstrap: makes a platform admin, who registers municipalities (POST /municipalities). The
 * platform organisation is made the first time; running it again for the same subject changes
 * nothing but making sure that user is active and holds the role.
 *
 *   npm run platform-admin -- --name "Sam Jansen" --subject sam@beheer.example [--email sam@beheer.example]
 *   node dist/scripts/platform-admin.js --name ...       (a built deployment)
 *
 * It uses DATABASE_URL (else the local server's `placement` database) and applies pending
 * migrations first. The user signs in with a token for that subject: claims org (printed),
 * orgType PLATFORM, roles [platform-admin].
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../libs/database/src/data-source';
import { OrganisationType, UserRole } from '../libs/domain/src/organisation';

/** One lock for every bootstrap, so two at once make one platform organisation. */
const BOOTSTRAP_LOCK_ID = 727_003;

export interface PlatformAdmin {
  organisationId: string;
  userId: string;
}

/** Makes (or finds) the platform organisation and its admin with this subject, in one transaction. */
export async function bootstrapPlatformAdmin(
  db: Client,
  admin: { name: string; subject: string; email?: string; userId?: string },
  organisation: { id?: string; name?: string } = {},
): Promise<PlatformAdmin> {
  await db.query('BEGIN');
  try {
    await db.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
    const found = await db.query<{ id: string }>(`SELECT id FROM organisations WHERE type = $1 ORDER BY created_at, id LIMIT 1`, [OrganisationType.PLATFORM]);
    let organisationId = found.rows[0]?.id;
    if (!organisationId) {
      organisationId = organisation.id ?? randomUUID();
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $1)', [
        organisationId,
        organisation.name ?? 'Platform',
        OrganisationType.PLATFORM,
      ]);
    }
    const user = await db.query<{ id: string }>(
      `INSERT INTO users (id, organisation_id, subject, name, email, roles) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (organisation_id, subject) DO UPDATE SET active = true, roles = ARRAY(SELECT DISTINCT unnest(users.roles || EXCLUDED.roles))
       RETURNING id`,
      [admin.userId ?? randomUUID(), organisationId, admin.subject, admin.name, admin.email ?? null, [UserRole.PLATFORM_ADMIN]],
    );
    await db.query('COMMIT');
    return { organisationId, userId: user.rows[0].id };
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, subject: { type: 'string' }, email: { type: 'string' } } });
  if (!values.name || !values.subject) {
    console.error('usage: npm run platform-admin -- --name "<display name>" --subject <sign-in subject> [--email <address>]');
    process.exit(2);
  }
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/placement';
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  await runMigrations(dataSource).finally(() => dataSource.destroy());
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const made = await bootstrapPlatformAdmin(db, { name: values.name, subject: values.subject, email: values.email });
    console.log(
      [
        `Platform admin ${values.name}: user ${made.userId} of the platform organisation ${made.organisationId}.`,
        `A token for it carries sub "${values.subject}", org "${made.organisationId}", orgType "PLATFORM", roles ["platform-admin"]`,
        '(outside production: POST /dev/tokens {"userId": "' + made.userId + '"}). Then: POST /municipalities.',
      ].join('\n'),
    );
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
