import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_REFERRALS, referDemoCandidates } from '../../scripts/demo-data';

/**
 * A stand-in for a busy API: /dev/tokens answers, /referrals answers 503 (as the API does when
 * Temporal is slow: "retry with the same Idempotency-Key") `busy(key)` times per key, then 201.
 */
async function busyApi(busy: (key: string) => number): Promise<{ url: string; keys: string[]; close: () => Promise<void> }> {
  const keys: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/dev/tokens') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accessToken: 'token' }));
        return;
      }
      const key = String(request.headers['idempotency-key']);
      keys.push(key);
      if (keys.filter((k) => k === key).length <= busy(key)) {
        response
          .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' })
          .end(JSON.stringify({ status: 503, detail: 'Temporal (needed to start the journey) did not answer in time. Retry after 5 seconds with the same Idempotency-Key.' }));
        return;
      }
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ candidateId: key }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, keys, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('seeding the demo data on a busy machine (npm start)', () => {
  it('does what a 503 says: retries with the same Idempotency-Key, with a growing pause, showing progress', async () => {
    const api = await busyApi((key) => (key === DEMO_REFERRALS[2].key ? 3 : 1));
    const lines: string[] = [];
    try {
      const created = await referDemoCandidates(api.url, (line) => lines.push(line), { initialDelayMs: 20 });
      expect(created).toBe(DEMO_REFERRALS.length);
      // every key sent until answered, and never another key for the same young person
      expect(api.keys).toEqual(DEMO_REFERRALS.flatMap((r, i) => Array<string>(i === 2 ? 4 : 2).fill(r.key)));
      const retries = lines.filter((l) => l.includes('retrying with the same Idempotency-Key'));
      expect(retries).toHaveLength(DEMO_REFERRALS.length + 2);
      expect(retries.filter((l) => l.includes('(Fleur)')).map((l) => /in ([\d.]+) s/.exec(l)![1])).toEqual(['0.0', '0.0', '0.1']);
      expect(retries[0]).toContain('503 Temporal (needed to start the journey) did not answer in time');
      expect(lines.filter((l) => / referred\.$/.test(l))).toHaveLength(DEMO_REFERRALS.length);
    } finally {
      await api.close();
    }
  });

  it('gives up after its bounded time, saying which referral and that a new start finishes it', async () => {
    const api = await busyApi(() => Number.POSITIVE_INFINITY);
    try {
      const started = Date.now();
      await expect(referDemoCandidates(api.url, () => undefined, { initialDelayMs: 20, timeoutMs: 300 })).rejects.toThrow(
        new RegExp(`referral 1 of ${DEMO_REFERRALS.length} \\(Sanne\\) \\(Idempotency-Key demo-referral-sanne\\) got 503 .*start again`),
      );
      expect(Date.now() - started).toBeLessThan(3000);
      expect(new Set(api.keys)).toEqual(new Set([DEMO_REFERRALS[0].key]));
    } finally {
      await api.close();
    }
  });
});
