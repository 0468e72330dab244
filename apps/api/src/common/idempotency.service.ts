import { HttpStatus, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { EntityManager } from 'typeorm';
import { IdempotencyKeysRepository, type KeyedCommand, type StoredKey } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import type { Principal } from '../auth/principal';
import { ProblemException, ProblemType } from '../problem/problem';
import type { Answered, IdempotentRequest } from './idempotency-key.decorator';
import { requestHash } from './request-hash';

/** How one command runs under its Idempotency-Key. */
export interface CommandSteps<T> {
  /** The status of its answer (201 for what it makes, 202 for what it starts, else 200). */
  status: number;
  /**
   * Its write in PostgreSQL, if it has one: runs once per key, in the transaction that claims the
   * key, and returns the id of what it wrote or changed.
   */
  write?: (tx: EntityManager) => Promise<string>;
  /**
   * The rest, and the answer: checks and a Temporal Update (whose Update ID makes a repeat have
   * no second effect), or reading back what `write` wrote. Runs again on a retry of a request
   * that got no answer (an error, a 503).
   */
  answer: (resourceId: string | undefined) => Promise<T>;
}

/**
 * One idempotency mechanism for every command, in one key space per organisation: the same key
 * with the same request (method, route, path parameters, body) answers the first result, replayed;
 * the same key with any other request is 422 and nothing is done. The first request that runs
 * its command claims the key; a request refused with a 4xx before anything was written lets it
 * go again, so correcting a bad request needs no new key. A key whose request got no answer (an
 * error, a 503) runs its command again: a write runs once per key, and the Temporal Update ID
 * (`${act}:${organisation}:${key}`) makes the workflow apply an act at most once.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly keys: IdempotencyKeysRepository) {}

  async run<T>(principal: Principal, request: IdempotentRequest, steps: CommandSteps<T>): Promise<Answered<T>> {
    const command: KeyedCommand = {
      organisationId: principal.organisationId,
      key: request.key,
      command: request.command,
      params: request.params,
      requestHash: requestHash(request.body),
    };
    // A concurrent twin may claim the key between our look and our claim: then look again.
    for (let look = 0; look < 3; look++) {
      // A new key is the usual case: claimed at once (one statement); a key taken already is looked up.
      if (!steps.write && (await this.keys.claim(command))) return this.finish(command, steps, undefined, true);
      const stored = await this.keys.find(command.organisationId, command.key);
      if (stored) {
        if (!sameRequest(stored, command)) throw reused(stored, command);
        if (stored.response) return { replayed: true, status: stored.response.status, body: stored.response.body as T };
        return this.finish(command, steps, stored.resourceId ?? undefined, false);
      }
      if (steps.write) {
        const write = steps.write;
        const resourceId = await this.keys.dataSource.transaction(async (tx) => {
          if (!(await this.keys.claim(command, tx))) return undefined;
          const id = await write(tx);
          await this.keys.recordResource(tx, command, id);
          return id;
        });
        if (resourceId !== undefined) return this.finish(command, steps, resourceId, true);
      }
    }
    throw new Error(`Idempotency-Key ${command.key} was claimed and let go again three times`);
  }

  private async finish<T>(command: KeyedCommand, steps: CommandSteps<T>, resourceId: string | undefined, claimed: boolean): Promise<Answered<T>> {
    try {
      const body = await steps.answer(resourceId);
      await this.keys.recordAnswer(command, steps.status, body);
      return { replayed: !claimed && resourceId !== undefined, status: steps.status, body };
    } catch (error) {
      if (claimed && resourceId === undefined && isRefusal(error)) await this.keys.release(command);
      throw error;
    }
  }
}

function sameRequest(stored: StoredKey, command: KeyedCommand): boolean {
  return stored.command === command.command && stored.requestHash === command.requestHash && isDeepStrictEqual(stored.params, command.params);
}

function reused(stored: StoredKey, command: KeyedCommand): ProblemException {
  const target = Object.entries(stored.params).reduce((route, [name, value]) => route.replace(`{${name}}`, value), stored.command);
  const sameTarget = stored.command === command.command && isDeepStrictEqual(stored.params, command.params);
  return ProblemException.conflict(
    ProblemType.IDEMPOTENCY_KEY_REUSED,
    `This Idempotency-Key was already used by your organisation for another request (${target}${sameTarget ? ' with another body' : ''}); nothing was done. Use a new key for a new request.`,
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/** The command was refused before it did anything (bad input, not found, forbidden, a conflict). */
function isRefusal(error: unknown): boolean {
  return error instanceof ProblemException && error.problem.status >= 400 && error.problem.status < 500;
}

/**
 * The Temporal Update ID of a party's act: the caller's key, scoped by organisation and act. The
 * format is frozen: running workflows keep the ids they applied.
 */
export function updateIdOf(act: string, principal: Principal, request: IdempotentRequest): string {
  return `${act}:${principal.organisationId}:${request.key}`;
}
