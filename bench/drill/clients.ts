/**
 * The drill's clients: each drives journeys through the API as a well-behaved integration does.
 * Every command is retried with the same Idempotency-Key until it answers 2xx (a 503, a 5xx or a
 * dropped connection: the outcome is unknown, so ask again with the same key). What succeeded is
 * recorded, so the checks can find each effect in the read model exactly once.
 */
import { randomUUID } from 'node:crypto';
import { PAYLOADS } from '../../libs/contracts/src/example-payloads';
import type { BenchParties } from '../http';

export interface CommandRecord {
  kind: 'refer' | 'complete';
  candidateId: string;
  taskId?: string;
  taskType?: string;
  key: string;
  attempts: number;
  /** When the attempt that answered 2xx was sent, and when it answered (ms since the epoch). */
  sentAt: number;
  at: number;
}

export interface ClientStats {
  commands: CommandRecord[];
  /** Every answer by status ('network' for a dropped or refused connection). */
  statuses: Record<string, number>;
  /** Answers that are no fault of the system's dependencies: 4xx other than expected, 500s. */
  unexpected: { status: string; what: string; body: string }[];
  journeysStarted: number;
  journeysFinished: number;
  /**
   * Every task an inbox showed, by `${candidateId} ${taskId}`: when it was first and last shown
   * (ms since the epoch). The checks compare them with the committed histories: a task no history
   * opened is a lost workflow task's row a person could have acted on.
   */
  shown: Record<string, { first: number; last: number }>;
}

type Who = 'municipality' | 'care' | 'employer0' | 'employer1';

interface Step {
  who: Who;
  type: string;
  payload: unknown;
  /** Sent at the same time as the step before it (several parties' completions on one journey at once). */
  together?: boolean;
}

/**
 * The walk of each journey: referral to a running placement; one employer declines, the other
 * takes the young person on; the two orientation answers and the agreement's three signatures are
 * each sent at once.
 */
function walk(p: BenchParties): Step[] {
  const [e0, e1] = p.employerIds;
  return [
    { who: 'municipality', type: 'intake.accept', payload: PAYLOADS.accept },
    { who: 'municipality', type: 'intake.meeting', payload: PAYLOADS.meeting },
    { who: 'care', type: 'profile.talents', payload: PAYLOADS.talents },
    { who: 'municipality', type: 'orientation.propose', payload: PAYLOADS.propose(e0, e1) },
    { who: 'employer1', type: 'orientation.respond', payload: PAYLOADS.declines },
    { who: 'employer0', type: 'orientation.respond', payload: PAYLOADS.accepts, together: true },
    { who: 'employer0', type: 'orientation.feedback', payload: PAYLOADS.feedback },
    { who: 'care', type: 'orientation.feedback', payload: PAYLOADS.feedback },
    { who: 'municipality', type: 'discover.conclude', payload: PAYLOADS.ready },
    { who: 'care', type: 'analyse.support-plan', payload: PAYLOADS.supportPlan },
    { who: 'municipality', type: 'analyse.match', payload: PAYLOADS.match(e0) },
    { who: 'municipality', type: 'analyse.decision', payload: PAYLOADS.approve },
    { who: 'employer0', type: 'placement.offer', payload: PAYLOADS.accepts },
    { who: 'municipality', type: 'placement.agreement', payload: PAYLOADS.sign },
    { who: 'care', type: 'placement.agreement', payload: PAYLOADS.sign, together: true },
    { who: 'employer0', type: 'placement.agreement', payload: PAYLOADS.sign, together: true },
    { who: 'employer0', type: 'placement.start', payload: PAYLOADS.start },
  ];
}

export class DrillClients {
  readonly stats: ClientStats = { commands: [], statuses: {}, unexpected: [], journeysStarted: 0, journeysFinished: 0, shown: {} };
  private stopRequested = false;
  private lanes: Promise<void>[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly parties: BenchParties,
  ) {}

  start(clients: number, journeysPerClient = Infinity): void {
    for (let i = 0; i < clients; i++) {
      this.lanes.push(
        (async () => {
          for (let n = 0; n < journeysPerClient && !this.stopRequested; n++) await this.journey(i);
        })(),
      );
    }
  }

  /** No new journeys; the ones under way are finished. */
  async finish(): Promise<void> {
    this.stopRequested = true;
    await Promise.all(this.lanes);
  }

  private token(who: Who): string {
    const t = this.parties.tokens;
    return who === 'municipality' ? t.municipality : who === 'care' ? t.care : t.employers[who === 'employer0' ? 0 : 1];
  }

  private count(status: string): void {
    this.stats.statuses[status] = (this.stats.statuses[status] ?? 0) + 1;
  }

  /** One request; a dropped connection or timeout is 'network'. */
  private async send(method: 'GET' | 'POST', path: string, token: string, key?: string, body?: unknown): Promise<{ status: string; json: unknown; text: string }> {
    try {
      const response = await fetch(this.apiUrl + path, {
        method,
        headers: { authorization: token, ...(key ? { 'idempotency-key': key, 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30000),
      });
      const text = await response.text();
      const status = String(response.status);
      this.count(status);
      return { status, text, json: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
    } catch {
      this.count('network');
      return { status: 'network', json: undefined, text: '' };
    }
  }

  /** Retries until 2xx: 503, 5xx and network errors with the same key; anything else is recorded as unexpected. */
  private async command(what: string, path: string, token: string, body: unknown): Promise<{ json: unknown; attempts: number; key: string; sentAt: number } | undefined> {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const sentAt = Date.now();
      const { status, json, text } = await this.send('POST', path, token, key, body);
      if (status.startsWith('2')) return { json, attempts: attempt, key, sentAt };
      if (status !== '503' && status !== 'network') this.stats.unexpected.push({ status, what, body: text.slice(0, 300) });
      if (!['503', 'network', '500', '502', '504'].includes(status)) return undefined;
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
    }
  }

  /** Reads the inbox until the task is there (a read may fail while a part is down). */
  private async awaitTask(who: Who, candidateId: string, type: string): Promise<string | undefined> {
    const deadline = Date.now() + 180_000;
    for (let delay = 50; Date.now() < deadline; delay = Math.min(1000, delay * 2)) {
      const { status, json } = await this.send('GET', `/tasks?journey=${candidateId}&type=${type}`, this.token(who));
      const items = status === '200' ? (json as { items: { taskId: string }[] }).items : [];
      const now = Date.now();
      for (const item of items) {
        const seen = (this.stats.shown[`${candidateId} ${item.taskId}`] ??= { first: now, last: now });
        seen.last = now;
      }
      if (items.length) return items[0].taskId;
      await new Promise((r) => setTimeout(r, delay));
    }
    this.stats.unexpected.push({ status: 'timeout', what: `${who} waiting for ${type} on ${candidateId}`, body: '' });
    return undefined;
  }

  private async journey(lane: number): Promise<void> {
    const p = this.parties;
    this.stats.journeysStarted++;
    const referral = await this.command('refer', '/referrals', p.tokens.care, {
      municipalityId: p.municipalityId,
      careProviderId: p.careProviderId,
      candidate: { firstName: `Drill${lane}`, lastName: 'Fault', dateOfBirth: '2006-05-05' },
      situation: 'Day-activities; the drill walks this journey.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    });
    if (!referral) return;
    const candidateId = (referral.json as { candidateId: string }).candidateId;
    this.stats.commands.push({ kind: 'refer', candidateId, key: referral.key, attempts: referral.attempts, sentAt: referral.sentAt, at: Date.now() });
    const steps = walk(p);
    for (let i = 0; i < steps.length; ) {
      // The step and those sent together with it.
      let end = i + 1;
      while (end < steps.length && steps[end].together) end++;
      const done = await Promise.all(steps.slice(i, end).map((step) => this.step(candidateId, step)));
      if (done.includes(false)) return;
      i = end;
    }
    this.stats.journeysFinished++;
  }

  /** Waits for the step's task in its party's inbox and completes it; false when that failed. */
  private async step(candidateId: string, step: Step): Promise<boolean> {
    const taskId = await this.awaitTask(step.who, candidateId, step.type);
    if (!taskId) return false;
    const path = `/journeys/${candidateId}/tasks/${encodeURIComponent(taskId)}/complete`;
    const done = await this.command(`${step.who} ${step.type}`, path, this.token(step.who), { payload: step.payload });
    if (!done) return false;
    this.stats.commands.push({ kind: 'complete', candidateId, taskId, taskType: step.type, key: done.key, attempts: done.attempts, sentAt: done.sentAt, at: Date.now() });
    return true;
  }
}
