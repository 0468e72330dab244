import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * The flex-work space: half-day slots whose bookings never exceed their seats (the social share
 * and the market's apart), held by the database itself: a booking raises the slot's count under
 * the row's lock and the checks refuse a count above the seats, whatever the application does.
 * Each participant's monthly net revenue (a correction is a new version with its reason) and the
 * central services participants offer at a social and a market rate.
 */
export class FlexWorkspace1764300000002 implements MigrationInterface {
  name = 'FlexWorkspace1764300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flex_slots (
        venue_id uuid NOT NULL REFERENCES organisations (id),
        day date NOT NULL,
        part text NOT NULL CHECK (part IN ('MORNING', 'AFTERNOON')),
        seats integer NOT NULL CHECK (seats >= 0),
        social_seats integer NOT NULL CHECK (social_seats BETWEEN 0 AND seats),
        booked_social integer NOT NULL DEFAULT 0,
        booked_market integer NOT NULL DEFAULT 0,
        PRIMARY KEY (venue_id, day, part),
        CONSTRAINT flex_slots_social_capacity CHECK (booked_social BETWEEN 0 AND social_seats),
        CONSTRAINT flex_slots_market_capacity CHECK (booked_market BETWEEN 0 AND seats - social_seats)
      )`);
    await q.query(`
      CREATE TABLE flex_bookings (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL,
        day date NOT NULL,
        part text NOT NULL,
        tenant_kind text NOT NULL CHECK (tenant_kind IN ('SOCIAL', 'MARKET')),
        candidate_id uuid,
        tenant_name text,
        booked_by_organisation_id uuid NOT NULL,
        booked_by_user_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (venue_id, day, part) REFERENCES flex_slots (venue_id, day, part),
        CHECK ((tenant_kind = 'SOCIAL') = (candidate_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX flex_bookings_slot_idx ON flex_bookings (venue_id, day, part)`);
    await q.query(`
      CREATE TABLE flex_revenue (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        candidate_id uuid NOT NULL,
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        version integer NOT NULL CHECK (version >= 1),
        net_revenue_cents integer NOT NULL CHECK (net_revenue_cents >= 0),
        correction_reason text,
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (venue_id, candidate_id, month, version),
        CHECK (version = 1 OR correction_reason IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE flex_services (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        candidate_id uuid NOT NULL,
        name text NOT NULL,
        social_rate_cents integer NOT NULL CHECK (social_rate_cents >= 0),
        market_rate_cents integer NOT NULL CHECK (market_rate_cents >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE ON flex_slots, flex_bookings, flex_services TO ${APP_ROLE};
          GRANT SELECT, INSERT ON flex_revenue TO ${APP_ROLE};
          REVOKE UPDATE, DELETE, TRUNCATE ON flex_revenue FROM ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS flex_services`);
    await q.query(`DROP TABLE IF EXISTS flex_revenue`);
    await q.query(`DROP TABLE IF EXISTS flex_bookings`);
    await q.query(`DROP TABLE IF EXISTS flex_slots`);
  }
}
