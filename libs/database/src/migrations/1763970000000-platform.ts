import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations of type PLATFORM: who runs the system. Its users (role platform-admin) register
 * municipalities; like a municipality, it is its own area (municipality_id is its own id).
 */
export class Platform1763970000000 implements MigrationInterface {
  name = 'Platform1763970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_type_check,
      ADD CONSTRAINT organisations_type_check CHECK (type IN ('MUNICIPALITY', 'CARE_PROVIDER', 'SCHOOL', 'EMPLOYER', 'PLATFORM'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP CONSTRAINT organisations_type_check,
      ADD CONSTRAINT organisations_type_check CHECK (type IN ('MUNICIPALITY', 'CARE_PROVIDER', 'SCHOOL', 'EMPLOYER'))`);
  }
}
