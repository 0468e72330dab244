import type { DataSource, EntityManager } from 'typeorm';
import { ProblemException, ProblemType } from '../problem/problem';
import { requestHash } from './request-hash';

class KeyTaken extends Error {}

/**
 * Runs a command's write at most once per Idempotency-Key: the key is claimed in the write's own
 * transaction, so a retry (or a concurrent twin) finds either nothing or the finished write. The
 * same key with another body is a 422; a failed write leaves neither the write nor the key.
 */
export async function writeOnce(
  dataSource: DataSource,
  idempotency: { scope: string; key: string; body: unknown },
  write: (tx: EntityManager) => Promise<string>,
): Promise<{ replayed: boolean; resourceId: string }> {
  const hash = requestHash(idempotency.body);
  const earlier = async (): Promise<string | undefined> => {
    const rows: { request_hash: string; resource_id: string }[] = await dataSource.query(
      'SELECT request_hash, resource_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [idempotency.scope, idempotency.key],
    );
    if (!rows.length) return undefined;
    if (rows[0].request_hash !== hash) {
      throw ProblemException.conflict(ProblemType.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for another request.', 422);
    }
    return rows[0].resource_id;
  };
  const seen = await earlier();
  if (seen) return { replayed: true, resourceId: seen };
  try {
    const resourceId = await dataSource.transaction(async (tx) => {
      const id = await write(tx);
      const claimed: unknown[] = await tx.query(
        'INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key',
        [idempotency.scope, idempotency.key, hash, id],
      );
      if (!claimed.length) throw new KeyTaken();
      return id;
    });
    return { replayed: false, resourceId };
  } catch (error) {
    // A concurrent twin with the same key may have won (its write can make ours conflict).
    const twin = await earlier();
    if (twin) return { replayed: true, resourceId: twin };
    throw error instanceof KeyTaken ? new Error('Idempotency-Key claimed and gone again') : error;
  }
}
