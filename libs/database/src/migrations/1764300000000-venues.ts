import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * Placement venues: a host organisation (type EMPLOYER) has a venue kind and its kind's data;
 * the dated rule table (national rows and a municipality's own, each correction a new version
 * with who and why; append-only for the API's role) seeded with the 2024 figures; a social
 * cooperative's members (joined with the municipality's recorded consent) and their monthly
 * statements (a correction is a new version with its reason).
 */
export class Venues1764300000000 implements MigrationInterface {
  name = 'Venues1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN venue_kind text CHECK (venue_kind IN ('REGULAR_EMPLOYER', 'SOCIAL_COOPERATIVE', 'SOCIAL_FIRM', 'FLEX_WORKSPACE'))`);
    await q.query(`ALTER TABLE organisations ADD COLUMN venue_data jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE organisations SET venue_kind = 'REGULAR_EMPLOYER' WHERE type = 'EMPLOYER'`);
    // A host registered without a kind (the organisations endpoint, older scripts) is a regular employer.
    await q.query(`
      CREATE FUNCTION organisations_default_venue_kind() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'EMPLOYER' AND NEW.venue_kind IS NULL THEN NEW.venue_kind := 'REGULAR_EMPLOYER'; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER organisations_venue_kind BEFORE INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION organisations_default_venue_kind()`);
    await q.query(`ALTER TABLE organisations ADD CONSTRAINT organisations_venue_kind_host CHECK ((type = 'EMPLOYER') = (venue_kind IS NOT NULL))`);

    await q.query(`
      CREATE TABLE venue_rules (
        id uuid PRIMARY KEY,
        municipality_id uuid REFERENCES organisations (id),
        rule_set text NOT NULL,
        variant text NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        version integer NOT NULL CHECK (version >= 1),
        params jsonb NOT NULL,
        recorded_by_organisation_id uuid,
        recorded_by_user_id text,
        reason text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CHECK (version = 1 OR reason IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX venue_rules_version_idx ON venue_rules (coalesce(municipality_id, '00000000-0000-0000-0000-000000000000'), rule_set, variant, valid_from, version)`);
    await q.query(`CREATE INDEX venue_rules_set_idx ON venue_rules (rule_set, variant, valid_from)`);
    // The 2024 figures, national (no municipality): the code knows none of them.
    for (const [id, ruleSet, variant, params] of SEED_RULES) {
      await q.query(`INSERT INTO venue_rules (id, rule_set, variant, valid_from, valid_to, version, params, reason) VALUES ($1, $2, $3, '2024-01-01', NULL, 1, $4, $5)`, [
        id,
        ruleSet,
        variant,
        JSON.stringify(params),
        'Landelijke bedragen 2024 (seed)',
      ]);
    }

    await q.query(`
      CREATE TABLE cooperative_members (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        candidate_id uuid NOT NULL,
        joined_on date NOT NULL,
        decision_date date NOT NULL,
        legal_basis text NOT NULL,
        plan_reference text NOT NULL,
        single_parent boolean NOT NULL,
        medical_hour_limitation boolean NOT NULL,
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (venue_id, candidate_id)
      )`);
    await q.query(`CREATE INDEX cooperative_members_municipality_idx ON cooperative_members (municipality_id)`);
    await q.query(`
      CREATE TABLE cooperative_statements (
        id uuid PRIMARY KEY,
        member_id uuid NOT NULL REFERENCES cooperative_members (id),
        venue_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        version integer NOT NULL CHECK (version >= 1),
        hours_worked_hundredths integer NOT NULL CHECK (hours_worked_hundredths BETWEEN 0 AND 74400),
        revenue_invoiced_cents integer NOT NULL CHECK (revenue_invoiced_cents >= 0),
        revenue_received_cents integer NOT NULL CHECK (revenue_received_cents >= 0),
        declared_costs_cents integer NOT NULL CHECK (declared_costs_cents >= 0),
        reserve_deposit_cents integer NOT NULL CHECK (reserve_deposit_cents >= 0),
        reserve_spending_cents integer NOT NULL CHECK (reserve_spending_cents >= 0),
        reserve_spending_purpose text CHECK (reserve_spending_purpose IN ('INVESTMENT', 'TRAINING')),
        payout_cents integer NOT NULL CHECK (payout_cents >= 0),
        net_result_cents integer NOT NULL,
        correction_reason text,
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (member_id, month, version),
        CHECK (version = 1 OR correction_reason IS NOT NULL),
        CHECK (reserve_spending_cents = 0 OR reserve_spending_purpose IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX cooperative_statements_month_idx ON cooperative_statements (municipality_id, month)`);

    // The rule table and the statements are append-only for the API's role: a correction is a new version.
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT ON venue_rules, cooperative_members, cooperative_statements TO ${APP_ROLE};
          GRANT UPDATE ON cooperative_members TO ${APP_ROLE};
          REVOKE UPDATE, DELETE, TRUNCATE ON venue_rules, cooperative_statements FROM ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS cooperative_statements`);
    await q.query(`DROP TABLE IF EXISTS cooperative_members`);
    await q.query(`DROP TABLE IF EXISTS venue_rules`);
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT IF EXISTS organisations_venue_kind_host`);
    await q.query(`DROP TRIGGER IF EXISTS organisations_venue_kind ON organisations`);
    await q.query(`DROP FUNCTION IF EXISTS organisations_default_venue_kind()`);
    await q.query(`ALTER TABLE organisations DROP COLUMN IF EXISTS venue_data, DROP COLUMN IF EXISTS venue_kind`);
  }
}

/** The 2024 seed rows: earnings exemption (Participatiewet art. 31), Social Firm and flex-work space defaults. */
const SEED_RULES: [string, string, string, Record<string, unknown>][] = [
  ['3b0e8a52-2024-4000-8000-000000000001', 'EARNINGS_EXEMPTION', 'STANDARD', { basisPoints: 2500, monthlyCapCents: 26400, maxMonths: 6, minAge: 27 }],
  ['3b0e8a52-2024-4000-8000-000000000002', 'EARNINGS_EXEMPTION', 'SINGLE_PARENT', { basisPoints: 1250, monthlyCapCents: 16473, maxMonths: 30, minAge: null }],
  ['3b0e8a52-2024-4000-8000-000000000003', 'EARNINGS_EXEMPTION', 'MEDICAL', { basisPoints: 1500, monthlyCapCents: 16707, maxMonths: null, minAge: null }],
  ['3b0e8a52-2024-4000-8000-000000000004', 'SOCIAL_FIRM', 'DEFAULT', { targetBasisPoints: 5000, marketBasisPoints: 500, jobHoursHundredths: 2550 }],
  [
    '3b0e8a52-2024-4000-8000-000000000005',
    'FLEX_WORKSPACE',
    'DEFAULT',
    { monthlyGoalCents: 10000, contributionThresholdCents: 50000, contributionBasisPoints: 2000, outflowThresholdCents: 150000, months: 3 },
  ],
];
