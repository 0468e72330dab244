/**
 * The read model of many journeys, fast: a few template journeys are decided by the journey
 * state machine and written by the real projection activity (journeys, timeline, tasks; the
 * pipeline trigger derives the pipeline_* rows), then cloned set-based with generate_series.
 * Each clone gets its own candidate id and workflow id and has every timestamp shifted back by
 * 0-179 days, so cohorts, flow times and due dates spread out. Triggers and foreign keys are off
 * while cloning (session_replication_role = replica): the pipeline rows are cloned from the
 * templates', which is what pipeline_refresh would derive from the cloned timeline.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Log } from '../libs/devstack/src/child-process';
import { createJourneyActivities } from '../activities/journey/journey.activities';
import { dataSourceOptions } from '../libs/database/src/data-source';
import { initialState } from '../libs/domain/src/engine';
import '../libs/domain/src/method/four-step';
import { scriptedProjection } from '../workflows/journey/journey.projection';
import { PAYLOADS } from '../libs/contracts/src/example-payloads';
import { ScriptedJourney } from './scripted-journey';

const DAY = 24 * 60 * 60 * 1000;
/** Tables with one or more rows per journey, keyed by candidate_id. */
const TABLES = ['candidates', 'journeys', 'journey_events', 'human_tasks', 'pipeline_step_visits', 'pipeline_outcomes', 'pipeline_progress'];

export interface SeedParties {
  municipalityId: string;
  careProviderId: string;
  employerIds: string[];
}

/** Six journeys, one at each stage from a fresh referral to paid work. Returns their candidate ids. */
async function writeTemplates(databaseUrl: string, parties: SeedParties): Promise<string[]> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    const { projectJourney } = createJourneyActivities({ dataSource });
    const [employer] = parties.employerIds;
    const { municipalityId: m, careProviderId: c } = parties;
    // Days after the referral; each stage goes on from the one before.
    const stages: ((s: ScriptedJourney) => Promise<unknown>)[] = [
      async () => undefined,
      async (s) => (await (await s.at(1)).complete('intake.accept', PAYLOADS.accept)).complete('intake.meeting', PAYLOADS.meeting),
      async (s) => {
        await stages[1](s);
        await (await s.at(4)).complete('profile.talents', PAYLOADS.talents);
        await (await s.complete('orientation.propose', PAYLOADS.propose(employer))).complete('orientation.respond', PAYLOADS.accepts, employer);
        await (await (await s.at(18)).complete('orientation.feedback', PAYLOADS.feedback, employer)).complete('orientation.feedback', PAYLOADS.feedback, c);
      },
      async (s) => {
        await stages[2](s);
        await (await s.at(20)).complete('discover.conclude', PAYLOADS.ready);
      },
      async (s) => {
        await stages[3](s);
        await (await s.at(27)).complete('analyse.support-plan', PAYLOADS.supportPlan);
        await (await s.complete('analyse.match', PAYLOADS.match(employer))).complete('analyse.decision', PAYLOADS.approve);
        await (await s.at(30)).complete('placement.offer', PAYLOADS.accepts, employer);
        for (const org of [m, c, employer]) await s.complete('placement.agreement', PAYLOADS.sign, org);
        await (await s.at(35)).complete('placement.start', PAYLOADS.start);
      },
      async (s) => {
        await stages[4](s);
        await s.at(80);
        await s.complete('placement.evaluation', PAYLOADS.evaluation, employer);
        await s.complete('placement.evaluation', PAYLOADS.evaluation, c);
        await (await s.at(81)).complete('placement.outcome', PAYLOADS.paidWork);
      },
    ];
    const ids: string[] = [];
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      for (const stage of stages) {
        const candidateId = randomUUID();
        await db.query(`INSERT INTO candidates (id, municipality_id, first_name, last_name, date_of_birth) VALUES ($1, $2, 'Seed', 'Template', '2006-01-01')`, [candidateId, m]);
        const referredAt = new Date(Date.now() - 200 * DAY).toISOString();
        const first = initialState({ candidateId, municipalityId: m, careProviderId: c, referrerOrganisationId: c, referredAt, policy: { evaluationsBeforeOutcome: 1 } }, referredAt);
        await projectJourney(scriptedProjection(0, first));
        await stage(new ScriptedJourney(projectJourney, candidateId, first.state, Date.parse(referredAt)));
        ids.push(candidateId);
      }
    } finally {
      await db.end();
    }
    return ids;
  } finally {
    await dataSource.destroy();
  }
}

/** How often each template is cloned, out of 20: early steps are the most common. */
const MIX = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5];

/** Seeds `count` journeys of the municipality into the read model; returns how long it took. */
export async function seedReadModel(databaseUrl: string, parties: SeedParties, count: number, log: Log): Promise<number> {
  const started = Date.now();
  const templates = await writeTemplates(databaseUrl, parties);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const columns = new Map<string, { name: string; type: string }[]>();
    for (const table of TABLES) {
      const { rows } = await db.query(`SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table]);
      columns.set(table, rows);
    }
    const expr = (table: string, c: { name: string; type: string }): string => {
      const key = table === 'candidates' ? 'id' : 'candidate_id';
      if (c.name === key) return 'm.id';
      if (c.name === 'workflow_id') return `'journey-' || m.id`;
      if (c.type === 'timestamp with time zone') return `t.${c.name} - m.shift`;
      return `t.${c.name}`;
    };
    const clones = count - templates.length;
    const chunk = 20000;
    await db.query(`CREATE TEMP TABLE bench_clone (id uuid PRIMARY KEY, template uuid NOT NULL, shift interval NOT NULL)`);
    for (let from = 0; from < clones; from += chunk) {
      const n = Math.min(chunk, clones - from);
      await db.query('BEGIN');
      await db.query(`SET LOCAL session_replication_role = replica`);
      await db.query('TRUNCATE bench_clone');
      await db.query(
        `INSERT INTO bench_clone SELECT gen_random_uuid(), ($1::uuid[])[1 + ((i + $3) % ${MIX.length})], make_interval(days => (i + $3) % 180)
         FROM generate_series(1, $2::int) i`,
        [MIX.map((t) => templates[t]), n, from],
      );
      for (const table of TABLES) {
        const cols = columns.get(table)!;
        const key = table === 'candidates' ? 'id' : 'candidate_id';
        await db.query(`INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) SELECT ${cols.map((c) => expr(table, c)).join(', ')} FROM ${table} t JOIN bench_clone m ON t.${key} = m.template`);
      }
      await db.query('COMMIT');
      log(`  seeded ${from + n + templates.length}/${count} journeys (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    await db.query('DROP TABLE bench_clone');
    // The clones bypassed the triggers: sum the summary's aggregates once, as a migration's backfill does.
    await db.query(`SELECT pipeline_aggregates_rebuild(m) FROM (SELECT DISTINCT municipality_id AS m FROM journeys) ms`);
    await db.query(`SELECT pipeline_aggregates_fold()`);
    await db.query(`ANALYZE ${TABLES.join(', ')}`);
  } finally {
    await db.end();
  }
  return Date.now() - started;
}
