import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763870000000 implements MigrationInterface {
  name = 'InitialSchema1763870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('MUNICIPALITY', 'CARE_PROVIDER', 'SCHOOL', 'EMPLOYER')),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE candidates (
        id uuid PRIMARY KEY,
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        first_name text NOT NULL,
        last_name text NOT NULL,
        date_of_birth date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY,
        candidate_id uuid NOT NULL UNIQUE REFERENCES candidates (id),
        referrer_organisation_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        care_provider_id uuid REFERENCES organisations (id),
        situation text NOT NULL,
        consent_given_by text NOT NULL,
        consent_given_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE journeys (
        candidate_id uuid PRIMARY KEY REFERENCES candidates (id),
        workflow_id text NOT NULL UNIQUE,
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        care_provider_id uuid REFERENCES organisations (id),
        referrer_organisation_id uuid NOT NULL REFERENCES organisations (id),
        step text NOT NULL,
        status text NOT NULL,
        sequence integer NOT NULL,
        referred_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX journeys_municipality_step_idx ON journeys (municipality_id, step)`);
    await q.query(`
      CREATE TABLE journey_events (
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        sequence integer NOT NULL,
        type text NOT NULL,
        step text NOT NULL,
        actor_organisation_id uuid,
        actor_user_id text,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (candidate_id, sequence)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        resource_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'journey_events', 'journeys', 'referrals', 'candidates', 'organisations']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
