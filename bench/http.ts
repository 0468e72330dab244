/**
 * The parties over real HTTP (fetch, keep-alive), as a browser or integration would call the API:
 * organisations and users made in SQL, tokens from the development endpoint.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { OrganisationType } from '../libs/domain/src/organisation';
import { sendCommand } from '../scripts/send-command';

export interface BenchParties {
  municipalityId: string;
  careProviderId: string;
  employerIds: string[];
  tokens: { municipality: string; care: string; employers: string[] };
}

export class ApiCaller {
  /** `taskTimeoutMs`: how long `complete` waits for a task to show in the inbox. */
  constructor(
    readonly url: string,
    private readonly taskTimeoutMs = 30000,
  ) {}

  /** 503 answers retried (with the same Idempotency-Key, as the API asks) since this caller was made. */
  retries = 0;

  async call(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const key = randomUUID();
    // Overloaded (a dependency took longer than DEPENDENCY_TIMEOUT_MS): retried as a client would, with the same key.
    const response = await sendCommand(
      () =>
        fetch(this.url + path, {
          method,
          headers: {
            authorization: token,
            ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': key }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      { timeoutMs: Math.max(60_000, this.taskTimeoutMs), initialDelayMs: 500, maxDelayMs: 5000, onRetry: () => void this.retries++ },
    );
    const text = await response.text();
    return { status: response.status, json: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }

  async ok<T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<T> {
    const { status, json } = await this.call(method, path, token, body);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
    return json as T;
  }

  refer(parties: BenchParties, firstName = 'Bench'): Promise<{ candidateId: string }> {
    return this.ok('POST', '/referrals', parties.tokens.care, {
      municipalityId: parties.municipalityId,
      careProviderId: parties.careProviderId,
      candidate: { firstName, lastName: 'Benchmark', dateOfBirth: '2006-05-05' },
      situation: 'Day-activities; wants to try work.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    });
  }

  /** Open tasks of this type on the journey in the caller's inbox (one read). */
  async inbox(token: string, candidateId: string, type: string): Promise<{ taskId: string }[]> {
    return (await this.ok<{ items: { taskId: string }[] }>('GET', `/tasks?journey=${candidateId}&type=${type}`, token)).items;
  }

  /** Polls the inbox until the task shows up. */
  async awaitTask(token: string, candidateId: string, type: string, timeoutMs = this.taskTimeoutMs, counted?: { reads: number }): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 0; ; delay = Math.min(50, delay + 2)) {
      if (counted) counted.reads++;
      const items = await this.inbox(token, candidateId, type);
      if (items.length) return items[0].taskId;
      if (Date.now() > deadline) throw new Error(`no open ${type} on ${candidateId} within ${timeoutMs} ms`);
      if (delay) await new Promise((r) => setTimeout(r, delay));
    }
  }

  completeTask(token: string, candidateId: string, taskId: string, payload: unknown): Promise<unknown> {
    return this.ok('POST', `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`, token, { payload });
  }

  /** Waits for the party's task of this type, then completes it. */
  async complete(token: string, candidateId: string, type: string, payload: unknown): Promise<void> {
    await this.completeTask(token, candidateId, await this.awaitTask(token, candidateId, type), payload);
  }
}

/** A municipality with a care provider and employers, each with one user and a token. */
export async function createParties(databaseUrl: string, api: ApiCaller, label: string, employers = 2): Promise<BenchParties> {
  const db = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const municipalityId = randomUUID();
    const careProviderId = randomUUID();
    const employerIds = Array.from({ length: employers }, () => randomUUID());
    const orgs: [string, OrganisationType, string][] = [
      [municipalityId, OrganisationType.MUNICIPALITY, 'coordinator'],
      [careProviderId, OrganisationType.CARE_PROVIDER, 'support-worker'],
      ...employerIds.map((id): [string, OrganisationType, string] => [id, OrganisationType.EMPLOYER, 'employer']),
    ];
    const tokens: string[] = [];
    for (const [id, type, role] of orgs) {
      await db.query('INSERT INTO organisations (id, name, type, municipality_id) VALUES ($1, $2, $3, $4)', [id, `Bench ${label} ${type.toLowerCase()} ${id.slice(0, 6)}`, type, municipalityId]);
      const userId = randomUUID();
      await db.query('INSERT INTO users (id, organisation_id, subject, name, roles) VALUES ($1, $2, $3, $3, $4)', [userId, id, `bench-${role}-${id.slice(0, 8)}`, [role]]);
      const minted = await fetch(`${api.url}/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
      if (!minted.ok) throw new Error(`minting a token failed: ${minted.status} ${await minted.text()}`);
      tokens.push(`Bearer ${((await minted.json()) as { accessToken: string }).accessToken}`);
    }
    return { municipalityId, careProviderId, employerIds, tokens: { municipality: tokens[0], care: tokens[1], employers: tokens.slice(2) } };
  } finally {
    await db.end();
  }
}
