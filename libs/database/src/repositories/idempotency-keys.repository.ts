import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A command as its Idempotency-Key remembers it: whose key, which command, which request. */
export interface KeyedCommand {
  organisationId: string;
  key: string;
  /** Method and route, e.g. "POST /journeys/{candidateId}/tasks/{taskId}/complete". */
  command: string;
  /** The route's path parameters. */
  params: Record<string, string>;
  /** A hash of the request body (see requestHash). */
  requestHash: string;
}

export interface StoredKey extends KeyedCommand {
  /** What the command wrote in PostgreSQL, once it has (commands that write there). */
  resourceId: string | null;
  /** The answer of a command that succeeded; null until then. */
  response: { status: number; body: unknown } | null;
}

interface KeyRow {
  organisation_id: string;
  key: string;
  command: string;
  params: Record<string, string>;
  request_hash: string;
  resource_id: string | null;
  response_status: number | null;
  response_body: unknown;
}

/**
 * The idempotency_keys table: one key space per organisation across every command. A key is
 * claimed by the first request that runs its command; it keeps the command's answer once it
 * succeeded.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  async find(organisationId: string, key: string): Promise<StoredKey | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT organisation_id, key, command, params, request_hash, resource_id, response_status, response_body
       FROM idempotency_keys WHERE organisation_id = $1 AND key = $2`,
      [organisationId, key],
    );
    const row = rows[0];
    return (
      row && {
        organisationId: row.organisation_id,
        key: row.key,
        command: row.command,
        params: row.params,
        requestHash: row.request_hash,
        resourceId: row.resource_id,
        response: row.response_status === null ? null : { status: row.response_status, body: row.response_body },
      }
    );
  }

  /**
   * Claims the key for this command, in `tx` when given (a concurrent claim of the same key waits
   * for that transaction). False when the key is taken already.
   */
  async claim(command: KeyedCommand, tx: EntityManager | DataSource = this.dataSource): Promise<boolean> {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO idempotency_keys (organisation_id, key, command, params, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id, key) DO NOTHING RETURNING key`,
      [command.organisationId, command.key, command.command, JSON.stringify(command.params), command.requestHash],
    );
    return claimed.length === 1;
  }

  /** Records what the command wrote, in the transaction that wrote it. */
  async recordResource(tx: EntityManager, command: KeyedCommand, resourceId: string): Promise<void> {
    await tx.query('UPDATE idempotency_keys SET resource_id = $3 WHERE organisation_id = $1 AND key = $2', [command.organisationId, command.key, resourceId]);
  }

  /**
   * Keeps the answer of the command once it succeeded (the first answer stays). The key is
   * claimed again if a refused twin let it go meanwhile, unless another command holds it now.
   */
  async recordAnswer(command: KeyedCommand, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO idempotency_keys (organisation_id, key, command, params, request_hash, response_status, response_body, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (organisation_id, key) DO UPDATE SET response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body, answered_at = now()
       WHERE idempotency_keys.response_status IS NULL AND idempotency_keys.command = EXCLUDED.command
         AND idempotency_keys.params = EXCLUDED.params AND idempotency_keys.request_hash = EXCLUDED.request_hash`,
      [command.organisationId, command.key, command.command, JSON.stringify(command.params), command.requestHash, status, JSON.stringify(body ?? null)],
    );
  }

  /** Lets a claimed key go again, as long as nothing was written or answered under it. */
  async release(command: KeyedCommand): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys
       WHERE organisation_id = $1 AND key = $2 AND command = $3 AND request_hash = $4 AND resource_id IS NULL AND response_status IS NULL`,
      [command.organisationId, command.key, command.command, command.requestHash],
    );
  }
}
