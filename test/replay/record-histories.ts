/**
 * Records journey histories for the replay tests: `npm run record:histories`.
 *
 * Run it when a behaviour change ships (after guarding it with `patched()`), adding new files and
 * never rewriting old ones: every committed history must keep replaying, so journeys that are
 * running in production survive the deploy. It starts its own Temporal dev server and a worker
 * whose projection activity writes nothing (replay never runs activities).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../libs/devstack/src/ports';
import { ensureTemporalCli } from '../../libs/devstack/src/temporal-cli';
import { startTemporalDevServer } from '../../libs/devstack/src/temporal-dev-server';
import { DEFAULT_POLICY, scalePolicy } from '../../libs/domain/src/policy';
import { JOURNEY_SEARCH_ATTRIBUTES } from '../../libs/domain/src/search-attributes';
import {
  claimTaskUpdate,
  pauseJourneyUpdate,
  reassignTaskUpdate,
  reprojectJourneyUpdate,
  resumeJourneyUpdate,
  transferCareProviderUpdate,
  unclaimTaskUpdate,
  withdrawJourneyUpdate,
} from '../../libs/contracts/src/workflows/journey.messages';
import { JourneyDriver, PAYLOADS, QUIET_POLICY } from '../support/journey-driver';

const root = resolve(__dirname, '..', '..');
const OUT = join(root, 'test', 'fixtures', 'histories');
const TASK_QUEUE = 'record-histories';
const parties = {
  municipalityId: '7b000000-0000-4000-8000-000000000001',
  careProviderId: '7b000000-0000-4000-8000-000000000011',
  employerIds: ['7b000000-0000-4000-8000-000000000031', '7b000000-0000-4000-8000-000000000032'],
};

const scenarios: Record<string, (client: Client, candidateId: string) => Promise<JourneyDriver[]>> = {
  /** Referral to COMPLETED, evaluations and follow-ups fired by timers. */
  'completed-journey': async (client, candidateId) => {
    const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties);
    await j.toRunningPlacement();
    await j.evaluate();
    await j.complete('placement.outcome', PAYLOADS.paidWork);
    for (let i = 0; i < 4; i++) await j.complete('job.follow-up', PAYLOADS.employed);
    await j.handle.result();
    return [j];
  },
  /** Declines, a placement that ends, a pause; left running in discover. */
  'loops-and-pause': async (client, candidateId) => {
    const [e1, e2] = parties.employerIds;
    const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties);
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.complete('intake.meeting', PAYLOADS.meeting);
    await j.complete('profile.talents', PAYLOADS.talents);
    await j.complete('orientation.propose', PAYLOADS.propose(e1));
    await j.complete('orientation.respond', PAYLOADS.declines, e1);
    await j.complete('orientation.propose', PAYLOADS.propose(e2));
    await j.complete('orientation.respond', PAYLOADS.accepts, e2);
    await j.complete('orientation.feedback', PAYLOADS.feedback, e2);
    await j.complete('orientation.feedback', PAYLOADS.feedback, parties.careProviderId);
    await j.complete('discover.conclude', PAYLOADS.ready);
    await j.complete('analyse.support-plan', PAYLOADS.supportPlan);
    await j.complete('analyse.match', PAYLOADS.match(e2, [e1]));
    await j.complete('analyse.decision', PAYLOADS.approve);
    await j.complete('placement.offer', PAYLOADS.declines, e2);
    await j.complete('placement.offer', PAYLOADS.accepts, e1);
    for (const org of [parties.municipalityId, parties.careProviderId, e1]) await j.complete('placement.agreement', PAYLOADS.sign, org);
    await j.complete('placement.start', PAYLOADS.start);
    await j.evaluate(false);
    await j.complete('placement.outcome', PAYLOADS.end);
    await j.handle.executeUpdate(pauseJourneyUpdate, { args: [{ actor: { organisationId: parties.careProviderId } }] });
    await j.handle.executeUpdate(resumeJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId } }] });
    return [j];
  },
  /** Withdrawn in analyse. */
  withdrawn: async (client, candidateId) => {
    const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties);
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.handle.executeUpdate(withdrawJourneyUpdate, { args: [{ actor: { organisationId: parties.careProviderId }, reasonCode: 'CONSENT_REVOKED' }] });
    await j.handle.result();
    return [j];
  },
  /**
   * Timers due within milliseconds while Updates arrive, several at once: commands and timers in
   * the same workflow tasks (the case the serial projector exists for).
   */
  'timers-and-bursts': async (client, candidateId) => {
    const [e1, e2] = parties.employerIds;
    const j = await fastJourneyToOrientations(client, candidateId);
    await Promise.all([j.complete('orientation.respond', PAYLOADS.accepts, e1), j.complete('orientation.respond', PAYLOADS.accepts, e2)]);
    await Promise.all([
      j.complete('orientation.feedback', PAYLOADS.feedback, e1),
      j.complete('orientation.feedback', PAYLOADS.feedback, e2),
      j.complete('orientation.feedback', PAYLOADS.feedback, parties.careProviderId),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // reminders and escalations fire
    return [j];
  },
  /**
   * Telling people (patch 2026-11-30-notify): new tasks, reminders and escalations fired by
   * timers, a claim, a reassignment, a pause and a resume, a transfer and a withdrawal, each
   * scheduling the notify activity once its projection is written.
   */
  notifications: async (client, candidateId) => {
    const [e1, e2] = parties.employerIds;
    const j = await fastJourneyToOrientations(client, candidateId);
    await new Promise((resolve) => setTimeout(resolve, 500)); // reminders and escalations fire
    const respond = await j.task('orientation.respond', e1);
    await j.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: respond.id, actor: { organisationId: e1, userId: 'employer-1' } }] });
    await j.handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: respond.id, actor: { organisationId: parties.municipalityId }, to: { organisationId: e2, role: 'employer' } }] });
    await j.handle.executeUpdate(pauseJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId } }] });
    await j.handle.executeUpdate(resumeJourneyUpdate, { args: [{ actor: { organisationId: parties.careProviderId } }] });
    await j.handle.executeUpdate(transferCareProviderUpdate, { args: [{ actor: { organisationId: parties.municipalityId }, careProviderId: '7b000000-0000-4000-8000-000000000012' }] });
    await j.handle.executeUpdate(withdrawJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId }, reasonCode: 'CONSENT_REVOKED' }] });
    await j.handle.result();
    return [j];
  },
  /**
   * The next due time kept armed while it stays (patch 2026-11-30-kept-timer): a claim and an
   * unclaim under the armed timer, a completion that moves it, then reminders and escalations that
   * fire.
   */
  'kept-timer': async (client, candidateId) => {
    const j = await acceptedUnderArmedTimer(client, candidateId);
    await new Promise((resolve) => setTimeout(resolve, 4_500)); // the meeting's reminder and escalation fire
    await j.complete('intake.meeting', PAYLOADS.meeting);
    return [j];
  },
  /**
   * The timer loop woken only by a change of the next due time (patch 2026-11-30-narrow-wake):
   * Updates that keep the armed timer, one that moves it, a pause and a resume (the due times
   * move on), then reminders and escalations that fire.
   */
  'narrow-wake': async (client, candidateId) => {
    const j = await acceptedUnderArmedTimer(client, candidateId);
    await j.handle.executeUpdate(pauseJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId } }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await j.handle.executeUpdate(resumeJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId } }] });
    await new Promise((resolve) => setTimeout(resolve, 4_500)); // the meeting's reminder and escalation fire
    await j.complete('intake.meeting', PAYLOADS.meeting);
    return [j];
  },
  /**
   * Notices written by the projection (patch 2026-11-30-notices-in-projection): the notifications
   * scenario again, now scheduling no notify activity; a reprojection (the notice dispatcher's
   * confirmation) among the Updates.
   */
  'notices-in-projection': async (client, candidateId) => {
    const [e1, e2] = parties.employerIds;
    const j = await fastJourneyToOrientations(client, candidateId);
    await new Promise((resolve) => setTimeout(resolve, 500)); // reminders and escalations fire
    await j.handle.executeUpdate(reprojectJourneyUpdate, { args: [{ taskIds: [] }] });
    const respond = await j.task('orientation.respond', e1);
    await j.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: respond.id, actor: { organisationId: e1, userId: 'employer-1' } }] });
    await j.handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: respond.id, actor: { organisationId: parties.municipalityId }, to: { organisationId: e2, role: 'employer' } }] });
    await j.handle.executeUpdate(pauseJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId } }] });
    await j.handle.executeUpdate(resumeJourneyUpdate, { args: [{ actor: { organisationId: parties.careProviderId } }] });
    await j.handle.executeUpdate(withdrawJourneyUpdate, { args: [{ actor: { organisationId: parties.municipalityId }, reasonCode: 'CONSENT_REVOKED' }] });
    await j.handle.result();
    return [j];
  },
  /** Continue-as-new after three Updates: both runs are recorded. */
  'continued-as-new': async (client, candidateId) => {
    const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties, { ...QUIET_POLICY, maxUpdatesPerRun: 3 });
    await j.complete('intake.accept', PAYLOADS.accept);
    await j.complete('intake.meeting', PAYLOADS.meeting);
    await j.complete('profile.talents', PAYLOADS.talents);
    await j.complete('orientation.propose', PAYLOADS.propose(parties.employerIds[0]));
    return [j];
  },
};

/** A journey on timers of seconds: the intake claimed and let go under its armed timer, then accepted (which moves it). */
async function acceptedUnderArmedTimer(client: Client, candidateId: string): Promise<JourneyDriver> {
  const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties, { ...QUIET_POLICY, taskDueMs: { default: 3_000 }, reminderBeforeDueMs: 1_000, escalateAfterDueMs: 500 });
  const accept = await j.task('intake.accept');
  const coordinator = { organisationId: parties.municipalityId, userId: 'coordinator-1' };
  await j.handle.executeUpdate(claimTaskUpdate, { args: [{ taskId: accept.id, actor: coordinator }] });
  await j.handle.executeUpdate(unclaimTaskUpdate, { args: [{ taskId: accept.id, actor: coordinator }] });
  await j.complete('intake.accept', PAYLOADS.accept);
  return j;
}

/** A journey on fast timers (months in milliseconds), up to orientation requests to both employers. */
async function fastJourneyToOrientations(client: Client, candidateId: string): Promise<JourneyDriver> {
  const j = await JourneyDriver.start(client, TASK_QUEUE, candidateId, parties, scalePolicy(DEFAULT_POLICY, 2e-7));
  await j.complete('intake.accept', PAYLOADS.accept);
  await j.complete('intake.meeting', PAYLOADS.meeting);
  await j.complete('profile.talents', PAYLOADS.talents);
  await j.complete('orientation.propose', { employerIds: parties.employerIds });
  return j;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  mkdirSync(OUT, { recursive: true });
  const cli = await ensureTemporalCli(root);
  const server = await startTemporalDevServer({ cliPath: cli.path, port: await freePort(), namespace: 'default', searchAttributes: JOURNEY_SEARCH_ATTRIBUTES });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve(join(root, 'workflows')),
    activities: { projectJourney: async () => undefined, notifyParties: async () => ({ notifications: 0, mails: 0 }) },
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try {
    await worker.runUntil(async () => {
      for (const [name, scenario] of Object.entries(scenarios)) {
        if (only.length && !only.includes(name)) continue;
        const candidateId = `7b000000-0000-4000-8000-${String(Object.keys(scenarios).indexOf(name) + 1).padStart(12, '0')}`;
        const [journey] = await scenario(client, candidateId);
        // Every run of the workflow id, oldest first (continue-as-new makes more than one).
        const runs: string[] = [];
        for await (const w of client.workflow.list({ query: `WorkflowId = "${journey.handle.workflowId}"` })) runs.push(w.runId);
        runs.reverse();
        for (const [i, runId] of runs.entries()) {
          const file = join(OUT, `${name}${runs.length > 1 ? `.run-${i + 1}` : ''}.json`);
          if (existsSync(file)) {
            console.log(`kept ${file} (recorded histories are never rewritten)`);
            continue;
          }
          // The CLI's JSON export: the format Temporal's tools and historyFromJSON read.
          const json = execFileSync(cli.path, ['workflow', 'show', '--address', server.address, '-w', journey.handle.workflowId, '-r', runId, '--output', 'json'], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          writeFileSync(file, json);
          console.log(`recorded ${file} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
        }
      }
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
