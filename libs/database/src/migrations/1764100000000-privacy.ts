import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy by design:
 * - consent_versions: the consent ledger, append-only; a change is a new version with who and when.
 *   The referral's consent becomes version 1 of each journey.
 * - access_log to NEN 7513: role, action and purpose on every row; each row chained to the one
 *   before it in its municipality (chain_seq, prev_hash, hash = sha256 over the row and prev_hash,
 *   set by a trigger under a lock per municipality, so every writer chains); append-only (a trigger
 *   refuses UPDATE and DELETE); access_log_verify(m) reports the first broken link.
 * - candidate_rectifications: the history of corrected personal data (erased with the rest).
 * - erasures: what was erased of whom, when, why (never the data itself).
 * - candidates: contact details (e-mail, phone; optional); BSN encrypted at the field level with its keyed hash for lookups; personal fields
 *   nullable (an erased record keeps its id for the figures); erased_at.
 * - organisations.retention_days: a municipality's retention period after a journey closes.
 * - journeys.closed_at: when a journey closed (for retention).
 */
/** The database role the processes act in; the name is frozen (grants of later migrations name it). */
export const APP_ROLE = 'placement_app';

export class Privacy1764100000000 implements MigrationInterface {
  name = 'Privacy1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // The consent ledger.
    await q.query(`
      CREATE TABLE consent_versions (
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        version integer NOT NULL,
        given_by text NOT NULL CHECK (given_by IN ('CANDIDATE', 'LEGAL_REPRESENTATIVE')),
        given_at timestamptz NOT NULL,
        grants jsonb NOT NULL,
        withdrawn_all boolean NOT NULL DEFAULT false,
        reason text,
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        -- The Idempotency-Key it was recorded under (organisation:key): a retry adds no second version.
        command_key text UNIQUE,
        PRIMARY KEY (candidate_id, version)
      )`);
    await q.query(`
      INSERT INTO consent_versions (candidate_id, version, given_by, given_at, grants, recorded_by_organisation_id, recorded_by_user_id, recorded_at)
      SELECT r.candidate_id, 1, r.consent_given_by, r.consent_given_at, $1::jsonb, r.referrer_organisation_id, 'referral', r.created_at
      FROM referrals r`,
      [JSON.stringify(INITIAL_GRANTS)],
    );

    // The access log to NEN 7513: who (user, organisation, role), whose data, what (action, fields), why (purpose), when, where (endpoint).
    await q.query(`ALTER TABLE access_log
      ADD COLUMN role text,
      ADD COLUMN action text NOT NULL DEFAULT 'READ' CHECK (action IN ('READ', 'CHANGE', 'EXPORT', 'ERASE')),
      ADD COLUMN purpose text,
      ADD COLUMN chain_seq bigint,
      ADD COLUMN prev_hash text,
      ADD COLUMN hash text`);
    await q.query(`
      CREATE FUNCTION access_log_digest(prev text, r access_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|', coalesce(prev, ''), r.chain_seq, r.municipality_id, r.candidate_id,
          r.organisation_id, r.user_id, coalesce(r.role, ''), r.action, coalesce(r.purpose, ''), r.endpoint,
          array_to_string(r.fields, ','), to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8')), 'hex')
      $$`);
    // Rows of before the chain: chained in id order, purpose unrecorded.
    await q.query(`
      DO $$
      DECLARE r access_log; prev text; m uuid; n bigint;
      BEGIN
        FOR m IN SELECT DISTINCT municipality_id FROM access_log LOOP
          prev := NULL; n := 0;
          FOR r IN SELECT * FROM access_log WHERE municipality_id = m ORDER BY id LOOP
            n := n + 1;
            r.chain_seq := n;
            UPDATE access_log SET chain_seq = n, prev_hash = prev, hash = access_log_digest(prev, r) WHERE id = r.id;
            prev := access_log_digest(prev, r);
          END LOOP;
        END LOOP;
      END $$`);
    await q.query(`
      CREATE FUNCTION access_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last access_log;
      BEGIN
        PERFORM pg_advisory_xact_lock(727004, hashtext(NEW.municipality_id::text));
        SELECT * INTO last FROM access_log WHERE municipality_id = NEW.municipality_id ORDER BY chain_seq DESC NULLS LAST LIMIT 1;
        NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
        NEW.prev_hash := last.hash;
        NEW.hash := access_log_digest(last.hash, NEW);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER access_log_chain BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_chain()`);
    await q.query(`
      CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: rows are never changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log FOR EACH ROW EXECUTE FUNCTION append_only()`);
    await q.query(`CREATE TRIGGER consent_versions_append_only BEFORE UPDATE OR DELETE ON consent_versions FOR EACH ROW EXECUTE FUNCTION append_only()`);
    for (const table of ['access_log', 'consent_versions']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);
    }
    await q.query(`CREATE UNIQUE INDEX access_log_chain_idx ON access_log (municipality_id, chain_seq)`);
    // Verification: the first row (in chain order) whose hash or link does not hold; none when intact.
    await q.query(`
      CREATE FUNCTION access_log_verify(m uuid) RETURNS TABLE (checked bigint, broken_id bigint, broken_seq bigint, problem text) LANGUAGE plpgsql STABLE AS $$
      DECLARE r access_log; prev text; expected bigint := 1; n bigint := 0;
      BEGIN
        FOR r IN SELECT * FROM access_log WHERE municipality_id = m ORDER BY chain_seq LOOP
          n := n + 1;
          IF r.chain_seq <> expected THEN
            RETURN QUERY SELECT n, r.id, expected, 'a row is missing before this one'; RETURN;
          END IF;
          IF r.prev_hash IS DISTINCT FROM prev THEN
            RETURN QUERY SELECT n, r.id, r.chain_seq, 'this row does not link to the row before it'; RETURN;
          END IF;
          IF r.hash IS DISTINCT FROM access_log_digest(prev, r) THEN
            RETURN QUERY SELECT n, r.id, r.chain_seq, 'this row was changed after it was written'; RETURN;
          END IF;
          prev := r.hash;
          expected := expected + 1;
        END LOOP;
        RETURN QUERY SELECT n, NULL::bigint, NULL::bigint, NULL::text;
      END $$`);

    // Rectification history and erasure records.
    await q.query(`
      CREATE TABLE candidate_rectifications (
        id bigserial PRIMARY KEY,
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        field text NOT NULL,
        old_value text,
        new_value text,
        reason text NOT NULL,
        organisation_id uuid NOT NULL,
        user_id text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX candidate_rectifications_candidate_idx ON candidate_rectifications (candidate_id, id)`);
    await q.query(`
      CREATE TABLE erasures (
        id bigserial PRIMARY KEY,
        candidate_id uuid NOT NULL,
        municipality_id uuid NOT NULL,
        reason text NOT NULL CHECK (reason IN ('RETENTION', 'REQUEST')),
        -- On request: the ground the young person invoked (AVG art. 17(1)).
        ground text,
        erased jsonb NOT NULL,
        organisation_id uuid,
        user_id text,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX erasures_candidate_idx ON erasures (candidate_id)`);
    await q.query(`CREATE TRIGGER erasures_append_only BEFORE UPDATE OR DELETE ON erasures FOR EACH ROW EXECUTE FUNCTION append_only()`);
    await q.query(`CREATE TRIGGER erasures_no_truncate BEFORE TRUNCATE ON erasures FOR EACH STATEMENT EXECUTE FUNCTION append_only()`);

    // Candidates: BSN (encrypted, with a keyed hash), erasure, personal fields that can be erased.
    await q.query(`ALTER TABLE candidates
      ADD COLUMN bsn_encrypted text,
      ADD COLUMN bsn_hash text,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN erased_at timestamptz,
      ADD COLUMN email text,
      ADD COLUMN phone text,
      ALTER COLUMN first_name DROP NOT NULL,
      ALTER COLUMN last_name DROP NOT NULL,
      ALTER COLUMN date_of_birth DROP NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX candidates_bsn_idx ON candidates (municipality_id, bsn_hash) WHERE bsn_hash IS NOT NULL`);
    await q.query(`ALTER TABLE referrals ALTER COLUMN situation DROP NOT NULL`);

    // Retention per municipality; when each journey closed.
    await q.query(`ALTER TABLE organisations ADD COLUMN retention_days integer CHECK (retention_days IS NULL OR retention_days BETWEEN 0 AND 36500)`);
    await q.query(`ALTER TABLE journeys ADD COLUMN closed_at timestamptz`);
    await q.query(`UPDATE journeys SET closed_at = updated_at WHERE status IN ('WITHDRAWN', 'EXITED', 'COMPLETED')`);
    await q.query(`CREATE INDEX journeys_closed_idx ON journeys (municipality_id, closed_at) WHERE closed_at IS NOT NULL`);

    // The role the API and the worker act in (DATABASE_APP_ROLE): reads and writes every table,
    // but only adds to the access log, the consent ledger and the erasure records. Made where the
    // migrating user may create roles; elsewhere a DBA makes it (see README, Privacy).
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          BEGIN
            CREATE ROLE ${APP_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object THEN NULL;
          WHEN insufficient_privilege THEN RAISE NOTICE 'cannot create role ${APP_ROLE}: a DBA makes it'; RETURN;
          END;
        END IF;
        BEGIN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN NULL;
        END;
        GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE};
        REVOKE UPDATE, DELETE, TRUNCATE ON access_log, consent_versions, erasures, schema_migrations FROM ${APP_ROLE};
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        GRANT UPDATE, DELETE ON access_log, consent_versions, erasures TO ${APP_ROLE};
      END IF; END $$`);
    await q.query(`DROP INDEX IF EXISTS journeys_closed_idx`);
    await q.query(`ALTER TABLE journeys DROP COLUMN IF EXISTS closed_at`);
    await q.query(`ALTER TABLE organisations DROP COLUMN IF EXISTS retention_days`);
    await q.query(`DROP INDEX IF EXISTS candidates_bsn_idx`);
    await q.query(`ALTER TABLE candidates DROP COLUMN IF EXISTS bsn_encrypted, DROP COLUMN IF EXISTS bsn_hash, DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS erased_at,
      DROP COLUMN IF EXISTS email, DROP COLUMN IF EXISTS phone`);
    await q.query(`DROP TABLE IF EXISTS erasures`);
    await q.query(`DROP TABLE IF EXISTS candidate_rectifications`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_verify(uuid)`);
    await q.query(`DROP TRIGGER IF EXISTS access_log_append_only ON access_log`);
    await q.query(`DROP TRIGGER IF EXISTS access_log_chain ON access_log`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_chain()`);
    await q.query(`DROP INDEX IF EXISTS access_log_chain_idx`);
    await q.query(`ALTER TABLE access_log DROP COLUMN IF EXISTS role, DROP COLUMN IF EXISTS action, DROP COLUMN IF EXISTS purpose,
      DROP COLUMN IF EXISTS chain_seq, DROP COLUMN IF EXISTS prev_hash, DROP COLUMN IF EXISTS hash`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_digest(text, access_log)`);
    await q.query(`DROP TABLE IF EXISTS consent_versions`);
    await q.query(`DROP FUNCTION IF EXISTS append_only()`);
  }
}

/** The referral's consent (libs/domain/src/privacy.ts initialGrants, as it was when this migration shipped). */
const INITIAL_GRANTS = [
  { to: { role: 'CARE_PROVIDER' }, categories: ['IDENTITY', 'CONTACT', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS'], purposes: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'] },
  { to: { role: 'REFERRER' }, categories: ['IDENTITY', 'CONTACT', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS'], purposes: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'] },
  { to: { role: 'HOST' }, categories: ['IDENTITY', 'WORK_PROFILE', 'SUPPORT_AND_HEALTH', 'PROGRESS'], purposes: ['PLACEMENT'] },
];
