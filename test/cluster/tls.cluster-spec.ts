import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiCaller, createParties } from '../../bench/http';
import { THROUGHPUT_TIME_SCALE, toPaidWork } from '../../bench/sections/throughput';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import { connectClient } from '../../libs/temporal/src/connection';
import type { TemporalSettings } from '../../libs/temporal/src/settings';
import { getJourneyQuery } from '../../libs/contracts/src/workflows/journey.messages';
import { makeTestCertificates, type TestCertificates } from '../support/certificates';
import { NAMESPACE, TestCluster } from './cluster';

/**
 * The system on a Temporal server that speaks only mutual TLS: its frontend has a certificate of
 * a private CA for a name other than the address, and refuses a client without a certificate that
 * CA signed. The worker and the API connect with the TEMPORAL_TLS_* settings as an operator would
 * set them, and a journey walks to paid work.
 */
describe('the system on a Temporal server with mutual TLS', () => {
  let dir: string;
  let certs: TestCertificates;
  let cluster: TestCluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'placement-certs-'));
    certs = makeTestCertificates(dir, 'temporal.placement.test', ['system-worker', 'placement-app']);
    cluster = await TestCluster.start({
      tls: {
        certFile: certs.server.certFile,
        keyFile: certs.server.keyFile,
        caFile: certs.caFile,
        serverName: certs.serverName,
        clientCaFile: certs.caFile,
        systemWorker: certs.clients['system-worker'],
        client: certs.clients['placement-app'],
      },
    });
    cluster.startWorker();
    await cluster.startApi({ JOURNEY_TIME_SCALE: THROUGHPUT_TIME_SCALE });
  });

  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const settings = (extra: Partial<TemporalSettings>): TemporalSettings => ({ address: cluster.address, namespace: NAMESPACE, ...extra });

  it('the worker and the API connect with the TEMPORAL_TLS_* settings and a journey arrives in paid work', async () => {
    const api = new ApiCaller(cluster.apis[0].url, 120_000);
    const parties = await createParties(cluster.databaseUrl, api, 'tls', 1);
    const id = await toPaidWork(api, parties, 0);

    const handle = cluster.client.workflow.getHandle(journeyWorkflowId(id));
    expect((await handle.query(getJourneyQuery)).step).toBe('PAID_WORK');
    expect((await api.ok<{ step: string }>('GET', `/journeys/${id}`, parties.tokens.municipality)).step).toBe('PAID_WORK');
    await handle.terminate('test done');
  });

  it('refuses a client without a certificate, with a certificate of another CA, in plain text, or expecting another name', async () => {
    const trusted = { tlsCaFile: certs.caFile, tlsServerName: certs.serverName };
    const app = { tlsCertFile: certs.clients['placement-app'].certFile, tlsKeyFile: certs.clients['placement-app'].keyFile };
    await expect(connectClient(settings(trusted), 5000)).rejects.toThrow();
    await expect(connectClient(settings({ ...trusted, tlsCertFile: certs.stranger.certFile, tlsKeyFile: certs.stranger.keyFile }), 5000)).rejects.toThrow();
    await expect(connectClient(settings({}), 5000)).rejects.toThrow();
    // The client checks the server too: a certificate that is not for the name it expects is refused.
    await expect(connectClient(settings({ ...trusted, ...app, tlsServerName: 'temporal.elsewhere.test' }), 5000)).rejects.toThrow();
    // The same client with the application's certificate is let in.
    const client = await connectClient(settings({ ...trusted, ...app }), 5000);
    try {
      const { count } = await client.workflow.count('');
      expect(count).toBeGreaterThanOrEqual(1);
    } finally {
      await client.connection.close();
    }
  });
});
