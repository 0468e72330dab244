import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many days after it opens a cooperative member's monthly statement is due, as a dated rule
 * (ruleSet COOPERATIVE_STATEMENT): the national seed row keeps the ten days of before; a
 * municipality records its own through POST /venue-rules.
 */
export class StatementDueRule1764300100003 implements MigrationInterface {
  name = 'StatementDueRule1764300100003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO venue_rules (id, rule_set, variant, valid_from, valid_to, version, params, reason) VALUES ($1, 'COOPERATIVE_STATEMENT', 'DEFAULT', '2024-01-01', NULL, 1, $2, $3)`,
      ['3b0e8a52-2024-4000-8000-000000000006', JSON.stringify({ dueDays: 10 }), 'Maandopgave: tien dagen (seed)'],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM venue_rules WHERE id = '3b0e8a52-2024-4000-8000-000000000006'`);
  }
}
