import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (meldingen): in-app notifications per user, each user's preferences, the e-mail
 * outbox the worker's dispatcher sends from, and a user's e-mail address problem.
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // An address the mail server refused for good: shown to the organisation's admin.
    await q.query(`ALTER TABLE users ADD COLUMN email_problem text, ADD COLUMN email_problem_at timestamptz`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        language text NOT NULL,
        kinds jsonb NOT NULL,
        daily_digest boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per journey event and user: a repeated or retried notification adds nothing.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        candidate_id uuid NOT NULL,
        sequence integer NOT NULL,
        kind text NOT NULL,
        event_type text NOT NULL,
        task_id text,
        task_type text,
        due_at timestamptz,
        delivery text NOT NULL,
        title text NOT NULL,
        link text NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        digested_on date,
        UNIQUE (candidate_id, sequence, user_id)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);
    await q.query(`CREATE INDEX notifications_digest_idx ON notifications (user_id) WHERE delivery = 'DIGEST' AND digested_on IS NULL`);
    // The e-mail outbox: one row per mail, keyed by what it tells whom (an event and a user, a digest and a day).
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id),
        to_address text NOT NULL,
        language text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        message_id text NOT NULL,
        status text NOT NULL DEFAULT 'PENDING',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mail_outbox`);
    await q.query(`DROP TABLE IF EXISTS notifications`);
    await q.query(`DROP TABLE IF EXISTS notification_preferences`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS email_problem, DROP COLUMN IF EXISTS email_problem_at`);
  }
}
