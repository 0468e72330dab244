import { Pool } from 'pg';
import { ApiCaller, createParties } from '../../bench/http';
import { THROUGHPUT_TIME_SCALE, toPaidWork } from '../../bench/sections/throughput';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import { getJourneyQuery } from '../../libs/contracts/src/workflows/journey.messages';
import { TestCluster } from './cluster';

const JOURNEYS = 4;

/**
 * The pilot's walk, referral to paid work, on the Temporal server on PostgreSQL with two workers
 * and two APIs: one worker is killed outright mid-walk, later the Temporal server is stopped and
 * started again; every journey still arrives, the read model agrees with the workflows, both
 * workers took workflow tasks, and the search attributes find the journeys.
 */
describe('the pilot walk on a Temporal cluster', () => {
  let cluster: TestCluster;
  let db: Pool;

  beforeAll(async () => {
    cluster = await TestCluster.start();
    db = new Pool({ connectionString: cluster.databaseUrl, max: 2 });
    cluster.startWorker();
    cluster.startWorker();
    // Compressed time: the six-weekly evaluations come in about a second.
    await cluster.startApi({ JOURNEY_TIME_SCALE: THROUGHPUT_TIME_SCALE });
    await cluster.startApi({ JOURNEY_TIME_SCALE: THROUGHPUT_TIME_SCALE });
  });

  afterAll(async () => {
    await db?.end();
    await cluster?.stop();
  });

  const completed = async (): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM human_tasks WHERE status = 'COMPLETED'`)).rows[0].n);
  const until = async (what: string, ready: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await ready())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  it('arrives in paid work through a killed worker and a restarted server', async () => {
    // Each API walks half of the journeys; an inbox may wait through the server's restart.
    const callers = cluster.apis.map((api) => new ApiCaller(api.url, 300_000));
    const parties = await createParties(cluster.databaseUrl, callers[0], 'cluster', 1);
    const walks = Array.from({ length: JOURNEYS }, (_, i) => toPaidWork(callers[i % callers.length], parties, i));
    const walked = Promise.allSettled(walks);

    await until('a quarter of the walk', async () => (await completed()) >= (JOURNEYS * 21) / 4);
    const killedPid = cluster.workers[0].child.pid;
    await cluster.killWorker(0);
    const atKill = await completed();

    await until('the walk going on without the first worker', async () => (await completed()) >= atKill + 8);
    await cluster.stopServer();
    await new Promise((r) => setTimeout(r, 1000));
    await cluster.startServer();

    const results = await walked;
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const ids = results.map((r) => (r as PromiseFulfilledResult<string>).value);

    for (const id of ids) {
      const handle = cluster.client.workflow.getHandle(journeyWorkflowId(id));
      const view = await handle.query(getJourneyQuery);
      expect(view.step).toBe('PAID_WORK');
      // The read model, through the other API than the one that walked it.
      const other = callers[(ids.indexOf(id) + 1) % callers.length];
      const journey = await other.ok<{ step: string }>('GET', `/journeys/${id}`, parties.tokens.municipality);
      expect(journey.step).toBe('PAID_WORK');
    }

    // Both workers took workflow tasks: the killed one before its end, the other throughout.
    const identities = new Set<string>();
    for (const id of ids) {
      const history = await cluster.client.workflow.getHandle(journeyWorkflowId(id)).fetchHistory();
      for (const event of history.events ?? []) {
        const identity = event.workflowTaskStartedEventAttributes?.identity;
        if (identity) identities.add(identity.split('@')[0]);
      }
    }
    expect(identities).toContain(String(killedPid));
    expect(identities).toContain(String(cluster.workers[1].child.pid));

    // The journeys' search attributes are registered on the cluster's namespace and find them.
    await until('visibility to show the journeys in paid work', async () => {
      const { count } = await cluster.client.workflow.count(`JourneyStep = "PAID_WORK" AND MunicipalityId = "${parties.municipalityId}"`);
      return count === JOURNEYS;
    }, 60_000);

    // Compressed time would keep their follow-ups firing: end them.
    await Promise.all(ids.map((id) => cluster.client.workflow.getHandle(journeyWorkflowId(id)).terminate('test done')));
  });
});
