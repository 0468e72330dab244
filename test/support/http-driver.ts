import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';

type InjectOptions = Parameters<NestFastifyApplication['inject']>[0] & object;

/**
 * Sends a request as a client should: a 503 is sent again as it asks (after Retry-After, the same
 * request with the same Idempotency-Key, so it takes effect once), for up to a minute on a loaded
 * machine; any other answer is returned.
 */
export async function injectRetrying503(api: NestFastifyApplication, request: InjectOptions) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const response = await api.inject(request);
    if (response.statusCode !== 503 || Date.now() > deadline) return response;
    await new Promise((r) => setTimeout(r, 1000 * Number(response.headers['retry-after'] ?? 1)));
  }
}

/** Drives journeys over HTTP as the parties do: read the inbox, complete the task. */
export class HttpParties {
  constructor(
    private readonly api: NestFastifyApplication,
    readonly tokens: Record<string, string>,
  ) {}

  /**
   * Refers as a client should: a 503 is retried as it asks, with the same request and
   * Idempotency-Key (the referral is made once), for up to a minute on a loaded machine.
   */
  async refer(who: string, body: Record<string, unknown>): Promise<string> {
    const response = await injectRetrying503(this.api, {
      method: 'POST',
      url: '/referrals',
      headers: { authorization: this.tokens[who], 'idempotency-key': randomUUID() },
      payload: body,
    });
    if (response.statusCode !== 201) throw new Error(`referral by ${who}: ${response.statusCode} ${response.body}`);
    return response.json().candidateId;
  }

  /** The party's open task of this type on the journey, waiting for timers to open it. */
  async task(who: string, candidateId: string, type: string, timeoutMs = 20000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await this.api.inject({ method: 'GET', url: `/tasks?journey=${candidateId}&type=${type}`, headers: { authorization: this.tokens[who] } });
      const items: { taskId: string }[] = response.json().items;
      if (items.length) return items[0].taskId;
      if (Date.now() > deadline) throw new Error(`${who} has no open ${type} on ${candidateId}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async complete(who: string, candidateId: string, type: string, payload: unknown): Promise<void> {
    const taskId = await this.task(who, candidateId, type);
    const response = await injectRetrying503(this.api, {
      method: 'POST',
      url: `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`,
      headers: { authorization: this.tokens[who], 'idempotency-key': randomUUID() },
      // As a client that follows the document: the body names its task type (tasks.e2e-spec.ts sends the untyped form).
      payload: { taskType: type, payload },
    });
    if (response.statusCode !== 200) throw new Error(`${who} completing ${type}: ${response.statusCode} ${response.body}`);
  }

  /** A command (a fresh Idempotency-Key). */
  post(who: string, url: string, payload: unknown) {
    return this.api.inject({ method: 'POST', url, headers: { authorization: this.tokens[who], 'idempotency-key': randomUUID() }, payload: payload as Record<string, unknown> });
  }

  get(who: string, url: string) {
    return this.api.inject({ method: 'GET', url, headers: { authorization: this.tokens[who] } });
  }
}
